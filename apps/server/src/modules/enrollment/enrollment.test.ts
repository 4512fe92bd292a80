import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto, uploadProof } from '../../test/exam';
import { verifiedAccountant } from '../../test/collection';
import { buildTestApp, login, PASSWORD, sessionCookie, setClock, staffCookies } from '../../test/helpers';

// 会计专业技术资格考试 (issue 21) through the API, on a real database: exams, a province's settings, the
// candidate's enrollment and its 资格审核.

let app: FastifyInstance;
type Cookies = Record<string, string>;
let mof: Cookies;
let sdAdmin: Cookies;
let junior: { id: string };
let intermediate: { id: string };
const now = () => new Date();

const createExam = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/console/exams', cookies, payload: payload as object });
const putSettings = (cookies: Cookies, examId: string, provinceId: string, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/api/console/exams/${examId}/provinces/${provinceId}`, cookies, payload: payload as object });
const start = (cookies: Cookies, examId: string, provinceId = '370000') => app.inject({ method: 'GET', url: `/api/enrollment/start?examId=${examId}&provinceId=${provinceId}`, cookies });
const submit = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/enrollments', cookies, payload: payload as object });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });

async function enrollmentBody(cookies: Cookies, extra: Record<string, unknown> = {}) {
  const photo = await uploadExamPhoto(app, cookies);
  expect(photo.statusCode, photo.body).toBe(201);
  return {
    examId: junior.id,
    provinceId: '370000',
    category: 'junior_education',
    siteAuthorityId: '370100',
    subjects: ['junior_practice', 'economic_law_basics'],
    photoFileId: photo.json().id,
    proofs: {},
    promise: true,
    ...extra,
  };
}

beforeAll(async () => {
  app = await buildTestApp({ degree: { ...loadConfig({ AUSM_MODE: 'sandbox' }).degree, timeoutMs: 300, sandboxDelayMs: 0 } });
  mof = await staffCookies(app, 'mof_admin');
  sdAdmin = await staffCookies(app, 'sd_admin');
  const j = await createExam(mof, { year: 2025, level: 'junior' });
  expect(j.statusCode, j.body).toBe(201);
  junior = j.json();
  intermediate = (await createExam(mof, { year: 2025, level: 'intermediate' })).json();
  const s = await putSettings(sdAdmin, junior.id, '370000', juniorSettings(now(), [{ authorityId: '370100', name: '济南市报名点' }]));
  expect(s.statusCode, s.body).toBe(200);
});
afterAll(() => app.close());

describe('exams: a 财政部 administrator creates them', () => {
  it('names the exam as the seed does; only 财政部 administrators may; once per year and level', async () => {
    expect(junior).toMatchObject({ name: '2025年全国会计专业技术资格考试（初级）', level: 'junior', subjects: [{ name: '初级会计实务' }, { name: '经济法基础' }] });
    const again = await createExam(mof, { year: 2025, level: 'junior' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('2025年全国会计专业技术资格考试（初级）已创建，不能重复创建');
    for (const who of ['sd_admin', 'jn_reviewer']) {
      const res = await createExam(await staffCookies(app, who), { year: 2026, level: 'senior' });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('仅财政部管理员可以创建考试');
    }
    expect((await createExam({}, { year: 2026, level: 'senior' })).statusCode).toBe(401);
    const list = (await app.inject({ method: 'GET', url: '/api/exams' })).json();
    expect(list.map((e: { name: string }) => e.name)).toEqual(['2025年全国会计专业技术资格考试（初级）', '2025年全国会计专业技术资格考试（中级）']);
  });
  it.each([
    [{ year: 2025 }, '请选择级别'],
    [{ year: 'x', level: 'junior' }, '请填写考试年度'],
    [{ year: 1800, level: 'junior' }, '考试年度须在2000至2100之间'],
  ])('bad input %o: %s', async (payload, message) => {
    const res = await createExam(mof, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(message);
  });
});

describe("a province's settings", () => {
  it('a province administrator sets only their own province; 财政部 any', async () => {
    const bj = juniorSettings(now(), [{ authorityId: '110101', name: '东城区报名点' }]);
    expect((await putSettings(sdAdmin, junior.id, '110000', bj)).statusCode).toBe(403);
    expect((await putSettings(await staffCookies(app, 'sd_reviewer'), junior.id, '370000', bj)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/console/exams/${junior.id}/provinces/110000`, cookies: sdAdmin })).statusCode).toBe(403);
    const mine = (await app.inject({ method: 'GET', url: `/api/console/exams/${junior.id}/provinces`, cookies: sdAdmin })).json();
    expect(mine).toEqual([{ provinceId: '370000', provinceName: '山东省', configured: true, editable: true }]);
    const all = (await app.inject({ method: 'GET', url: `/api/console/exams/${junior.id}/provinces`, cookies: mof })).json();
    // 计划单列市 have rows of their own, after their province (seed 003 §6.1: 辽宁省, 大连市).
    const names = all.map((p: { provinceName: string }) => p.provinceName);
    expect(names.indexOf('大连市')).toBe(names.indexOf('辽宁省') + 1);
    expect(names).toContain('青岛市');
  });
  it('报名点 are city or county authorities of the province, not of a 计划单列市 inside it', async () => {
    const outside = await putSettings(sdAdmin, junior.id, '370000', juniorSettings(now(), [{ authorityId: '110101', name: 'x' }]));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message).toBe('报名点须为本省（市）的市级或区县级会计管理部门');
    const qingdao = await putSettings(sdAdmin, junior.id, '370000', juniorSettings(now(), [{ authorityId: '370200', name: 'x' }]));
    expect(qingdao.statusCode).toBe(400);
    expect(qingdao.json().message).toBe('青岛市为计划单列市，自行设置报名点');
    const province = await putSettings(sdAdmin, junior.id, '370000', juniorSettings(now(), [{ authorityId: '370000', name: 'x' }]));
    expect(province.statusCode).toBe(400);
  });
  it.each([
    [{ signupStart: '2025-13-01 00:00:00' }, '报名开始时间格式不正确，应为“2025-01-08 00:00:00”'],
    [{ phone: '电话' }, '咨询电话格式不正确，如 0531-12345678'],
    [{ noticeUrl: 'ftp://x' }, '通知网址须以 http:// 或 https:// 开头'],
    [{ readingNotice: '' }, '请填写阅读须知'],
    [{ announcements: [{ title: '', date: '2025-01-01', body: 'x' }] }, '请填写公告标题'],
    [{ sites: [] }, '请至少设置一个报名点'],
    [{ fees: { junior_practice: '56' } }, '请填写“经济法基础”的报名费'],
    [{ fees: { junior_practice: 'abc', economic_law_basics: '56' } }, '每科报名费须为金额，如 56 或 56.50'],
    [{ reviewMode: '' }, '请选择资格审核方式'],
  ])('bad input %o: %s, nothing saved', async (patch, message) => {
    const res = await putSettings(sdAdmin, junior.id, '370000', { ...juniorSettings(now(), [{ authorityId: '370100', name: '济南市报名点' }]), ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(message);
    const kept = (await app.inject({ method: 'GET', url: `/api/console/exams/${junior.id}/provinces/370000`, cookies: sdAdmin })).json();
    expect(kept.settings.sites).toHaveLength(1);
  });
  it('省份选择 shows the published provinces with windows in Beijing time, and answers 304 to the same rows', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/exams/${junior.id}/provinces` });
    expect(res.statusCode).toBe(200);
    expect(res.json().rows).toEqual([
      expect.objectContaining({ provinceId: '370000', provinceName: '山东省', phone: '0531-12345', noticeUrl: 'http://www.cpa.gov.cn', open: true, signupWindow: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 至 /) }),
    ]);
    const etag = res.headers.etag as string;
    const again = await app.inject({ method: 'GET', url: `/api/exams/${junior.id}/provinces`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ method: 'GET', url: '/api/exams/not-an-id/provinces' })).statusCode).toBe(404);
  });
});

describe('the enrollment', () => {
  it('shows eligibility and the record before the forms; files 资格审核 with the 报名点; its reviewer approves; 网上缴费 is next', async () => {
    const { cookies, person } = await approvedAccountant(app);
    const s = (await start(cookies, junior.id)).json();
    expect(s).toMatchObject({ open: true, blocked: null, emailEditable: false, enrollment: null, eligibility: { eligible: true, cutoff: '2025-12-31' } });
    expect(s.personal.realName).toBe('张**');
    expect(s.personal.idNumber).not.toBe(person.idNumber);
    expect(s.personal.education[0]).toMatchObject({ school: '山东大学', level: '本科', verified: true, graduationDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    // Seed 003 §6.1's 基本信息 and 工作信息: the mobile masked as the seed shows it (130****2238); the unit's nature,
    // address, post level and work, and its 会计工作年限 counted to 31 December of the exam year (2015-07-01 to
    // 2025-12-31), as the eligibility rule counts.
    expect(s.personal.mobile).toBe(`${person.mobile.slice(0, 3)}****${person.mobile.slice(-4)}`);
    expect(s.personal.work[0]).toMatchObject({ unitType: '民营企业', postLevels: '一般会计人员', positions: '出纳', accountingYears: '10年6个月', unitAddress: expect.stringContaining('泉城路1号') });
    expect(s.settings.sites).toEqual([expect.objectContaining({ authorityId: '370100', name: '济南市报名点', cityName: '济南市' })]);

    const res = await submit(cookies, await enrollmentBody(cookies));
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({ status: 'pending', step: 4, mode: 'manual', authorityName: '山东省-济南市', siteName: '济南市报名点' });

    // Another authority's reviewers see nothing of it; the 报名点's do.
    const bj = await staffCookies(app, 'bj_reviewer');
    const lx = await staffCookies(app, 'lx_reviewer');
    const queue = async (c: Cookies) => (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=exam_eligibility&page=1&pageSize=50', cookies: c })).json();
    expect((await queue(bj)).total).toBe(0);
    expect((await queue(lx)).total).toBe(0);
    const jn = await staffCookies(app, 'jn_reviewer');
    const mineInJinan = (await queue(jn)).items.filter((i: { applicantName: string }) => i.applicantName === '张**');
    expect(mineInJinan.length).toBeGreaterThan(0);
    const id = mineInJinan[0].id;
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: bj })).statusCode).toBe(404);
    expect((await decide(bj, id, 'approve')).statusCode).toBe(404);

    // The detail shows the computation beside the evidence.
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: jn })).json();
    const field = (key: string) => detail.fields.find((f: { key: string }) => f.key === key)?.after;
    expect(field('eligibility')).toMatchObject({ eligible: true, routes: [{ code: 'junior_education', satisfied: true }] });
    expect(field('idNumber')).toBe(person.idNumber);
    expect(field('mobile')).toBe(person.mobile);
    expect(field('work')).toContain('会计工作年限 10年6个月');
    expect(detail.attachments).toEqual([{ id: expect.any(String), label: '考生照片' }]);

    expect((await decide(jn, id, 'approve')).statusCode).toBe(200);
    const mine = (await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json();
    expect(mine).toEqual([expect.objectContaining({ status: 'approved', step: 5 })]);
  });

  it('one enrollment per person per exam: sixteen submits at once make one', async () => {
    const { cookies } = await approvedAccountant(app);
    const bodies = await Promise.all(Array.from({ length: 16 }, () => enrollmentBody(cookies)));
    const answers = await Promise.all(bodies.map((b) => submit(cookies, b)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c >= 500)).toHaveLength(0);
    for (const a of answers.filter((x) => x.statusCode !== 201)) expect(a.json().message).toBe('您已报名本次考试，不能重复报名');
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json()).toHaveLength(1);
    const later = await submit(cookies, await enrollmentBody(cookies));
    expect(later.statusCode).toBe(409);
  });

  it('candidates submitting at once are filed together; one whose photo is not theirs is told so, and the others are enrolled whole', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => approvedAccountant(app)));
    const stranger = await approvedAccountant(app);
    const bodies = await Promise.all(people.map((p) => enrollmentBody(p.cookies)));
    bodies[2] = { ...bodies[2]!, photoFileId: (await uploadExamPhoto(app, stranger.cookies)).json().id };
    const answers = await Promise.all(people.map((p, i) => submit(p.cookies, bodies[i])));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 400, 201, 201, 201]);
    expect(answers[2]!.json()).toMatchObject({ code: 'file/invalid', message: '照片文件不存在，请重新上传' });
    const jn = await staffCookies(app, 'jn_reviewer');
    const open = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=exam_eligibility&state=open&page=1&pageSize=100', cookies: jn })).json().items as Array<{ id: string }>;
    const byPhoto = new Map<string, { attachments: Array<{ id: string; label: string }> }>();
    for (const { id } of open) {
      const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: jn })).json();
      byPhoto.set(detail.attachments[0]?.id, detail);
    }
    for (const [i, p] of people.entries()) {
      const mine = (await app.inject({ method: 'GET', url: '/api/enrollments', cookies: p.cookies })).json();
      if (i === 2) {
        // Nothing of the refused one was written, though its batch's transaction had begun.
        expect(mine).toEqual([]);
        continue;
      }
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ id: answers[i]!.json().id, status: 'pending', step: 4, photoFileId: bodies[i]!.photoFileId });
      // Its review item, with the photo as its evidence.
      expect(byPhoto.get(bodies[i]!.photoFileId)?.attachments).toEqual([expect.objectContaining({ id: bodies[i]!.photoFileId, label: '考生照片' })]);
    }
    // The stranger's photo is still theirs to use.
    expect((await submit(stranger.cookies, { ...(await enrollmentBody(stranger.cookies)), photoFileId: bodies[2]!.photoFileId })).statusCode).toBe(201);
  });

  it('a refused candidate corrects and files again while 报名时间 is open', async () => {
    const { cookies } = await approvedAccountant(app);
    expect((await submit(cookies, await enrollmentBody(cookies))).statusCode).toBe(201);
    const jn = await staffCookies(app, 'jn_reviewer');
    const items = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=exam_eligibility&state=open&page=1&pageSize=50', cookies: jn })).json().items;
    for (const i of items) expect((await decide(jn, i.id, 'reject', '照片不清晰')).statusCode).toBe(200);
    const refused = (await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json()[0];
    expect(refused).toMatchObject({ status: 'rejected', opinion: '照片不清晰', step: 1 });
    const again = await submit(cookies, await enrollmentBody(cookies));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: refused.id, status: 'pending', opinion: null });
  });

  it('windows by the platform clock: closed before and after 报名时间, open inside', async () => {
    const t = now();
    const hb = await putSettings(mof, junior.id, '130000', {
      ...juniorSettings(t, [{ authorityId: '130100', name: '石家庄市报名点' }]),
      signupStart: beijing(t, 24),
      signupEnd: beijing(t, 48),
      payStart: beijing(t, 24),
      payEnd: beijing(t, 49),
    });
    expect(hb.statusCode, hb.body).toBe(200);
    const { cookies, person } = await approvedAccountant(app);
    const body = await enrollmentBody(cookies, { provinceId: '130000', siteAuthorityId: '130100' });
    const rows = (await app.inject({ method: 'GET', url: `/api/exams/${junior.id}/provinces` })).json().rows;
    expect(rows.find((r: { provinceId: string }) => r.provinceId === '130000').open).toBe(false);
    const early = await submit(cookies, body);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe(`不在报名时间内，报名时间为${beijing(t, 24)}至${beijing(t, 48)}`);
    try {
      await setClock(app, new Date(t.getTime() + 25 * 3_600_000).toISOString());
      const c = sessionCookie(await login(app, person.mobile, PASSWORD));
      expect((await start(c, junior.id, '130000')).json().open).toBe(true);
      const fresh = await enrollmentBody(c, { provinceId: '130000', siteAuthorityId: '130100' });
      await setClock(app, new Date(t.getTime() + 49 * 3_600_000).toISOString());
      const c2 = sessionCookie(await login(app, person.mobile, PASSWORD));
      expect((await submit(c2, fresh)).statusCode).toBe(409);
      await setClock(app, new Date(t.getTime() + 47 * 3_600_000).toISOString());
      const c3 = sessionCookie(await login(app, person.mobile, PASSWORD));
      const inside = await submit(c3, fresh);
      expect(inside.statusCode, inside.body).toBe(201);
    } finally {
      await app.inject({ method: 'DELETE', url: '/api/sandbox/clock' });
    }
  });

  it('自动审核 where the province chose it and 学信网 verified the education, recorded as such', async () => {
    const t = now();
    const bj = await putSettings(mof, junior.id, '110000', { ...juniorSettings(t, [{ authorityId: '110101', name: '东城区报名点' }]), reviewMode: 'auto' });
    expect(bj.statusCode, bj.body).toBe(200);
    const { cookies } = await approvedAccountant(app);
    const res = await submit(cookies, await enrollmentBody(cookies, { provinceId: '110000', siteAuthorityId: '110101' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'approved', mode: 'auto', step: 5 });
    const dc = await staffCookies(app, 'dc_reviewer');
    const item = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=exam_eligibility&page=1&pageSize=50', cookies: dc })).json().items[0];
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${item.id}`, cookies: dc })).json();
    expect(detail.decisions.map((d: { action: string; mode: string }) => [d.action, d.mode])).toEqual([
      ['submit', 'auto'],
      ['approve', 'auto'],
    ]);
  });

  it('an ineligible candidate is told why before the forms, and the server refuses with the same words', async () => {
    const set = await putSettings(sdAdmin, intermediate.id, '370000', {
      ...juniorSettings(now(), [{ authorityId: '370100', name: '济南市报名点' }]),
      fees: { intermediate_practice: '80', financial_management: '80', economic_law: '80' },
    });
    expect(set.statusCode, set.body).toBe(200);
    const { cookies } = await approvedAccountant(app, { workFrom: '2023-03-01' });
    const s = (await start(cookies, intermediate.id)).json();
    expect(s.eligibility.eligible).toBe(false);
    expect(s.eligibility.message).toContain('具备大学本科学历或学士学位，从事会计工作满4年——会计工作年限截至2025年12月31日为2年10个月，不满4年');
    const res = await submit(cookies, await enrollmentBody(cookies, { examId: intermediate.id, category: 'bachelor_4', subjects: ['economic_law'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(s.eligibility.message);
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json()).toEqual([]);
  });

  it('中级 offers only the subjects still needed by the score ledger; the server refuses a passed one in Chinese (issue 24)', async () => {
    const set = await putSettings(sdAdmin, intermediate.id, '370000', {
      ...juniorSettings(now(), [{ authorityId: '370100', name: '济南市报名点' }]),
      fees: { intermediate_practice: '80', financial_management: '80', economic_law: '80' },
    });
    expect(set.statusCode, set.body).toBe(200);
    const { cookies, person } = await approvedAccountant(app, { workFrom: '2015-07-01' });
    // 2024's 经济法 counts for the 2025 exam (rolling two years); 2023's 财务管理 does not; 2024's failed 实务 neither.
    const csv = (subject: string, score: number) => `证件号码,科目,成绩,合格线\n${person.idNumber},${subject},${score},60`;
    for (const [year, subject, score] of [[2024, '经济法', 75], [2023, '财务管理', 80], [2024, '中级会计实务', 50]] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/console/scores/import', cookies: mof, payload: { year, level: 'intermediate', csv: csv(subject, score) } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const s = (await start(cookies, intermediate.id)).json();
    expect(s.eligibility.eligible).toBe(true);
    expect(s.subjectsNeeded).toEqual({ needed: ['intermediate_practice', 'financial_management'], passed: [{ subject: 'economic_law', subjectLabel: '经济法', year: 2024 }], qualified: false });
    const refused = await submit(cookies, await enrollmentBody(cookies, { examId: intermediate.id, category: 'bachelor_4', subjects: ['financial_management', 'economic_law'] }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'enrollment/subjects_passed', message: '“经济法”已于2024年度合格，成绩仍在有效期内，无需再次报考' });
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json()).toEqual([]);
    const ok = await submit(cookies, await enrollmentBody(cookies, { examId: intermediate.id, category: 'bachelor_4', subjects: ['intermediate_practice', 'financial_management'] }));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('高级 counts the work years from the 会计师 date of an approved 会计职称管理 row (issue 24)', async () => {
    const senior = (await createExam(mof, { year: 2025, level: 'senior' })).json();
    const { cookies } = await approvedAccountant(app, { workFrom: '2010-07-01' });
    const route = async () => ((await start(cookies, senior.id)).json().eligibility.routes as Array<{ code: string; satisfied: boolean; facts: string }>).find((r) => r.code === 'senior_bachelor_5')!;
    expect((await putSettings(sdAdmin, senior.id, '370000', { ...juniorSettings(now(), [{ authorityId: '370100', name: '济南市报名点' }]), fees: { senior_practice: '100' } })).statusCode).toBe(200);
    expect(await route()).toMatchObject({ satisfied: false, facts: expect.stringContaining('取得会计师资格：未登记') });
    // 会计师 of 2019-10-18: 6年2个月 to the end of 2025, once the 历下区 reviewer approves the row.
    const row = await app.inject({
      method: 'POST',
      url: '/api/titles/accounting',
      cookies,
      payload: {
        level: 'intermediate',
        qualificationMethod: 'exam',
        passDate: '2019-10-18',
        qualificationCertificateNo: '20193720009911',
        rank: 'accountant',
        titleMethod: 'exam',
        titleCertificateNo: '20193720009911',
        proofFileId: await uploadProof(app, cookies),
      },
    });
    expect(row.statusCode, row.body).toBe(201);
    expect((await route()).satisfied).toBe(false);
    expect((await decide(await staffCookies(app, 'lx_reviewer'), row.json().openReviewItemId, 'approve')).statusCode).toBe(200);
    expect(await route()).toMatchObject({ satisfied: true, facts: expect.stringContaining('取得会计师资格：2019-10-18') });
  });

  it('someone whose 信息采集 is not approved is told to collect first', async () => {
    const { cookies } = await verifiedAccountant(app);
    const s = (await start(cookies, junior.id)).json();
    expect(s).toMatchObject({ blocked: '报名前须完成会计人员信息采集并审核通过，请先办理信息采集', eligibility: null, personal: null });
    const res = await submit(cookies, await enrollmentBody(cookies));
    expect(res.statusCode).toBe(409);
  });

  it('bad input of every field: a Chinese message, nothing filed, never a 500', async () => {
    const { cookies } = await approvedAccountant(app);
    const good = await enrollmentBody(cookies);
    const other = await approvedAccountant(app);
    const othersPhoto = (await uploadExamPhoto(app, other.cookies)).json().id;
    const proof = await uploadProof(app, cookies);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ examId: 'x' }, '考试不存在'],
      [{ examId: '00000000-0000-4000-8000-000000000000' }, '考试不存在'],
      [{ provinceId: '' }, '请选择报考省份'],
      [{ provinceId: '999999' }, '该省份尚未发布本次考试的报名安排'],
      [{ category: '' }, '请选择报考类别'],
      [{ category: 'doctor' }, '请选择报考类别'],
      [{ siteAuthorityId: '' }, '请选择报名点'],
      [{ siteAuthorityId: '110101' }, '请选择本省（市）设置的报名点'],
      [{ subjects: [] }, '请选择报考科目'],
      [{ subjects: ['junior_practice'] }, '初级资格考试须同时报考初级会计实务和经济法基础两个科目'],
      [{ subjects: ['economic_law', 'junior_practice'] }, '“经济法”不是本考试的科目'],
      [{ photoFileId: '' }, '请上传照片'],
      [{ photoFileId: othersPhoto }, '照片文件不存在，请重新上传'],
      [{ photoFileId: proof }, '照片文件不符合本项的上传要求，请重新上传'],
      [{ proofs: { diploma: proof } }, '上传了本报考类别不需要的证明材料，请刷新页面后重新上传'],
      [{ email: 'not-an-email' }, '请输入正确的电子邮箱'],
      [{ promise: false }, '请确认以上报名信息真实、准确'],
    ];
    for (const [patch, message] of cases) {
      const res = await submit(cookies, { ...good, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBeLessThan(500);
      expect(res.statusCode, JSON.stringify(patch)).toBeGreaterThanOrEqual(400);
      expect(res.json().message, JSON.stringify(patch)).toBe(message);
    }
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies })).json()).toEqual([]);
    // The good one still goes through: nothing above consumed the photo.
    expect((await submit(cookies, good)).statusCode).toBe(201);
  });

  it('the exam photo is checked on upload: jpg, 295×413, at most 10KB', async () => {
    const { cookies } = await verifiedAccountant(app);
    const wide = await uploadExamPhoto(app, cookies, { width: 300 });
    expect(wide.statusCode).toBe(400);
    expect(wide.json().message).toBe('照片像素须为295×413px（当前为300×413px）');
    const big = await uploadExamPhoto(app, cookies, { size: 10 * 1024 + 1 });
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toBe('文件大小不能超过10KB');
    expect((await uploadExamPhoto(app, cookies, { size: 10 * 1024 })).statusCode).toBe(201);
  });
});
