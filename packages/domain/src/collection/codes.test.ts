import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACCOUNTING_POSITIONS,
  ACCOUNTING_POSTS,
  codeName,
  COLLECTION_SCOPES,
  DEGREES,
  EDUCATION_LEVELS,
  educationRank,
  ETHNICITIES,
  INDUSTRIES,
  MAJORS,
  POLITICAL_STATUSES,
  POST_LEVELS,
  STUDY_MODES,
  UNIT_TYPES,
  type CodeTable,
  type EducationLevel,
} from './codes';
import { codeEnum, ZCollectionScope, ZEducationLevel, ZEthnicity } from './code-enums';

const TABLES: Record<string, CodeTable> = {
  POLITICAL_STATUSES,
  ETHNICITIES,
  STUDY_MODES,
  EDUCATION_LEVELS,
  DEGREES,
  MAJORS,
  UNIT_TYPES,
  INDUSTRIES,
  POST_LEVELS,
  ACCOUNTING_POSITIONS,
  ACCOUNTING_POSTS,
  COLLECTION_SCOPES,
};

describe('code tables', () => {
  it.each(Object.entries(TABLES))('%s has unique, non-empty codes and names', (_name, table) => {
    expect(table.length).toBeGreaterThan(0);
    expect(new Set(table.map((x) => x.code)).size).toBe(table.length);
    expect(new Set(table.map((x) => x.name)).size).toBe(table.length);
    for (const x of table) {
      expect(typeof x.code).toBe('string');
      expect(x.code.length).toBeGreaterThan(0);
      expect(x.name.length).toBeGreaterThan(0);
    }
  });

  it('政治面貌 uses the seed names and the GB/T 4762 codes', () => {
    expect(POLITICAL_STATUSES).toHaveLength(12);
    expect(codeName(POLITICAL_STATUSES, '01')).toBe('中共党员(含中共预备党员)');
    expect(codeName(POLITICAL_STATUSES, '03')).toBe('共青团员');
    expect(codeName(POLITICAL_STATUSES, '12')).toBe('无党派人士');
    expect(codeName(POLITICAL_STATUSES, '13')).toBe('群众');
    // the eight democratic parties
    expect(POLITICAL_STATUSES.filter((x) => Number(x.code) >= 4 && Number(x.code) <= 11)).toHaveLength(8);
  });

  it('民族 has the 56 nationalities of GB 3304 with 2-digit codes, then 97 and 98', () => {
    expect(ETHNICITIES).toHaveLength(58);
    expect(ETHNICITIES.slice(0, 56).map((x) => x.code)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(codeName(ETHNICITIES, '01')).toBe('汉族');
    expect(codeName(ETHNICITIES, '05')).toBe('维吾尔族');
    expect(codeName(ETHNICITIES, '56')).toBe('基诺族');
    expect(codeName(ETHNICITIES, '97')).toBe('其他');
    expect(codeName(ETHNICITIES, '98')).toBe('外国血统中国籍人士');
    for (const x of ETHNICITIES.slice(0, 56)) expect(x.name.endsWith('族')).toBe(true);
  });

  it('学历 are ordered highest first with decreasing ranks', () => {
    expect(EDUCATION_LEVELS.map((x) => x.name)).toEqual(['博士研究生', '硕士研究生', '研究生班', '本科', '大专', '中专(中技)', '高中', '初中及以下']);
    const ranks = EDUCATION_LEVELS.map((x) => x.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(educationRank('bachelor')).toBeGreaterThan(educationRank('junior_college'));
    expect(educationRank('junior_college')).toBeGreaterThan(educationRank('high_school'));
    expect(educationRank('nonsense')).toBe(0);
  });

  it('培养方式, 学位 and 会计专业职务 have the agreed codes', () => {
    expect(STUDY_MODES.map((x) => x.code)).toEqual(['full_time', 'part_time', 'abroad']);
    expect(DEGREES.map((x) => [x.code, x.name])).toEqual([
      ['doctor', '博士'],
      ['master', '硕士'],
      ['bachelor', '学士'],
      ['second_bachelor', '第二学士'],
      ['none', '无'],
    ]);
    expect(ACCOUNTING_POSTS.map((x) => x.name)).toEqual(['会计员', '助理会计师', '会计师', '高级会计师', '正高级会计师']);
  });

  it('所属行业 are the 20 门类 of GB/T 4754-2017', () => {
    expect(INDUSTRIES.map((x) => x.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(codeName(INDUSTRIES, 'A')).toBe('农、林、牧、渔业');
    expect(codeName(INDUSTRIES, 'I')).toBe('信息传输、软件和信息技术服务业');
    expect(codeName(INDUSTRIES, 'S')).toBe('公共管理、社会保障和社会组织');
    expect(codeName(INDUSTRIES, 'T')).toBe('国际组织');
  });

  it('单位类型 hold the seed examples; 岗位 follow 会计基础工作规范', () => {
    const unitNames = UNIT_TYPES.map((x) => x.name);
    expect(unitNames).toContain('中央行政单位');
    expect(unitNames).toContain('省国资委管理国有控股上市公司');
    expect(POST_LEVELS.map((x) => x.name)).toContain('一般会计人员');
    const positions = ACCOUNTING_POSITIONS.map((x) => x.name);
    for (const p of ['出纳', '稽核', '总账报表', '档案管理', '会计机构负责人或者会计主管人员', '收入、支出、债权、债务核算']) expect(positions).toContain(p);
  });

  it('专业 suggestions use the name as the code', () => {
    expect(MAJORS.length).toBeGreaterThanOrEqual(35);
    for (const m of ['会计学', '财务管理', '审计学', '税收学', '大数据与会计', '财务会计']) expect(codeName(MAJORS, m)).toBe(m);
    for (const x of MAJORS) expect(x.code).toBe(x.name);
  });

  it('采集范围 are the five scopes with their full text and a hint', () => {
    expect(COLLECTION_SCOPES.map((x) => x.code)).toEqual([
      'accountant',
      'qualified_non_accountant',
      'junior_exam_candidate',
      'doctor_intermediate_candidate',
      'other_intermediate_candidate',
    ]);
    expect(COLLECTION_SCOPES.map((x) => x.name.slice(0, 3))).toEqual(['（一）', '（二）', '（三）', '（四）', '（五）']);
    expect(codeName(COLLECTION_SCOPES, 'qualified_non_accountant')).toBe('（二）不从事第（一）项所列具体会计工作但具有会计专业技术资格的人员。');
    expect(codeName(COLLECTION_SCOPES, 'doctor_intermediate_candidate')).toContain('具有博士学位拟报名中级会计专业技术资格考试');
    for (const s of COLLECTION_SCOPES) expect(s.hint.length).toBeGreaterThan(0);
  });
});

describe('codeName', () => {
  it('gives the name, or the code itself when unknown', () => {
    expect(codeName(DEGREES, 'master')).toBe('硕士');
    expect(codeName(DEGREES, 'legacy_value')).toBe('legacy_value');
    expect(codeName(DEGREES, '')).toBe('');
  });
});

describe('codeEnum', () => {
  it('accepts the codes of its table only, with one message for every refusal', () => {
    const ZDegreeLike = codeEnum(DEGREES, '请选择学位');
    expect(ZDegreeLike.parse('none')).toBe('none');
    for (const bad of ['', '博士', 'DOCTOR', undefined, null, 1]) {
      const r = ZDegreeLike.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('请选择学位');
    }
  });

  it('types its output as the union of codes', () => {
    expectTypeOf(ZEducationLevel.parse('bachelor')).toEqualTypeOf<EducationLevel>();
    expect(ZEthnicity.safeParse('98').success).toBe(true);
    expect(ZEthnicity.safeParse('57').success).toBe(false);
    expect(ZCollectionScope.safeParse('accountant').success).toBe(true);
    expect(ZCollectionScope.safeParse('x').error?.issues[0]?.message).toBe('请选择采集范围');
  });
});
