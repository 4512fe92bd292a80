import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicInfo, JINAN_LIXIA, uploadProof, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';

// Issue 18, "what an approved record must not do": once 信息采集 is 审核通过 the wizard only shows it;
// every write is refused and changes nothing. Also the education overlap rule, the opinion that belongs
// to its decision, and the templates that download.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
type Notice = { part: string; reviewItemId: string; reviewStatus: string; opinion: string | null };
const get = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();
const send = (cookies: Cookies, method: 'PUT' | 'POST' | 'DELETE', path: string, payload?: unknown) =>
  app.inject({ method, url: `/api/collection/${path}`, cookies, ...(payload === undefined ? {} : { payload: payload as object }) });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });

/** A 会计人员 who completed and submitted every part. */
async function submitted(realName = '张三') {
  const { cookies } = await verifiedAccountant(app, { realName });
  expect((await send(cookies, 'PUT', 'scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await send(cookies, 'PUT', 'basic', await basicInfo(app, cookies))).statusCode).toBe(200);
  const edu = await send(cookies, 'POST', 'education', ZHANGSAN_BACHELOR);
  expect(edu.statusCode, edu.body).toBe(201);
  const work = await send(cookies, 'POST', 'work', await workRecord(app, cookies));
  expect(work.statusCode, work.body).toBe(201);
  expect((await send(cookies, 'PUT', 'authority', JINAN_LIXIA)).statusCode).toBe(200);
  const state = await send(cookies, 'POST', 'submit', { promise: true });
  expect(state.statusCode, state.body).toBe(200);
  return { cookies, education: edu.json().record, work: work.json().record, notices: state.json().notices as Notice[] };
}

/** …and 历下区 approved every part. */
async function approved() {
  const s = await submitted();
  const reviewer = await staffCookies(app, 'lx_reviewer');
  for (const n of s.notices) expect((await decide(reviewer, n.reviewItemId, 'approve', '材料齐全，审核通过')).statusCode).toBe(200);
  const state = await get(s.cookies);
  expect(state.collectionStatus).toBe('approved');
  return { ...s, state };
}

describe('an approved collection', () => {
  it('refuses every write of the wizard with a Chinese message, and nothing changes', async () => {
    const { cookies, education, work, state: before } = await approved();
    const writes: Array<[string, 'PUT' | 'POST' | 'DELETE', string, unknown?]> = [
      ['the same scope again (下一步 on 采集须知)', 'PUT', 'scope', { scope: 'accountant' }],
      ['another scope', 'PUT', 'scope', { scope: 'qualified_non_accountant' }],
      ['基本信息 as it is (下一步 on 基本信息)', 'PUT', 'basic', await basicInfo(app, cookies)],
      ['a new education record', 'POST', 'education', { ...ZHANGSAN_BACHELOR, startDate: '2016-09-01', endDate: '2019-06-30' }],
      ['an edited education record', 'PUT', `education/${education.id}`, ZHANGSAN_BACHELOR],
      ['a deleted education record', 'DELETE', `education/${education.id}`],
      ['a new work record', 'POST', 'work', await workRecord(app, cookies, { startDate: '2013-01-01', endDate: '2014-12-31', hasAccountingExperience: false, experiences: [] })],
      ['an edited work record', 'PUT', `work/${work.id}`, { ...(await workRecord(app, cookies)), unitName: '另一家公司' }],
      ['a deleted work record', 'DELETE', `work/${work.id}`],
      ['the same 会计管理部门', 'PUT', 'authority', JINAN_LIXIA],
      ['提交审核', 'POST', 'submit', { promise: true }],
    ];
    for (const [what, method, path, payload] of writes) {
      const res = await send(cookies, method, path, payload);
      expect(res.statusCode, what).toBe(409);
      expect(res.json(), what).toMatchObject({ code: 'collection/approved', message: '信息采集已审核通过，如需修改请办理信息变更' });
    }
    const after = await get(cookies);
    expect(after.collectionStatus).toBe('approved');
    expect(after).toEqual(before);
  });

  it('refuses 16 identical saves at once, all of them', async () => {
    const { cookies, state: before } = await approved();
    const body = await basicInfo(app, cookies);
    const answers = await Promise.all(Array.from({ length: 16 }, () => send(cookies, 'PUT', 'basic', body)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(16).fill(409));
    const deletes = await Promise.all(Array.from({ length: 16 }, () => send(cookies, 'DELETE', `work/${before.work[0].id}`)));
    expect(deletes.map((a) => a.statusCode)).toEqual(Array(16).fill(409));
    expect(await get(cookies)).toEqual(before);
  });

  it('shows each part with the opinion of the decision, and 审核告知 lines all 审核通过', async () => {
    const { state } = await approved();
    expect(state.basic.reviewStatus).toBe('approved');
    expect(state.notices.map((n: Notice) => [n.reviewStatus, n.opinion])).toEqual(Array(3).fill(['approved', '材料齐全，审核通过']));
  });
});

describe('while parts are under review', () => {
  it('refuses writes to them, and 提交审核 again has nothing to submit', async () => {
    const { cookies, education, work } = await submitted();
    const before = await get(cookies);
    for (const [method, path, payload] of [
      ['PUT', 'scope', { scope: 'accountant' }],
      ['PUT', 'basic', await basicInfo(app, cookies)],
      ['PUT', `education/${education.id}`, ZHANGSAN_BACHELOR],
      ['DELETE', `education/${education.id}`, undefined],
      ['DELETE', `work/${work.id}`, undefined],
    ] as const) {
      const res = await send(cookies, method, path, payload);
      expect(res.statusCode, path).toBe(409);
      expect(res.json().code, path).toBe('collection/under_review');
    }
    expect((await send(cookies, 'POST', 'submit', { promise: true })).json().code).toBe('collection/nothing_to_submit');
    const after = await get(cookies);
    expect(after.collectionStatus).toBe('pending');
    expect(after.notices).toEqual(before.notices);
  });
});

describe('an opinion belongs to its decision', () => {
  it('an approved 基本信息 edited while another part is refused shows no old opinion beside 未提交审核', async () => {
    const { cookies, notices } = await submitted();
    const reviewer = await staffCookies(app, 'lx_reviewer');
    const byPart = (p: string) => notices.find((n) => n.part === p)!.reviewItemId;
    expect((await decide(reviewer, byPart('basic'), 'approve', '材料齐全，审核通过')).statusCode).toBe(200);
    expect((await decide(reviewer, byPart('education'), 'approve')).statusCode).toBe(200);
    expect((await decide(reviewer, byPart('work'), 'reject', '劳动合同照片不清晰')).statusCode).toBe(200);
    const rejected = await get(cookies);
    expect(rejected.collectionStatus).toBe('rejected');
    // Not approved as a whole: the approved 基本信息 may still be edited, and goes back to 未提交审核.
    expect((await send(cookies, 'PUT', 'basic', await basicInfo(app, cookies))).statusCode).toBe(200);
    const state = await get(cookies);
    expect(state.basic).toMatchObject({ reviewStatus: 'draft', reviewOpinion: null });
    expect(state.notices.find((n: Notice) => n.part === 'basic')).toMatchObject({ reviewStatus: 'draft', opinion: null });
    expect(state.notices.find((n: Notice) => n.part === 'work')).toMatchObject({ reviewStatus: 'rejected', opinion: '劳动合同照片不清晰' });
  });
});

describe('education periods', () => {
  it('do not overlap: 本科 2011–2015 and 硕士 2014–2017 are refused with the seed’s words, and nothing is saved', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    await send(cookies, 'PUT', 'scope', { scope: 'accountant' });
    expect((await send(cookies, 'POST', 'education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
    const master = { ...ZHANGSAN_BACHELOR, educationLevel: 'master', degree: 'master', startDate: '2014-09-01', endDate: '2017-06-30', diplomaNo: '1', degreeNo: '2' };
    const res = await send(cookies, 'POST', 'education', master);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'collection/education_overlap', field: 'startDate' });
    expect(res.json().message).toContain('新增教育经历时间不得和已新增的教育经历时间交叉');
    expect(res.json().message).toContain('山东大学');
    expect((await get(cookies)).education).toHaveLength(1);

    // After it, with its certificate images (the sandbox 学信网 does not know it), it is taken.
    const later = { ...master, startDate: '2015-09-01', endDate: '2018-06-30', attachments: { diploma: await uploadProof(app, cookies), degree: await uploadProof(app, cookies) } };
    const ok = await send(cookies, 'POST', 'education', later);
    expect(ok.statusCode, ok.body).toBe(201);
    // Editing it back into the 本科 years is refused too.
    const edit = await send(cookies, 'PUT', `education/${ok.json().record.id}`, { ...later, startDate: '2015-01-01' });
    expect(edit.json().code).toBe('collection/education_overlap');
    expect((await get(cookies)).education.map((e: { startDate: string }) => e.startDate)).toEqual(['2011-09-01', '2015-09-01']);
  });
});

describe('个人档案: the summary of 信息采集', () => {
  it('says nothing before anything is saved, and status, authority and the last decision once approved', async () => {
    const { cookies } = await verifiedAccountant(app);
    const empty = await app.inject({ method: 'GET', url: '/api/collection/summary', cookies });
    expect(empty.json()).toEqual({ collectionStatus: 'none', authorityName: null, submittedAt: null, lastDecision: null });
    expect((await app.inject({ method: 'GET', url: '/api/collection/summary' })).statusCode).toBe(401);

    const done = await approved();
    const res = await app.inject({ method: 'GET', url: '/api/collection/summary', cookies: done.cookies });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      collectionStatus: 'approved',
      authorityName: '山东省-济南市-历下区',
      lastDecision: { status: 'approved', opinion: '材料齐全，审核通过' },
    });
    expect(res.json().lastDecision.title).toMatch(/^信息采集·/);
    expect(res.json().submittedAt).toBeTruthy();
  });
});

describe('the proof templates', () => {
  it('download as files', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '王五' });
    const res = await app.inject({ method: 'GET', url: '/api/collection/templates/work-history-proof', cookies });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="work-history-proof\.html"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toBe('工作经历证明.html');
  });
});
