import { describe, expect, it } from 'vitest';
import { checkUpload } from '../uploads';
import {
  accountingMonths,
  accountingYearsText,
  checkEligibility,
  credentialOf,
  eligibilityFacts,
  examName,
  feeProblems,
  formatBeijingDateTime,
  parseBeijingDateTime,
  proofProblems,
  RECORD_EDUCATION_LEVELS,
  subjectProblems,
  withinWindow,
  ZEnrollmentRequest,
  ZExamCreate,
  ZProvinceSettings,
  type EligibilityFacts,
} from '.';

const facts = (f: Partial<EligibilityFacts>): EligibilityFacts => ({ credentials: [], otherIntermediate: false, accountingPeriods: [], accountantSince: null, ...f });
const route = (e: ReturnType<typeof checkEligibility>, code: string) => e.routes.find((r) => r.code === code)!;

describe('exam code tables', () => {
  it('names the exam as the seed writes it', () => {
    expect(examName(2025, 'junior')).toBe('2025年全国会计专业技术资格考试（初级）');
    expect(examName(2026, 'intermediate')).toBe('2026年全国会计专业技术资格考试（中级）');
  });
});

describe('accounting work years, counted to 31 December of the exam year', () => {
  it('会计工作年限 of one unit as 报名信息 shows it: years and months, the same count as the rule', () => {
    expect(accountingYearsText([{ startDate: '2015-07-01', endDate: null }], '2025-12-31')).toBe('10年6个月');
    expect(accountingYearsText([{ startDate: '2021-01-01', endDate: null }], '2025-12-31')).toBe('5年');
    expect(accountingYearsText([{ startDate: '2025-11-15', endDate: null }], '2025-12-31')).toBe('1个月');
    expect(accountingYearsText([], '2025-12-31')).toBe('0个月');
    expect(accountingYearsText([{ startDate: '2026-01-01', endDate: null }], '2025-12-31')).toBe('0个月');
  });
  it('five years complete on the last day of the fifth year, not the day before', () => {
    expect(accountingMonths([{ startDate: '2021-01-01', endDate: null }], '2025-12-31')).toBe(60);
    expect(accountingMonths([{ startDate: '2021-01-02', endDate: null }], '2025-12-31')).toBe(59);
    expect(accountingMonths([{ startDate: '2021-01-01', endDate: '2025-12-30' }], '2025-12-31')).toBe(59);
  });
  it('work after the cutoff does not count; overlapping and adjacent periods are one stretch', () => {
    expect(accountingMonths([{ startDate: '2026-01-01', endDate: null }], '2025-12-31')).toBe(0);
    expect(
      accountingMonths(
        [
          { startDate: '2020-01-01', endDate: '2020-06-30' },
          { startDate: '2020-07-01', endDate: '2020-12-31' },
          { startDate: '2020-03-01', endDate: '2020-09-30' },
        ],
        '2025-12-31',
      ),
    ).toBe(12);
  });
  it('odd days of separate stretches add up to a month only at 31', () => {
    // 15 days + 15 days: not a month; 16 + 15: one.
    expect(accountingMonths([{ startDate: '2020-01-01', endDate: '2020-01-15' }, { startDate: '2020-03-01', endDate: '2020-03-15' }], '2025-12-31')).toBe(0);
    expect(accountingMonths([{ startDate: '2020-01-01', endDate: '2020-01-16' }, { startDate: '2020-03-01', endDate: '2020-03-15' }], '2025-12-31')).toBe(1);
  });
  it('counts from a start date (高级: after 会计师)', () => {
    expect(accountingMonths([{ startDate: '2010-01-01', endDate: null }], '2025-12-31', '2021-01-01')).toBe(60);
  });
});

describe('初级: 高中（含中专、职高、技校）及以上', () => {
  it('high school or a vocational school qualifies, 初中 does not, and says what would', () => {
    expect(checkEligibility('junior', 2025, facts({ credentials: [{ credential: 'secondary', verified: false }] })).eligible).toBe(true);
    expect(checkEligibility('junior', 2025, facts({ credentials: [{ credential: 'doctor', verified: true }] })).eligible).toBe(true);
    const no = checkEligibility('junior', 2025, facts({ credentials: [{ credential: 'below', verified: false }] }));
    expect(no.eligible).toBe(false);
    expect(no.routes[0]!.reason).toBe('未取得高中（含中专、职高、技校）及以上学历');
    expect(no.routes[0]!.remedy).toContain('取得高中（含中专、职高、技校）及以上学历');
    expect(no.message).toBe('您不符合初级会计专业技术资格考试的报名条件：具备高中（含中专、职高、技校）及以上学历——未取得高中（含中专、职高、技校）及以上学历。');
  });
  it('an unverified diploma asks for its proof; a verified one may be decided automatically', () => {
    const unverified = checkEligibility('junior', 2025, facts({ credentials: [{ credential: 'secondary', verified: false }] })).routes[0]!;
    expect(unverified.proofs).toEqual([{ key: 'diploma', label: '学历（学位）证书' }]);
    expect(unverified.autoReviewable).toBe(false);
    const verified = checkEligibility('junior', 2025, facts({ credentials: [{ credential: 'bachelor', verified: true }] })).routes[0]!;
    expect(verified.proofs).toEqual([]);
    expect(verified.autoReviewable).toBe(true);
  });
});

describe('中级: education plus years of accounting work, or another 中级 qualification', () => {
  const years = (credential: EligibilityFacts['credentials'][number]['credential'], startDate: string) =>
    checkEligibility('intermediate', 2025, facts({ credentials: [{ credential, verified: true }], accountingPeriods: [{ startDate, endDate: null }] }));
  it.each([
    ['junior_college', 'college_5', '2021-01-01', '2021-01-02', 5],
    ['bachelor', 'bachelor_4', '2022-01-01', '2022-01-02', 4],
    ['second_bachelor', 'second_bachelor_2', '2024-01-01', '2024-01-02', 2],
    ['master', 'master_1', '2025-01-01', '2025-01-02', 1],
  ] as const)('%s: %s complete on 31 December, one day later is not enough', (credential, code, enough, short, n) => {
    expect(route(years(credential, enough), code).satisfied).toBe(true);
    const r = route(years(credential, short), code);
    expect(r.satisfied).toBe(false);
    expect(r.reason).toBe(`会计工作年限截至2025年12月31日为${n - 1 === 0 ? '11个月' : `${n - 1}年11个月`}，不满${n}年`);
    expect(r.remedy).toBe(`截至2025年12月31日累计从事会计工作满${n}年（还差1个月）`);
  });
  it('博士 needs no work years', () => {
    const e = checkEligibility('intermediate', 2025, facts({ credentials: [{ credential: 'doctor', verified: true }] }));
    expect(e.eligible).toBe(true);
    expect(route(e, 'doctor').satisfied).toBe(true);
  });
  it('a higher credential meets a lower route (硕士 with 4 years is on bachelor_4 too)', () => {
    expect(route(years('master', '2022-01-01'), 'bachelor_4').satisfied).toBe(true);
  });
  it('scope five (经济、统计、审计 中级) qualifies with its certificate as proof, never automatically', () => {
    const e = checkEligibility('intermediate', 2025, facts({ otherIntermediate: true }));
    const r = route(e, 'other_intermediate');
    expect(e.eligible).toBe(true);
    expect(r.proofs).toEqual([{ key: 'other_qualification', label: '经济、统计、审计专业中级资格证书' }]);
    expect(r.autoReviewable).toBe(false);
  });
  it('an ineligible candidate is told every route and why it fails', () => {
    const e = checkEligibility('intermediate', 2025, facts({ credentials: [{ credential: 'junior_college', verified: true }], accountingPeriods: [{ startDate: '2023-03-01', endDate: null }] }));
    expect(e.eligible).toBe(false);
    expect(route(e, 'college_5').reason).toBe('会计工作年限截至2025年12月31日为2年10个月，不满5年');
    expect(route(e, 'bachelor_4').reason).toBe('未取得大学本科或学士学位及以上学历（学位），会计工作年限截至2025年12月31日为2年10个月，不满4年');
    expect(route(e, 'other_intermediate').reason).toBe('未登记经济、统计、审计专业中级资格');
    expect(e.message).toContain('您不符合中级会计专业技术资格考试的报名条件：具备大学专科学历，从事会计工作满5年——会计工作年限截至2025年12月31日为2年10个月，不满5年；');
  });
});

describe('高级: 会计师, then accounting work after it', () => {
  const senior = (credential: EligibilityFacts['credentials'][number]['credential'], accountantSince: string | null) =>
    checkEligibility('senior', 2025, facts({ credentials: [{ credential, verified: true }], accountingPeriods: [{ startDate: '2005-01-01', endDate: null }], accountantSince }));
  it('博士 + 2, 本科 + 5, 大专 + 10 after 会计师, to 31 December', () => {
    expect(route(senior('doctor', '2024-01-01'), 'senior_doctor_2').satisfied).toBe(true);
    expect(route(senior('doctor', '2024-01-02'), 'senior_doctor_2').satisfied).toBe(false);
    expect(route(senior('bachelor', '2021-01-01'), 'senior_bachelor_5').satisfied).toBe(true);
    expect(route(senior('bachelor', '2021-01-02'), 'senior_bachelor_5').satisfied).toBe(false);
    expect(route(senior('junior_college', '2016-01-01'), 'senior_college_10').satisfied).toBe(true);
    expect(route(senior('junior_college', '2016-01-02'), 'senior_college_10').reason).toBe('取得会计师资格后会计工作年限截至2025年12月31日为9年11个月，不满10年');
  });
  it('without 会计师 no route is open, and the words say so', () => {
    const e = senior('doctor', null);
    expect(e.eligible).toBe(false);
    expect(route(e, 'senior_doctor_2').reason).toBe('未取得会计师资格');
    expect(route(e, 'senior_doctor_2').remedy).toBe('取得会计师（中级）资格，并在工作经历中登记会计专业职务及聘任时间');
  });
  it('asks for the 会计师 certificate as proof', () => {
    expect(route(senior('doctor', '2020-01-01'), 'senior_doctor_2').proofs.map((p) => p.key)).toEqual(['accountant_certificate']);
  });
});

describe('facts from the approved record', () => {
  it('every 学历 of the record maps to a credential', () => {
    for (const level of RECORD_EDUCATION_LEVELS) expect(credentialOf(level, 'none')).toBeTruthy();
    expect(credentialOf('high_school', 'none')).toBe('secondary');
    expect(credentialOf('secondary_vocational', 'none')).toBe('secondary');
    expect(credentialOf('junior_college', 'bachelor')).toBe('bachelor');
    expect(credentialOf('junior_high', 'none')).toBe('below');
    // 第二学士学位 and 研究生班: the rank between 学士 and 硕士 that the 中级 and 高级 rules name.
    expect(credentialOf('postgraduate_class', 'none')).toBe('second_bachelor');
    expect(credentialOf('bachelor', 'second_bachelor')).toBe('second_bachelor');
    expect(credentialOf('postgraduate_class', 'master')).toBe('master');
  });
  it('reads finished education, 会计工作经历 and the earliest 会计师 appointment', () => {
    const f = eligibilityFacts({
      scope: 'accountant',
      education: [
        { data: { educationLevel: 'bachelor', degree: 'bachelor', endDate: '2015-06-30' }, degreeCheck: 'verified' },
        { data: { educationLevel: 'master', degree: 'master', endDate: null }, degreeCheck: 'unchecked' },
      ],
      work: [
        { data: { experiences: [{ startDate: '2015-07-01', endDate: null }], accountingPost: 'senior', appointmentDate: '2022-01-01' } },
        { data: { experiences: [], accountingPost: 'accountant', appointmentDate: '2019-05-01' } },
      ],
    });
    expect(f).toEqual({
      credentials: [{ credential: 'bachelor', verified: true }],
      otherIntermediate: false,
      accountingPeriods: [{ startDate: '2015-07-01', endDate: null }],
      accountantSince: '2019-05-01',
    });
  });
  it('高级 counts from the earliest 会计师 (or higher) of the national records or an approved title row (issue 24)', () => {
    const base = { scope: 'accountant', education: [{ data: { educationLevel: 'bachelor', degree: 'bachelor', endDate: '2010-06-30' }, degreeCheck: 'verified' }], work: [{ data: { experiences: [{ startDate: '2010-07-01', endDate: null }] } }] };
    const titles = [
      { rank: 'assistant', obtainedAt: '2012-06-10' },
      { rank: 'accountant', obtainedAt: '2021-10-20' },
      { rank: 'senior', obtainedAt: null },
    ];
    const f = eligibilityFacts({ ...base, accountingTitles: titles });
    expect(f.accountantSince).toBe('2021-10-20');
    // 2021-10-20 to 2025-12-31 is 4 years 2 months: not yet 5; in 2026 it is 5 years 2 months.
    expect(checkEligibility('senior', 2025, f).routes.find((r) => r.code === 'senior_bachelor_5')).toMatchObject({ satisfied: false, reason: expect.stringContaining('4年2个月') });
    expect(checkEligibility('senior', 2026, f).routes.find((r) => r.code === 'senior_bachelor_5')!.satisfied).toBe(true);
    // An appointment earlier than the title row counts from the earlier day; 助理会计师 alone is not 会计师.
    expect(eligibilityFacts({ ...base, accountingTitles: titles.slice(0, 1) }).accountantSince).toBeNull();
  });
  it('an approved 中级 in 经济, 统计 or 审计 (会计职称管理) is 采集范围（五）\'s fact; 初级 or 税务师 is not', () => {
    const base = { scope: 'accountant', education: [], work: [] };
    expect(eligibilityFacts({ ...base, otherQualifications: [{ type: 'statistics', level: 'intermediate' }] }).otherIntermediate).toBe(true);
    expect(eligibilityFacts({ ...base, otherQualifications: [{ type: 'audit', level: 'junior' }, { type: 'tax_advisor', level: null }] }).otherIntermediate).toBe(false);
  });
});

describe('the forms', () => {
  it('Beijing date-times round-trip, windows include both ends', () => {
    const d = parseBeijingDateTime('2025-01-08 00:00:00')!;
    expect(d.toISOString()).toBe('2025-01-07T16:00:00.000Z');
    expect(formatBeijingDateTime(d)).toBe('2025-01-08 00:00:00');
    expect(parseBeijingDateTime('2025-02-30 00:00:00')).toBeNull();
    expect(parseBeijingDateTime('2025-01-08T00:00:00')).toBeNull();
    const end = parseBeijingDateTime('2025-01-24 12:00:00')!;
    expect(withinWindow(d, d, end)).toBe(true);
    expect(withinWindow(end, d, end)).toBe(true);
    expect(withinWindow(new Date(end.getTime() + 1000), d, end)).toBe(false);
    expect(withinWindow(new Date(d.getTime() - 1000), d, end)).toBe(false);
  });
  it('exam creation refuses a bad year or level in Chinese', () => {
    expect(ZExamCreate.safeParse({ year: 1999, level: 'junior' }).error?.issues[0]?.message).toBe('考试年度须在2000至2100之间');
    expect(ZExamCreate.safeParse({ year: 2025, level: 'x' }).error?.issues[0]?.message).toBe('请选择级别');
    expect(ZExamCreate.safeParse({ year: '2025', level: 'junior' }).error?.issues[0]?.message).toBe('请填写考试年度');
  });
  const settings = {
    signupStart: '2025-01-08 00:00:00',
    signupEnd: '2025-01-24 12:00:00',
    payStart: '2025-01-08 00:00:00',
    payEnd: '2025-01-24 18:00:00',
    phone: '0531-12345',
    noticeUrl: 'http://www.cpa.gov.cn',
    readingNotice: '须知',
    announcements: [{ title: '公告', date: '2025-01-02', body: '内容' }],
    sites: [{ authorityId: '370100', name: '济南市报名点' }],
    fees: { junior_practice: '56', economic_law_basics: '56.00' },
    reviewMode: 'manual',
  };
  it.each([
    [{ signupEnd: '2025-01-01 00:00:00' }, '报名结束时间须晚于开始时间'],
    [{ payEnd: '2025-01-24 11:00:00' }, '缴费结束时间不能早于报名结束时间'],
    [{ signupStart: '2025/01/08' }, '报名开始时间格式不正确，应为“2025-01-08 00:00:00”'],
    [{ phone: 'abc' }, '咨询电话格式不正确，如 0531-12345678'],
    [{ noticeUrl: 'javascript:alert(1)' }, '通知网址须以 http:// 或 https:// 开头'],
    [{ readingNotice: '  ' }, '请填写阅读须知'],
    [{ announcements: [{ title: 'x', date: '2025-13-01', body: 'y' }] }, '公告日期格式不正确'],
    [{ sites: [] }, '请至少设置一个报名点'],
    [{ sites: [{ authorityId: '370100', name: 'a' }, { authorityId: '370100', name: 'b' }] }, '同一会计管理部门只能设置一个报名点'],
    [{ fees: { junior_practice: '-1' } }, '每科报名费须为金额，如 56 或 56.50'],
    [{ reviewMode: 'robot' }, '请选择资格审核方式'],
  ])('province settings: %o → %s', (patch, message) => {
    expect(ZProvinceSettings.safeParse({ ...settings, ...patch }).error?.issues[0]?.message).toBe(message);
  });
  it('fees name exactly the exam’s subjects', () => {
    expect(ZProvinceSettings.safeParse(settings).success).toBe(true);
    expect(feeProblems('junior', { junior_practice: '56' })).toBe('请填写“经济法基础”的报名费');
    expect(feeProblems('junior', { junior_practice: '56', economic_law_basics: '56', economic_law: '1' })).toBe('“经济法”不是本考试的科目');
    expect(feeProblems('junior', settings.fees)).toBeNull();
  });
  it('subjects: 初级 both at once, 中级 any of its three, 高级 its one', () => {
    expect(subjectProblems('junior', ['junior_practice'])).toBe('初级资格考试须同时报考初级会计实务和经济法基础两个科目');
    expect(subjectProblems('junior', ['junior_practice', 'economic_law_basics'])).toBeNull();
    expect(subjectProblems('intermediate', ['economic_law'])).toBeNull();
    expect(subjectProblems('intermediate', ['economic_law', 'economic_law'])).toBe('报考科目重复');
    expect(subjectProblems('intermediate', ['junior_practice'])).toBe('“初级会计实务”不是本考试的科目');
    expect(subjectProblems('senior', ['senior_practice'])).toBeNull();
  });
  it('proofs: each slot the route asks for, nothing else', () => {
    const slots = [{ key: 'diploma', label: '学历（学位）证书' }];
    expect(proofProblems(slots, {})).toBe('请上传学历（学位）证书');
    expect(proofProblems([], { diploma: 'x' })).toBe('上传了本报考类别不需要的证明材料，请刷新页面后重新上传');
    expect(proofProblems(slots, { diploma: 'x' })).toBeNull();
  });
  it('the enrollment request speaks Chinese for every field', () => {
    const r = ZEnrollmentRequest.safeParse({});
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['考试不存在', '请选择报考省份', '请选择报考类别', '请选择报名点', '请选择报考科目', '请上传照片', '请确认以上报名信息真实、准确']));
  });
});

describe('the exam photo (seed 003 §6.1: jpg, 不大于10KB, 295×413)', () => {
  it('takes a 295×413 jpg up to 10KB', () => {
    expect(checkUpload('exam_photo', { name: 'a.jpg', size: 10 * 1024, type: 'jpg', width: 295, height: 413 })).toBeNull();
  });
  it('refuses a png, a byte over 10KB, and any other size of picture', () => {
    expect(checkUpload('exam_photo', { name: 'a.png', size: 5000, type: 'png' })?.message).toBe('文件格式不正确：只能上传jpg图片');
    expect(checkUpload('exam_photo', { name: 'a.jpg', size: 10 * 1024 + 1, type: 'jpg' })?.message).toBe('文件大小不能超过10KB');
    expect(checkUpload('exam_photo', { name: 'a.jpg', size: 9000, type: 'jpg', width: 296, height: 413 })?.message).toBe('照片像素须为295×413px（当前为296×413px）');
    expect(checkUpload('exam_photo', { name: 'a.jpg', size: 9000, type: 'jpg', width: 295, height: 412 })?.reason).toBe('dimensions');
  });
});
