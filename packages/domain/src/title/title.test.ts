import { describe, expect, it } from 'vitest';
import { countsForIntermediateExam, otherTypeHasLevel, OTHER_QUALIFICATION_TYPES, presetForLevel, qualificationPartRequired, titleSchemas, TITLE_PROOF_RULE } from './index';
import { checkUpload } from '../uploads';

const now = () => new Date('2026-06-01T04:00:00Z');
const { ZAccountingTitleRequest, ZOtherQualificationRequest } = titleSchemas(now);
const messages = (schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
};

const junior = {
  level: 'junior',
  qualificationMethod: 'exam',
  passDate: '2019-09-24',
  qualificationCertificateNo: '20193710012345',
  rank: 'assistant',
  titleMethod: 'exam',
  titleCertificateNo: '20193710012345',
  proofFileId: 'f1',
};

describe('新增会计专业技术资格 (seed 003 §7.1)', () => {
  it('级别 初级 / 中级 preselect 资格级别 and 职称层级 助理会计师 / 会计师', () => {
    expect(presetForLevel('junior')).toEqual({ qualificationLevel: 'junior', rank: 'assistant' });
    expect(presetForLevel('intermediate')).toEqual({ qualificationLevel: 'intermediate', rank: 'accountant' });
    expect(presetForLevel('senior')).toEqual({ qualificationLevel: 'senior', rank: 'senior' });
  });

  it('a whole 初级 row passes; blank optional fields become null', () => {
    expect(ZAccountingTitleRequest.parse({ ...junior, qualificationMethod: '', qualificationCertificateNo: ' ' })).toMatchObject({
      level: 'junior',
      qualificationMethod: null,
      qualificationCertificateNo: null,
    });
  });

  it('级别 is required unless the 职称层级 is 正高级会计师', () => {
    expect(messages(ZAccountingTitleRequest, { ...junior, level: '' })).toEqual({ level: '请选择级别' });
    expect(qualificationPartRequired('professor')).toBe(false);
    const professor = { rank: 'professor', titleMethod: 'review', titleCertificateNo: '鲁职改办字〔2024〕12号', proofFileId: 'f1' };
    expect(ZAccountingTitleRequest.parse(professor)).toMatchObject({ rank: 'professor', level: null, passDate: null });
  });

  it('the 职称 part is always required, with its own messages', () => {
    expect(messages(ZAccountingTitleRequest, {})).toMatchObject({
      rank: '请选择职称层级',
      titleMethod: '请选择取得方式',
      titleCertificateNo: '请输入会计职称证书号或批文文号',
      proofFileId: '请上传会计专业技术资格证书或高评委评审通过证明文件',
    });
  });

  it('a 职称层级 above the 级别 is refused; a lower one is not', () => {
    expect(messages(ZAccountingTitleRequest, { ...junior, rank: 'accountant' })).toEqual({ rank: '职称层级不能高于资格级别（初级）' });
    expect(ZAccountingTitleRequest.safeParse({ ...junior, level: 'intermediate', rank: 'assistant' }).success).toBe(true);
  });

  it('dates: not in the future, a real date; certificate numbers without markup', () => {
    expect(messages(ZAccountingTitleRequest, { ...junior, passDate: '2026-06-02' })).toEqual({ passDate: '通过时间不能晚于今天' });
    expect(messages(ZAccountingTitleRequest, { ...junior, passDate: '2019-02-30' })).toEqual({ passDate: '通过时间格式不正确' });
    expect(messages(ZAccountingTitleRequest, { ...junior, titleCertificateNo: '<script>' })).toEqual({ titleCertificateNo: '证书号或批文文号只能包含汉字、字母、数字和括号' });
    expect(messages(ZAccountingTitleRequest, 'x')).toEqual({ '': '请求内容格式不正确' });
  });

  it('the proof: JPG/PNG over 20 KB and at most 500 KB', () => {
    expect(TITLE_PROOF_RULE.types).toEqual(['jpg', 'png']);
    expect(checkUpload('proof', { name: 'a.png', type: 'png', size: 20 * 1024 })).not.toBeNull();
    expect(checkUpload('proof', { name: 'a.png', type: 'png', size: 20 * 1024 + 1 })).toBeNull();
    expect(checkUpload('proof', { name: 'a.jpg', type: 'jpg', size: 500 * 1024 })).toBeNull();
    expect(checkUpload('proof', { name: 'a.jpg', type: 'jpg', size: 500 * 1024 + 1 })).not.toBeNull();
    expect(checkUpload('proof', { name: 'a.pdf', type: 'pdf', size: 100 * 1024 })).not.toBeNull();
  });
});

describe('其他专业技术人员职业资格 (seed 003 §7.2)', () => {
  const base = { obtainedAt: '2022-11-11', certificateNo: '20221100110000168' };

  it('six types; 级别 only for 经济, 审计, 统计', () => {
    expect(OTHER_QUALIFICATION_TYPES.map((t) => t.name)).toEqual(['经济专业技术资格', '审计专业技术资格', '统计专业技术资格', '注册会计师', '资产评估师', '税务师']);
    expect(OTHER_QUALIFICATION_TYPES.filter((t) => otherTypeHasLevel(t.code)).map((t) => t.code)).toEqual(['economics', 'audit', 'statistics']);
  });

  it('the first three require the 级别', () => {
    for (const type of ['economics', 'audit', 'statistics']) {
      expect(messages(ZOtherQualificationRequest, { ...base, type })).toEqual({ level: '请选择专业技术职业资格级别' });
      expect(ZOtherQualificationRequest.parse({ ...base, type, level: 'intermediate' }).level).toBe('intermediate');
    }
  });

  it('the last three have none: a 级别 sent is dropped; the proof is optional', () => {
    for (const type of ['cpa', 'appraiser', 'tax_advisor']) {
      expect(ZOtherQualificationRequest.parse({ ...base, type, level: 'senior' })).toMatchObject({ type, level: null, proofFileId: null });
    }
  });

  it('type, 取得时间 and 证书号 are required', () => {
    expect(messages(ZOtherQualificationRequest, {})).toMatchObject({ type: '请选择专业技术职业资格类型', obtainedAt: '请选择取得时间', certificateNo: '请输入证书号或批文文号' });
  });

  it('a 中级 or higher in 经济, 统计 or 审计 counts for the 中级 exam; 初级, or 注册会计师, does not', () => {
    expect(countsForIntermediateExam({ type: 'economics', level: 'intermediate' })).toBe(true);
    expect(countsForIntermediateExam({ type: 'statistics', level: 'senior' })).toBe(true);
    expect(countsForIntermediateExam({ type: 'audit', level: 'junior' })).toBe(false);
    expect(countsForIntermediateExam({ type: 'cpa', level: null })).toBe(false);
  });
});
