import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedAccountant } from '../../test/collection';
import { approvedAccountant } from '../../test/exam';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { uploadFile } from '../../test/uploads';
import { makeJpeg, makePdf } from '../../platform/uploads/test-files';
import { loadConfig } from '../../config';

// 会计人员继续教育 (issue 25; seed 003 §8) through the API, on a real database (PGlite, or the PostgreSQL
// server of TEST_DATABASE_URL). The platform clock is the real one: this year is open, 2024 is closed.

let app: FastifyInstance;
type Cookies = Record<string, string>;
let owner: { cookies: Cookies };
let lixia: Cookies;
let dongcheng: Cookies;
const YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const day = (md: string) => `${YEAR}-${md}`;

beforeAll(async () => {
  app = await buildTestApp({ degree: { ...loadConfig({ AUSM_MODE: 'sandbox' }).degree, timeoutMs: 300, sandboxDelayMs: 0 } });
  owner = await approvedAccountant(app);
  lixia = await staffCookies(app, 'lx_reviewer');
  dongcheng = await staffCookies(app, 'dc_reviewer');
});
afterAll(() => app.close());

let serial = 0;
async function proof(cookies: Cookies): Promise<string> {
  const res = await uploadFile(app, cookies, 'ce_proof', makePdf(2000 + (serial++ % 997)), '证明.pdf');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const apply = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/ce/applications', cookies, payload: payload as object });
const approve = (cookies: Cookies, id: string, body: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: `/api/console/ce/applications/${id}/approve`, cookies, payload: body });
const reject = (cookies: Cookies, id: string, opinion: string) => app.inject({ method: 'POST', url: `/api/console/review-items/${id}/reject`, cookies, payload: { opinion } });
const yearDetail = async (cookies: Cookies, year = YEAR) => {
  const res = await app.inject({ method: 'GET', url: `/api/ce/years/${year}`, cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const meeting = async (cookies: Cookies, extra: Record<string, unknown> = {}) => ({
  form: 'meeting',
  startDate: day('01-10'),
  endDate: day('01-12'),
  days: 3,
  place: `济南市会计学会${serial}`,
  content: '企业会计准则解释研讨会',
  proofFileId: await proof(cookies),
  ...extra,
});

describe('filing and deciding', () => {
  it('a 会议 of 3 days: 30 credits computed, approved into the year as 专业科目', async () => {
    const res = await apply(owner.cookies, await meeting(owner.cookies, { place: '济南市会计学会年会' }));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ form: 'meeting', year: YEAR, claimed: 30, computed: 30, granted: null, status: 'pending', statusLabel: '待审核' });
    expect(a.details).toContainEqual({ label: '与会天数', value: '3' });

    // The reviewer sees the rule's figure beside the claim, in the queue and in the generic detail.
    const queue = (await app.inject({ method: 'GET', url: '/api/console/ce/applications?state=open', cookies: lixia })).json();
    const row = queue.items.find((i: { reviewItemId: string }) => i.reviewItemId === a.reviewItemId);
    expect(row.application).toMatchObject({ claimed: 30, computed: 30 });
    expect(row.applicantName).toBe('张三');
    const generic = (await app.inject({ method: 'GET', url: `/api/console/review-items/${a.reviewItemId}`, cookies: lixia })).json();
    expect(generic.fields).toContainEqual(expect.objectContaining({ label: '按规则折算学分', after: '30' }));
    expect(generic.attachments).toEqual([{ id: a.proofFileId, label: '继续教育个人申请附件' }]);

    expect((await approve(lixia, a.reviewItemId)).statusCode).toBe(200);
    const detail = await yearDetail(owner.cookies);
    expect(detail.entries).toHaveLength(1);
    expect(detail.entries[0]).toMatchObject({ total: 30, professional: 30, public: 0, methodName: '个人申请', reason: '专业科目申请（会议）' });
    expect(detail.progress).toMatchObject({ total: 30, professional: 30, reached: false, missingTotal: 60, missingProfessional: 30 });
    const mine = (await app.inject({ method: 'GET', url: `/api/ce/applications/${a.id}`, cookies: owner.cookies })).json();
    expect(mine).toMatchObject({ status: 'approved', granted: 30 });
    const state = (await app.inject({ method: 'GET', url: '/api/ce', cookies: owner.cookies })).json();
    expect(state.years[0]).toMatchObject({ year: YEAR, total: 30, professional: 30, public: 0 });
  });

  it('公需科目: the rows capped by duration; a corrected figure needs a reason and is recorded', async () => {
    const res = await apply(owner.cookies, {
      form: 'public',
      startDate: day('02-01'),
      endDate: day('02-02'),
      unitName: '山东省会计人员继续教育基地',
      rows: [
        { minutes: 450, credits: 10, content: '会计职业道德' },
        { minutes: 90, credits: 5, content: '政策解读' },
      ],
      proofFileId: await proof(owner.cookies),
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ category: 'public', claimed: 15, computed: 12 });
    expect(a.rows).toHaveLength(2);

    const noReason = await approve(lixia, a.reviewItemId, { credits: 14 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toBe('调整核定学分时请在审核意见中填写调整原因');
    expect((await approve(lixia, a.reviewItemId, { credits: 14.25 })).statusCode).toBe(400);
    const ok = await approve(lixia, a.reviewItemId, { credits: 14, opinion: '第二项培训有签到记录，按120分钟计' });
    expect(ok.statusCode, ok.body).toBe(200);
    const mine = (await app.inject({ method: 'GET', url: `/api/ce/applications/${a.id}`, cookies: owner.cookies })).json();
    expect(mine).toMatchObject({ status: 'approved', granted: 14, correction: '核定学分由12调整为14：第二项培训有签到记录，按120分钟计' });
    const detail = await yearDetail(owner.cookies);
    expect(detail.entries.at(-1)).toMatchObject({ public: 14, professional: 0, reason: '公需科目申请' });
  });

  it('refused with a reason: no credits', async () => {
    const a = (await apply(owner.cookies, await meeting(owner.cookies))).json();
    expect((await reject(lixia, a.reviewItemId, '会议非会计类专业会议')).statusCode).toBe(200);
    const mine = (await app.inject({ method: 'GET', url: `/api/ce/applications/${a.id}`, cookies: owner.cookies })).json();
    expect(mine).toMatchObject({ status: 'rejected', granted: null, opinion: '会议非会计类专业会议' });
    expect((await yearDetail(owner.cookies)).entries.every((e: { reason: string; id: string }) => e.reason !== '' && e.id)).toBe(true);
    expect((await yearDetail(owner.cookies)).entries).toHaveLength(2);
  });

  it('two reviewers approving at once grant once', async () => {
    const a = (await apply(owner.cookies, await meeting(owner.cookies, { days: 1, endDate: day('01-10') }))).json();
    const jinan = await staffCookies(app, 'jn_reviewer');
    const before = (await yearDetail(owner.cookies)).entries.length;
    const results = await Promise.all([approve(lixia, a.reviewItemId), approve(jinan, a.reviewItemId), approve(lixia, a.reviewItemId)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const detail = await yearDetail(owner.cookies);
    expect(detail.entries).toHaveLength(before + 1);
  });

  it('withdrawn while pending, not after', async () => {
    const a = (await apply(owner.cookies, await meeting(owner.cookies))).json();
    const res = await app.inject({ method: 'POST', url: `/api/ce/applications/${a.id}/withdraw`, cookies: owner.cookies });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });
    const again = await app.inject({ method: 'POST', url: `/api/ce/applications/${a.id}/withdraw`, cookies: owner.cookies });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该申请已审核完毕，不能撤回');
  });
});

describe('duplicates and closed years', () => {
  it('one paper claimed twice: 409; sixteen at once leave one', async () => {
    const paper = { form: 'paper', publishedOn: day('01-05'), title: '管理会计在制造业的应用', authors: '张三', journal: '会计研究', issue: '第1期', serialKind: 'CN', serialNo: '11-1078/F', authorRank: 'other' };
    const proofs = await Promise.all(Array.from({ length: 16 }, () => proof(owner.cookies)));
    const results = await Promise.all(proofs.map((proofFileId) => apply(owner.cookies, { ...paper, proofFileId })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused.every((r) => r.statusCode === 409 && r.json().message === '该论文已申请过继续教育学分（待审核或已通过），不能重复申请')).toBe(true);
    expect(results.find((r) => r.statusCode === 201)!.json()).toMatchObject({ computed: 10 });
    const again = await apply(owner.cookies, { ...paper, title: ' 管理会计在制造业的应用', serialNo: 'cn11-1078/f', proofFileId: await proof(owner.cookies) });
    expect(again.statusCode).toBe(409);
  });

  it('a closed year refuses the application with the reason', async () => {
    const res = await apply(owner.cookies, await meeting(owner.cookies, { startDate: '2024-05-01', endDate: '2024-05-01', days: 1 }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ce/year_closed', message: '2024年度继续教育已截止登记，不能再申请或授予该年度学分' });
  });

  it('before 信息采集 is approved: refused', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '李四' });
    const res = await apply(cookies, await meeting(cookies));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('信息采集审核通过后才能申请继续教育学分');
    expect((await app.inject({ method: 'GET', url: '/api/ce', cookies })).json().refusal).toBe('信息采集审核通过后才能申请继续教育学分');
  });
});

describe('bad input: each form its Chinese message, nothing written, never a 500', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['online_training', { form: 'online_training', startDate: day('01-02'), endDate: day('01-01'), institution: '中心', rows: [] }, '请新增培训经历，至少一条'],
    ['offline_training', { form: 'offline_training' }, '请选择培训开始时间'],
    ['paper', { form: 'paper', serialKind: 'CN', serialNo: 'abc' }, '国内统一刊号格式应为 CN 11-1234/F'],
    ['meeting', { form: 'meeting', startDate: day('01-01'), endDate: day('01-02'), days: 5 }, '与会天数不能超过会议天数（2天）'],
    ['book', { form: 'book', isbn: '123' }, '书号不正确，请按图书版权页的ISBN填写（如 978-7-5095-1234-5）'],
    ['exam', { form: 'exam', examType: 'cpa', subject: '经济法基础' }, '请选择注册会计师全国统一考试的考试科目'],
    ['degree', { form: 'degree', education: 'phd' }, '请选择学历'],
    ['project', { form: 'project', independent: false }, '请选择是否主持'],
    ['public', { form: 'public', rows: [{ minutes: -1 }] }, '培训时长须大于0分钟'],
    ['no form', { form: 'lecture' }, '请选择继续教育形式'],
  ];
  it.each(cases)('%s', async (_name, payload, message) => {
    const before = (await app.inject({ method: 'GET', url: '/api/ce/applications', cookies: owner.cookies })).json().items.length;
    const res = await apply(owner.cookies, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json())).toContain(message);
    expect((await app.inject({ method: 'GET', url: '/api/ce/applications', cookies: owner.cookies })).json().items.length).toBe(before);
  });
});

describe('the proof: only a real PDF of at most 2 MB', () => {
  it('a jpg, a renamed file, an oversize PDF are refused at upload; another purpose is refused at submission', async () => {
    const jpg = await uploadFile(app, owner.cookies, 'ce_proof', makeJpeg({ width: 200, height: 200 }), '证明.pdf');
    expect(jpg.statusCode).toBe(400);
    expect(jpg.json().message).toBe('文件格式不正确：只能上传PDF文件');
    const fake = await uploadFile(app, owner.cookies, 'ce_proof', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x41)]), '证明.pdf');
    expect(fake.statusCode).toBe(400);
    const big = await uploadFile(app, owner.cookies, 'ce_proof', makePdf(2 * 1024 * 1024 + 1), '证明.pdf');
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toBe('文件大小不能超过2MB');
    const photo = await uploadFile(app, owner.cookies, 'proof', makeJpeg({ width: 800, height: 600, size: 40_000 }), 'a.jpg');
    expect(photo.statusCode).toBe(201);
    const res = await apply(owner.cookies, await meeting(owner.cookies, { proofFileId: photo.json().id }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('继续教育个人申请附件');
  });
});

describe('scope', () => {
  it("another authority's reviewer and another person see nothing of it", async () => {
    const a = (await apply(owner.cookies, await meeting(owner.cookies))).json();
    expect((await approve(dongcheng, a.reviewItemId)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/console/ce/applications/${a.reviewItemId}`, cookies: dongcheng })).statusCode).toBe(404);
    const dcQueue = (await app.inject({ method: 'GET', url: '/api/console/ce/applications', cookies: dongcheng })).json();
    expect(dcQueue.items.find((i: { reviewItemId: string }) => i.reviewItemId === a.reviewItemId)).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: `/api/files/${a.proofFileId}`, cookies: dongcheng })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/files/${a.proofFileId}`, cookies: lixia })).statusCode).toBe(200);

    const other = await verifiedAccountant(app, { realName: '王五' });
    expect((await app.inject({ method: 'GET', url: `/api/ce/applications/${a.id}`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/ce/applications/${a.id}/withdraw`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/files/${a.proofFileId}`, cookies: other.cookies })).statusCode).toBe(404);
    // Not an accountant's route for staff, nor a staff route for an accountant.
    expect((await app.inject({ method: 'GET', url: '/api/console/ce/years/2026', cookies: owner.cookies })).statusCode).toBe(401);
    // Another kind's item is not decided through this route.
    expect((await approve(lixia, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('the year in an authority, and a province\'s figures', () => {
  it('who reached the year and who not, as CSV', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/console/ce/years/${YEAR}`, cookies: lixia });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.people).toBeGreaterThanOrEqual(1);
    const me = view.items.find((i: { name: string }) => i.name === '张三');
    expect(me).toMatchObject({ professional: expect.any(Number), missingProfessional: expect.any(Number) });
    expect(me.idNumberMasked).toMatch(/\*/);
    const csv = await app.inject({ method: 'GET', url: `/api/console/ce/years/${YEAR}/not-reached.csv`, cookies: lixia });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"姓名","证件号码"');
    expect(csv.body).toContain('"张三"');
    const outside = await app.inject({ method: 'GET', url: `/api/console/ce/years/${YEAR}?authorityId=110101`, cookies: lixia });
    expect(outside.statusCode).toBe(404);
    const dc = (await app.inject({ method: 'GET', url: `/api/console/ce/years/${YEAR}`, cookies: dongcheng })).json();
    expect(dc.items.find((i: { name: string }) => i.name === '张三')).toBeUndefined();
  });

  it('the province admin sets the figures; a county reviewer may not; a setting is checked', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const put = (cookies: Cookies, body: unknown, year = YEAR) => app.inject({ method: 'PUT', url: `/api/console/ce/settings/${year}`, cookies, payload: body as object });
    const body = { requiredTotal: 90, professionalMin: 60, minutesPerCredit: 60, closesOn: `${YEAR + 1}-02-28` };
    expect((await put(lixia, body)).statusCode).toBe(403);
    expect((await put(admin, { ...body, closesOn: `${YEAR}-06-30` })).json().message).toBe(`截止登记日期不能早于${YEAR}-12-31`);
    expect((await put(admin, { ...body, professionalMin: 100 })).statusCode).toBe(400);
    expect((await put(admin, body, 2024)).statusCode).toBe(409);
    const saved = await put(admin, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ provinceId: '370000', setting: { minutesPerCredit: 60, custom: true }, editable: true });
    // The person's form now previews with the province's figure.
    expect((await app.inject({ method: 'GET', url: `/api/ce/settings/${YEAR}`, cookies: owner.cookies })).json().setting.minutesPerCredit).toBe(60);
  });
});

describe('考试 credits from the score ledger (系统记录)', () => {
  it('a subject passed grants 90 专业科目 credits of its year once, however often the results are imported or the pages read', async () => {
    const person = await approvedAccountant(app);
    const mof = await staffCookies(app, 'mof_admin');
    const year = YEAR - 1;
    const csv = ['证件号码,科目,成绩,合格线', `${person.person.idNumber},初级会计实务,72,60`, `${person.person.idNumber},经济法基础,55,60`].join('\n');
    const imported = await app.inject({ method: 'POST', url: '/api/console/scores/import', cookies: mof, payload: { year, level: 'junior', csv } });
    expect(imported.statusCode, imported.body).toBe(200);
    // Again, and sixteen reads at once: still one grant.
    expect((await app.inject({ method: 'POST', url: '/api/console/scores/import', cookies: mof, payload: { year, level: 'junior', csv } })).statusCode).toBe(200);
    await Promise.all(Array.from({ length: 16 }, () => app.inject({ method: 'GET', url: '/api/ce', cookies: person.cookies })));
    const detail = await yearDetail(person.cookies, year);
    expect(detail.entries).toHaveLength(1);
    expect(detail.entries[0]).toMatchObject({ professional: 90, public: 0, total: 90, method: 'system', methodName: '系统记录', reason: `${year}年全国会计专业技术资格考试（初级）初级会计实务成绩合格` });
    // The subject failed grants nothing; the current year is untouched.
    expect((await yearDetail(person.cookies)).entries).toHaveLength(0);
  });
});
