import { describe, expect, it } from 'vitest';
import {
  ceClaimedCredits,
  ceDuplicateKey,
  ceRuleCredits,
  ceSchemas,
  ceYear,
  ceYearProgress,
  checkIsbn,
  defaultCeYearSetting,
  isCeYearClosed,
  twoThirdsOf,
  ZCeYearSettingInput,
} from './index';

const now = () => new Date('2026-06-01T04:00:00Z');
const { ZCeApplication } = ceSchemas(now);
const messages = (v: unknown) => {
  const r = ZCeApplication.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};
const setting = defaultCeYearSetting(2026);

describe('conversion rules (seed 003 §8.2.1)', () => {
  it('论文: 30 alone or as first author, 10 for another author', () => {
    expect(ceRuleCredits({ form: 'paper', authorRank: 'sole' }, setting)).toBe(30);
    expect(ceRuleCredits({ form: 'paper', authorRank: 'first' }, setting)).toBe(30);
    expect(ceRuleCredits({ form: 'paper', authorRank: 'other' }, setting)).toBe(10);
  });
  it('会议: 10 a day of attendance', () => {
    expect(ceRuleCredits({ form: 'meeting', days: 3 }, setting)).toBe(30);
    expect(ceRuleCredits({ form: 'meeting', days: 1 }, setting)).toBe(10);
  });
  it('著作: 90 alone or first author, 60 another author', () => {
    expect(ceRuleCredits({ form: 'book', authorRank: 'sole' }, setting)).toBe(90);
    expect(ceRuleCredits({ form: 'book', authorRank: 'first' }, setting)).toBe(90);
    expect(ceRuleCredits({ form: 'book', authorRank: 'other' }, setting)).toBe(60);
  });
  it('考试 and 学历（学位）: 90', () => {
    expect(ceRuleCredits({ form: 'exam' }, setting)).toBe(90);
    expect(ceRuleCredits({ form: 'degree' }, setting)).toBe(90);
  });
  it('课题结项: 90 independent or 主持, 60 another participant', () => {
    expect(ceRuleCredits({ form: 'project', independent: true, host: null }, setting)).toBe(90);
    expect(ceRuleCredits({ form: 'project', independent: false, host: true }, setting)).toBe(90);
    expect(ceRuleCredits({ form: 'project', independent: false, host: false }, setting)).toBe(60);
  });
  it('培训: each row capped by what its duration allows (45 minutes a credit by default, a province may set another)', () => {
    const rows = [
      { minutes: 450, credits: 10 }, // allows 10
      { minutes: 90, credits: 5 }, // allows 2
      { minutes: 100, credits: 1.5 }, // allows 2.2, claims 1.5
    ];
    expect(ceRuleCredits({ form: 'online_training', rows }, setting)).toBe(13.5);
    expect(ceClaimedCredits({ form: 'online_training', rows })).toBe(16.5);
    expect(ceRuleCredits({ form: 'public', rows: [{ minutes: 100, credits: 9 }] }, { minutesPerCredit: 60 })).toBe(1.6);
    expect(ceRuleCredits({ form: 'offline_training', rows: [{ minutes: 1, credits: 0.1 }] }, setting)).toBe(0);
  });
  it('sums in tenths: 0.1 + 0.2 is 0.3', () => {
    expect(ceClaimedCredits({ form: 'public', rows: [{ minutes: 45, credits: 0.1 }, { minutes: 45, credits: 0.2 }] })).toBe(0.3);
  });
});

describe('the year: derived, never typed', () => {
  it('from the deciding date of each form', () => {
    expect(ceYear('meeting', { startDate: '2025-12-30', endDate: '2026-01-02' })).toBe(2025);
    expect(ceYear('paper', { publishedOn: '2024-03-01' })).toBe(2024);
    expect(ceYear('book', { publishedMonth: '2023-11' })).toBe(2023);
    expect(ceYear('exam', { examDate: '2022-09-10' })).toBe(2022);
    expect(ceYear('degree', { enrolledOn: '2019-09-01', passedOn: '2021-06-30' })).toBe(2021);
    expect(ceYear('project', { startedOn: '2020-01-01', finishedOn: '2022-05-01' })).toBe(2022);
    expect(ceYear('public', { startDate: '2026-01-05' })).toBe(2026);
    expect(ceYear('public', { startDate: 'soon' })).toBeNull();
  });
  it('a 年度 the person sends is no field of any form', () => {
    const r = ZCeApplication.parse({ form: 'meeting', startDate: '2026-03-01', endDate: '2026-03-03', days: 3, place: '济南', content: '会计准则研讨', proofFileId: 'f', year: 2020 });
    expect(r).not.toHaveProperty('year');
  });
});

describe('the year against the requirement (90 a year, ⅔ 专业科目)', () => {
  it('⅔ of 90 is 60', () => expect(twoThirdsOf(90)).toBe(60));
  it('reached with 60 专业 + 30 公需; not with 90 公需; not with 80 专业', () => {
    expect(ceYearProgress({ professional: 60, public: 30 }, setting, '2026-06-01')).toMatchObject({ reached: true, percent: 100, total: 90 });
    const allPublic = ceYearProgress({ professional: 0, public: 90 }, setting, '2026-06-01');
    expect(allPublic).toMatchObject({ reached: false, missingTotal: 0, missingProfessional: 60 });
    expect(allPublic.percent).toBe(33);
    expect(allPublic.summary).toContain('专业科目学分还差60学分');
    const short = ceYearProgress({ professional: 80, public: 0 }, setting, '2026-06-01');
    expect(short).toMatchObject({ reached: false, missingTotal: 10, missingProfessional: 0, percent: 88 });
  });
  it('30 专业 + 10 公需: 50 missing, 30 of them 专业', () => {
    const p = ceYearProgress({ professional: 30, public: 10 }, setting, '2026-06-01');
    expect(p).toMatchObject({ total: 40, missingTotal: 50, missingProfessional: 30, percent: 44, reached: false });
    expect(p.summary).toBe('未达到本年度继续教育要求：总学分还差50学分，专业科目学分还差30学分（不少于90学分，其中专业科目不少于60学分）');
  });
  it("a province's own figures", () => {
    const own = { year: 2026, requiredTotal: 72, professionalMin: 48, minutesPerCredit: 45, closesOn: '2026-12-31' };
    expect(ceYearProgress({ professional: 48, public: 24 }, own, '2026-06-01').reached).toBe(true);
  });
});

describe('closed years', () => {
  it('a year takes applications until 31 March of the next, then is closed', () => {
    expect(isCeYearClosed(defaultCeYearSetting(2025), '2026-03-31')).toBe(false);
    expect(isCeYearClosed(defaultCeYearSetting(2025), '2026-04-01')).toBe(true);
    expect(ceYearProgress({ professional: 0, public: 0 }, defaultCeYearSetting(2024), '2026-06-01').closed).toBe(true);
  });
});

describe('duplicates', () => {
  it('one paper claimed twice is the same key, however the 刊号 and title are spaced', () => {
    const a = ceDuplicateKey('paper', { serialNo: 'CN11-1234/F', issue: '2026年第3期', title: '论管理会计的应用' });
    const b = ceDuplicateKey('paper', { serialNo: '11-1234/f', issue: '2026年第3期', title: ' 论管理会计的应用' });
    expect(a).toBe(b);
    expect(ceDuplicateKey('paper', { serialNo: 'CN11-1234/F', issue: '2026年第4期', title: '论管理会计的应用' })).not.toBe(a);
  });
  it('one book by its 书号, online and offline training of one institution and dates alike', () => {
    expect(ceDuplicateKey('book', { isbn: '978-7-5095-0000-1' })).toBe(ceDuplicateKey('book', { isbn: '9787509500001' }));
    const t = { institution: '某培训中心', startDate: '2026-01-01', endDate: '2026-01-02' };
    expect(ceDuplicateKey('online_training', t)).toBe(ceDuplicateKey('offline_training', t));
  });
});

describe('the forms: each field its Chinese message', () => {
  it('no form chosen', () => {
    expect(messages({})).toEqual({ form: '请选择继续教育形式' });
    expect(messages('x')).toEqual({ '': '请求内容格式不正确' });
  });
  it('会议: every field, the end not before the start, days within the meeting', () => {
    expect(messages({ form: 'meeting' })).toMatchObject({
      startDate: '请选择会议开始时间',
      endDate: '请选择会议结束时间',
      days: '请填写与会天数',
      place: '请填写会议地点',
      content: '请填写会议内容',
      proofFileId: '请上传继续教育个人申请附件（PDF）',
    });
    const base = { form: 'meeting', place: '济南', content: '研讨', proofFileId: 'f' };
    expect(messages({ ...base, startDate: '2026-03-03', endDate: '2026-03-01', days: 1 })).toMatchObject({ endDate: '会议结束时间不能早于会议开始时间' });
    expect(messages({ ...base, startDate: '2026-03-01', endDate: '2026-03-02', days: 3 })).toMatchObject({ days: '与会天数不能超过会议天数（2天）' });
    expect(messages({ ...base, startDate: '2026-06-01', endDate: '2026-06-02', days: 1 })).toMatchObject({ endDate: '会议结束时间不能晚于今天' });
  });
  it('论文: 刊号 as CN or ISSN', () => {
    const paper = { form: 'paper', publishedOn: '2026-01-10', title: '论文', authors: '张三', journal: '会计研究', issue: '第1期', serialKind: 'CN', serialNo: 'cn 11-1078/f', authorRank: 'first', proofFileId: 'f' };
    expect(ZCeApplication.parse(paper)).toMatchObject({ serialNo: 'CN11-1078/F' });
    expect(messages({ ...paper, serialNo: '1234-5678' })).toEqual({ serialNo: '国内统一刊号格式应为 CN 11-1234/F' });
    expect(messages({ ...paper, serialKind: 'ISSN', serialNo: 'ISSN 1003-2886' })).toEqual({});
    expect(messages({ ...paper, authorRank: 'second' })).toEqual({ authorRank: '请选择作者位次' });
  });
  it('著作: the 书号 check digit', () => {
    expect(checkIsbn('978-7-5095-1234-5')).toBe(false);
    expect(checkIsbn('978-7-111-54493-7')).toBe(true);
    expect(checkIsbn('7-111-07127-3')).toBe(false);
    expect(checkIsbn('0-306-40615-2')).toBe(true);
    expect(messages({ form: 'book', publishedMonth: '2026-07', name: 'x', authors: 'y', authorRank: 'sole', publisher: 'z', isbn: '1', proofFileId: 'f' })).toMatchObject({
      publishedMonth: '著作出版年月不能晚于本月',
      isbn: expect.stringContaining('书号不正确'),
    });
  });
  it('考试: the subject belongs to the exam type', () => {
    const exam = { form: 'exam', examType: 'cpa', subject: '审计', examDate: '2025-08-24', score: '65', proofFileId: 'f' };
    expect(messages(exam)).toEqual({});
    expect(messages({ ...exam, subject: '初级会计实务' })).toEqual({ subject: '请选择注册会计师全国统一考试的考试科目' });
    expect(messages({ ...exam, examType: 'x' })).toMatchObject({ examType: '请选择考试类型' });
  });
  it('学历（学位）: 成绩合格时间 not before 入学时间', () => {
    const d = { form: 'degree', enrolledOn: '2024-09-01', passedOn: '2024-01-01', school: '山东大学', major: '会计学', course: '中级财务会计', courseScore: '85', education: 'master', proofFileId: 'f' };
    expect(messages(d)).toEqual({ passedOn: '成绩合格时间不能早于入学时间' });
  });
  it('课题结项: 是否主持 only when not independent', () => {
    const p = { form: 'project', finishedOn: '2026-05-01', startedOn: '2025-05-01', name: '课题', number: 'KT-1', sponsor: '财政厅', undertaker: '张三', independent: false, proofFileId: 'f' };
    expect(messages(p)).toEqual({ host: '请选择是否主持' });
    expect(ZCeApplication.parse({ ...p, independent: true, host: false })).toMatchObject({ host: null });
  });
  it('培训 and 公需科目: at least one row, each with its fields; minutes whole, credits one decimal', () => {
    const t = { form: 'online_training', startDate: '2026-01-01', endDate: '2026-01-02', institution: '中心', rows: [], proofFileId: 'f' };
    expect(messages(t)).toEqual({ rows: '请新增培训经历，至少一条' });
    expect(messages({ ...t, rows: [{}] })).toMatchObject({
      'rows.0.subjectType': '请选择专业科目类型',
      'rows.0.subjectName': '请输入专业科目名称',
      'rows.0.minutes': '请输入培训时长（分钟）',
      'rows.0.content': '请输入培训内容',
    });
    const pub = { form: 'public', startDate: '2026-01-01', endDate: '2026-01-01', unitName: '单位', proofFileId: 'f' };
    expect(messages({ ...pub, rows: [{ minutes: 1.5, credits: 1.25, content: '内容' }] })).toEqual({
      'rows.0.minutes': '培训时长须为整数分钟',
      'rows.0.credits': '获得继续教育学分最多保留一位小数',
    });
    expect(messages({ ...pub, rows: [{ minutes: 90, credits: 2, content: '内容' }] })).toEqual({});
  });
});

describe('a province year setting', () => {
  it('the professional minimum within the total', () => {
    const r = ZCeYearSettingInput.safeParse({ requiredTotal: 90, professionalMin: 100, minutesPerCredit: 45, closesOn: '2027-03-31' });
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['专业科目学分要求不能超过年度总学分要求']);
  });
});
