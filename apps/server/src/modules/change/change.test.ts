import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { basicInfo, JINAN_LIXIA, uploadProof, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { loadConfig } from '../../config';

// 信息变更 (issue 18; seeds 003 §4, 000 §4) through the API, on a real database (PGlite, or the
// PostgreSQL server of TEST_DATABASE_URL).

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ degree: { ...loadConfig({ AUSM_MODE: 'sandbox' }).degree, timeoutMs: 300, sandboxDelayMs: 0 } });
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
type Diff = { key: string; label: string; before: string; after: string; changed: boolean };
type Change = { id: string; part: string; method: string; mode: string; status: string; reviewItemId: string; kindLabel: string; diff: Diff[]; recordId: string | null; attachments: { before: unknown[]; after: unknown[] } };

const collection = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();
const state = async (cookies: Cookies) => {
  const res = await app.inject({ method: 'GET', url: '/api/change', cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const send = (cookies: Cookies, method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown) =>
  app.inject({ method, url: `/api/change/${path}`, cookies, ...(payload === undefined ? {} : { payload: payload as object }) });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });
const changed = (c: Change) => c.diff.filter((d) => d.changed).map((d) => d.label);

/** An accountant whose 信息采集 历下区 approved: 基本信息, 山东大学 本科 and a current job. */
async function approvedAccountant() {
  const { cookies, person } = await verifiedAccountant(app, { realName: '张三' });
  const put = (path: string, payload: unknown) => app.inject({ method: 'PUT', url: `/api/collection/${path}`, cookies, payload: payload as object });
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/collection/${path}`, cookies, payload: payload as object });
  expect((await put('scope', { scope: 'accountant' })).statusCode).toBe(200);
  const basic = await basicInfo(app, cookies);
  expect((await put('basic', basic)).statusCode).toBe(200);
  expect((await post('education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  const work = await workRecord(app, cookies);
  expect((await post('work', work)).statusCode).toBe(201);
  expect((await put('authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const reviewer = await staffCookies(app, 'lx_reviewer');
  for (const n of submitted.json().notices as Array<{ reviewItemId: string }>) expect((await decide(reviewer, n.reviewItemId, 'approve')).statusCode).toBe(200);
  const approved = await collection(cookies);
  expect(approved.collectionStatus).toBe('approved');
  return { cookies, person, basic, work, approved, reviewer };
}

/** An earlier job, before the current one (2015-07-01 至今), with its proofs. */
const earlierJob = (cookies: Cookies, extra: Record<string, unknown> = {}) =>
  workRecord(app, cookies, {
    startDate: '2012-01-01',
    endDate: '2014-12-31',
    unitName: '济南早年会计师事务所',
    experiences: [{ postLevel: '04', position: '02', startDate: '2012-01-01', endDate: '2014-12-31' }],
    ...extra,
  });

describe('who may change', () => {
  it('only while 信息采集 is 审核通过: otherwise the page says so and nothing is filed', async () => {
    const { cookies } = await verifiedAccountant(app);
    const s = await state(cookies);
    expect(s).toMatchObject({ allowed: false, record: null, changes: [] });
    const res = await send(cookies, 'POST', 'basic', await basicInfo(app, cookies));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'change/not_allowed', message: '仅在信息采集审核通过状态下允许变更' });
  });

  it("another person's records are not found, and their review items cannot be withdrawn", async () => {
    const a = await approvedAccountant();
    const b = await approvedAccountant();
    const workId = a.approved.work[0].id as string;
    expect((await send(b.cookies, 'PUT', `work/${workId}`, a.work)).statusCode).toBe(404);
    expect((await send(b.cookies, 'DELETE', `work/${workId}`)).statusCode).toBe(404);
    expect((await send(b.cookies, 'DELETE', `education/${a.approved.education[0].id}`)).statusCode).toBe(404);
    expect((await send(b.cookies, 'DELETE', 'work/not-a-uuid')).statusCode).toBe(404);
    const filed = (await send(a.cookies, 'POST', 'work', await earlierJob(a.cookies))).json() as Change;
    const withdraw = await app.inject({ method: 'POST', url: `/api/my/review-items/${filed.reviewItemId}/withdraw`, cookies: b.cookies });
    expect(withdraw.statusCode).toBe(404);
    expect((await state(a.cookies)).changes[0].status).toBe('pending');
    // B's 变更记录 holds nothing of A's.
    expect((await state(b.cookies)).changes).toEqual([]);
  });
});

describe('基本信息变更', () => {
  it('通讯地址 only: approved at once (自动审核), the record changed, the diff marks the address', async () => {
    const { cookies, basic, approved } = await approvedAccountant();
    const s = await state(cookies);
    expect(s.allowed).toBe(true);
    expect(s.record.readonly.maskedName).toBe('张**');
    expect(s.record.basic.address.detail).toBe('经十路100号');

    const res = await send(cookies, 'POST', 'basic', { ...basic, address: { ...basic.address, detail: '经十路200号' } });
    expect(res.statusCode, res.body).toBe(201);
    const change = res.json() as Change;
    expect(change).toMatchObject({ part: 'basic', method: 'modify', mode: 'auto', status: 'approved', kindLabel: '基本信息变更' });
    expect(changed(change)).toEqual(['通讯地址']);
    const address = change.diff.find((d) => d.key === 'address')!;
    expect(address).toMatchObject({ before: '山东省 济南市 历下区 经十路100号', after: '山东省 济南市 历下区 经十路200号' });
    // Masked as the portal masks: no whole ID number in the person's own history.
    expect(change.diff.find((d) => d.key === 'realName')!.after).toBe('张**');
    expect(change.diff.find((d) => d.key === 'idNumber')!.after).toContain('*');

    const after = await collection(cookies);
    expect(after.basic.address.detail).toBe('经十路200号');
    expect(after.collectionStatus).toBe('approved');
    expect(approved.basic.address.detail).toBe('经十路100号');

    // 信息查询 prints the part's last change: this one, not the collection's approval.
    const inquiry = (await app.inject({ method: 'GET', url: '/api/inquiry', cookies })).json();
    expect(inquiry.basic.lastChange).toMatchObject({ kind: '信息变更·修改' });
    expect(inquiry.work.lastChange.kind).not.toContain('信息变更');
  });

  it('adding the 身份证明 goes to 历下区 (人工审核); the record stays until approved, then changes in the decision', async () => {
    const { cookies, basic, reviewer } = await approvedAccountant();
    const proofs = { idProofFrontFileId: await uploadProof(app, cookies), idProofBackFileId: await uploadProof(app, cookies) };
    const res = await send(cookies, 'POST', 'basic', { ...basic, ...proofs, email: 'new@example.com' });
    expect(res.statusCode, res.body).toBe(201);
    const change = res.json() as Change;
    expect(change).toMatchObject({ mode: 'manual', status: 'pending' });
    // 变更详情 shows the files of both sides (seed 001 §4.2): the photo kept, the 身份证明 added, in red.
    expect(change.attachments.before).toEqual([{ id: basic.photoFileId, label: '照片', changed: false }]);
    expect(change.attachments.after).toEqual([
      { id: basic.photoFileId, label: '照片', changed: false },
      { id: proofs.idProofFrontFileId, label: '身份证明正面', changed: true },
      { id: proofs.idProofBackFileId, label: '身份证明背面', changed: true },
    ]);
    // The person opens them from 变更详情; another person does not.
    expect((await app.inject({ method: 'GET', url: `/api/files/${proofs.idProofFrontFileId}`, cookies })).statusCode).toBe(200);
    const stranger = await approvedAccountant();
    expect((await app.inject({ method: 'GET', url: `/api/files/${proofs.idProofFrontFileId}`, cookies: stranger.cookies })).statusCode).toBe(404);
    expect((await collection(cookies)).basic.email).toBe('someone@example.com');
    expect((await state(cookies)).open.basic).toBe(change.id);

    // The reviewer of 历下区 sees the diff with the changed field marked, and the proofs attached.
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${change.reviewItemId}`, cookies: reviewer })).json();
    expect(detail.item).toMatchObject({ kindLabel: '基本信息变更', mode: 'manual' });
    expect(detail.fields.filter((f: Diff) => f.changed).map((f: Diff) => f.label)).toEqual(['邮箱']);
    expect(detail.fields.some((f: Diff) => f.key === 'changeId' || f.key === 'idProofFrontFileId')).toBe(false);
    expect(detail.attachments.map((a: { label: string }) => a.label)).toEqual(['照片', '身份证明正面', '身份证明背面']);

    expect((await decide(reviewer, change.reviewItemId, 'approve', '同意')).statusCode).toBe(200);
    const after = await collection(cookies);
    expect(after.basic).toMatchObject({ email: 'new@example.com', ...proofs });
    const s = await state(cookies);
    expect(s.open.basic).toBeNull();
    expect(s.changes[0]).toMatchObject({ status: 'approved', mode: 'manual', opinion: '同意' });
  });

  it('three changes: each version stays readable, the last is the record', async () => {
    const { cookies, basic } = await approvedAccountant();
    for (const detail of ['一号', '二号', '三号']) {
      const res = await send(cookies, 'POST', 'basic', { ...basic, address: { ...basic.address, detail } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const s = await state(cookies);
    const versions = (s.changes as Change[]).map((c) => c.diff.find((d) => d.key === 'address')!);
    // Newest first: each change's before is the version the one before it made.
    expect(versions.map((v) => [v.before, v.after])).toEqual([
      ['山东省 济南市 历下区 二号', '山东省 济南市 历下区 三号'],
      ['山东省 济南市 历下区 一号', '山东省 济南市 历下区 二号'],
      ['山东省 济南市 历下区 经十路100号', '山东省 济南市 历下区 一号'],
    ]);
    expect((s.changes as Change[]).every((c) => c.status === 'approved' && c.mode === 'auto')).toBe(true);
    expect((await collection(cookies)).basic.address.detail).toBe('三号');
    // Who decided and when: the review engine's decisions of each item.
    const mine = (await app.inject({ method: 'GET', url: '/api/my/review-items?kind=change_basic', cookies })).json();
    expect(mine.items).toHaveLength(3);
    expect(mine.items.every((i: { status: string; decidedAt: string | null }) => i.status === 'approved' && i.decidedAt)).toBe(true);
  });

  it('what registration fixed stays: a mainland ID keeps its sex and birth date', async () => {
    const { cookies, basic, approved } = await approvedAccountant();
    const res = await send(cookies, 'POST', 'basic', { ...basic, sex: approved.readonly.sex === 'male' ? 'female' : 'male', birthDate: '1990-01-01', postalCode: '250001' });
    expect(res.statusCode, res.body).toBe(201);
    expect(changed(res.json())).toEqual(['邮编']);
    expect((await collection(cookies)).readonly).toMatchObject({ sex: approved.readonly.sex, birthDate: approved.readonly.birthDate });
  });

  it('bad input: a Chinese message and nothing filed', async () => {
    const { cookies, basic } = await approvedAccountant();
    const res = await send(cookies, 'POST', 'basic', { ...basic, postalCode: '12' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('邮政编码应为6位数字');
    expect((await state(cookies)).changes).toEqual([]);
  });
});

describe('教育经历 and 工作经历', () => {
  it('新增 a work record: reviewed by 历下区, applied by the approval, 变更方式 新增', async () => {
    const { cookies, reviewer } = await approvedAccountant();
    const res = await send(cookies, 'POST', 'work', await earlierJob(cookies));
    expect(res.statusCode, res.body).toBe(201);
    const change = res.json() as Change;
    expect(change).toMatchObject({ part: 'work', method: 'add', mode: 'manual', status: 'pending', kindLabel: '工作经历变更' });
    expect(change.diff.find((d) => d.key === 'unitName')).toMatchObject({ before: '', after: '济南早年会计师事务所', changed: true });
    expect((await collection(cookies)).work).toHaveLength(1);

    // Staff of another province neither see nor decide it.
    const beijing = await staffCookies(app, 'dc_reviewer');
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${change.reviewItemId}`, cookies: beijing })).statusCode).toBe(404);
    expect((await decide(beijing, change.reviewItemId, 'approve')).statusCode).toBe(404);
    const bjQueue = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=change_work&pageSize=100', cookies: beijing })).json();
    expect(bjQueue.items.some((i: { id: string }) => i.id === change.reviewItemId)).toBe(false);
    const lxQueue = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=change_work&status=pending&pageSize=100', cookies: reviewer })).json();
    expect(lxQueue.items.some((i: { id: string }) => i.id === change.reviewItemId)).toBe(true);
    // The reviewer's diff of a 新增: every value given is new (red), empty ones are not.
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${change.reviewItemId}`, cookies: reviewer })).json();
    expect(detail.item.kindLabel).toBe('工作经历变更');
    expect(detail.fields.find((f: Diff) => f.key === 'unitName')).toMatchObject({ before: '', after: '济南早年会计师事务所', changed: true });
    expect(detail.fields.find((f: Diff) => f.key === 'appointmentDate')).toMatchObject({ changed: false });

    expect((await decide(reviewer, change.reviewItemId, 'approve')).statusCode).toBe(200);
    const after = await collection(cookies);
    expect(after.work.map((w: { unitName: string; reviewStatus: string }) => [w.unitName, w.reviewStatus])).toEqual([
      ['济南早年会计师事务所', 'approved'],
      ['济南某某会计服务有限公司', 'approved'],
    ]);
    expect(after.work[0].id).toBe(change.recordId);
    expect(after.collectionStatus).toBe('approved');
  });

  it('修改 and 变更删除 of a work record; a rejection leaves the record as it was', async () => {
    const { cookies, reviewer, approved, work } = await approvedAccountant();
    const id = approved.work[0].id as string;
    const modified = await send(cookies, 'PUT', `work/${id}`, { ...work, phone: '0531-66666666' });
    expect(modified.statusCode, modified.body).toBe(201);
    expect(changed(modified.json())).toEqual(['工作单位电话']);
    expect((await decide(reviewer, modified.json().reviewItemId, 'reject', '电话与证明不符')).statusCode).toBe(200);
    expect((await collection(cookies)).work[0].phone).toBe('0531-88888888');
    expect((await state(cookies)).changes[0]).toMatchObject({ status: 'rejected', opinion: '电话与证明不符', method: 'modify' });

    // Deleting the only job with 会计工作经历 would leave a 会计人员 without one: refused.
    const refused = await send(cookies, 'DELETE', `work/${id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('change/scope_requirements');

    // With an earlier job approved, the current one may go.
    const added = (await send(cookies, 'POST', 'work', await earlierJob(cookies))).json() as Change;
    expect((await decide(reviewer, added.reviewItemId, 'approve')).statusCode).toBe(200);
    const proofs = { idProofFrontFileId: await uploadProof(app, cookies), idProofBackFileId: await uploadProof(app, cookies) };
    // No current job and no current study: the 身份证明 is needed first (seed 000 §3.2).
    const noProof = await send(cookies, 'DELETE', `work/${id}`);
    expect(noProof.statusCode).toBe(400);
    expect(noProof.json().code).toBe('change/id_proof_required');
    const basic = (await send(cookies, 'POST', 'basic', { ...(await basicInfo(app, cookies)), ...proofs })).json() as Change;
    expect(basic.mode).toBe('manual');
    expect((await decide(reviewer, basic.reviewItemId, 'approve')).statusCode).toBe(200);
    const deleted = await send(cookies, 'DELETE', `work/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(201);
    expect(deleted.json()).toMatchObject({ method: 'delete' });
    expect(deleted.json().diff.find((d: Diff) => d.key === 'unitName')).toMatchObject({ before: '济南某某会计服务有限公司', after: '', changed: true });
    // 变更详情's files: a 删除 takes the job's proofs away (all before, in red; none after). A change filed before the
    // files were kept with it (session 23) shows its review item's as the same side.
    const removed = deleted.json().attachments;
    expect(removed.before.length).toBeGreaterThan(0);
    expect(removed.before.every((a: { changed: boolean }) => a.changed)).toBe(true);
    expect(removed.after).toEqual([]);
    await app.database.db.execute(sql`update change_requests set data = data - 'files' where id = ${deleted.json().id}`);
    expect((await state(cookies)).changes.find((c: Change) => c.id === deleted.json().id).attachments).toEqual(removed);
    expect((await decide(reviewer, deleted.json().reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await collection(cookies)).work.map((w: { unitName: string }) => w.unitName)).toEqual(['济南早年会计师事务所']);
  });

  it('overlapping periods are refused: education and work alike, nothing filed', async () => {
    const { cookies } = await approvedAccountant();
    const master = { ...ZHANGSAN_BACHELOR, educationLevel: 'master', degree: 'master', school: '山东财经大学', startDate: '2014-09-01', endDate: '2017-06-30' };
    const edu = await send(cookies, 'POST', 'education', master);
    expect(edu.statusCode).toBe(400);
    expect(edu.json()).toMatchObject({ code: 'change/education_overlap', message: '教育经历时间与“山东大学”的教育经历交叉，请核对' });
    const work = await send(cookies, 'POST', 'work', await earlierJob(cookies, { endDate: '2016-12-31', experiences: [] , hasAccountingExperience: false }));
    expect(work.statusCode).toBe(400);
    expect(work.json().code).toBe('collection/work_overlap');
    expect((await state(cookies)).changes).toEqual([]);
  });

  it('修改 an education record keeps the 学信网 check; 变更方式 修改', async () => {
    const { cookies, approved, reviewer } = await approvedAccountant();
    const id = approved.education[0].id as string;
    const res = await send(cookies, 'PUT', `education/${id}`, { ...ZHANGSAN_BACHELOR, major: '财务管理' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ method: 'modify', kindLabel: '教育经历变更' });
    expect(changed(res.json())).toEqual(['所学专业']);
    expect((await decide(reviewer, res.json().reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await collection(cookies)).education[0]).toMatchObject({ major: '财务管理', degreeCheck: 'verified', reviewStatus: 'approved' });
    // The only education record cannot be deleted.
    expect((await send(cookies, 'DELETE', `education/${id}`)).json().code).toBe('change/last_record');
  });

  it('a current job outside the authority’s region needs a 属地关系调转 first', async () => {
    const { cookies, approved, work } = await approvedAccountant();
    const res = await send(cookies, 'PUT', `work/${approved.work[0].id}`, { ...work, address: { provinceId: '110000', cityId: '110100', countyId: '110101', detail: '东城1号' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('change/outside_authority');
  });
});

describe('one open change per part', () => {
  it('16 submissions at once leave exactly one change', async () => {
    const { cookies } = await approvedAccountant();
    const job = await earlierJob(cookies);
    const answers = await Promise.all(Array.from({ length: 16 }, () => send(cookies, 'POST', 'work', job)));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(15);
    expect(answers.find((r) => r.statusCode === 409)!.json().message).toContain('已有待审核的变更');
    const s = await state(cookies);
    expect(s.changes).toHaveLength(1);
    const items = (await app.inject({ method: 'GET', url: '/api/my/review-items?kind=change_work', cookies })).json().items;
    expect(items).toHaveLength(1);
    // Another part is free meanwhile.
    const edu = await send(cookies, 'PUT', `education/${s.record.education[0].id}`, { ...ZHANGSAN_BACHELOR, major: '审计学' });
    expect(edu.statusCode, edu.body).toBe(201);
  });

  it('16 automatic 基本信息 changes at once: each one whole, none lost or doubled', async () => {
    const { cookies, basic } = await approvedAccountant();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => send(cookies, 'POST', 'basic', { ...basic, address: { ...basic.address, detail: `并发${i}` } })));
    const ok = answers.filter((r) => r.statusCode === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    const s = await state(cookies);
    expect(s.changes).toHaveLength(ok.length);
    // The record is the after of the newest change.
    const newest = (s.changes as Change[])[0]!.diff.find((d) => d.key === 'address')!.after;
    expect(newest).toBe(`山东省 济南市 历下区 ${(await collection(cookies)).basic.address.detail}`);
  });

  it('a pending change can be withdrawn by its owner; the part is free again', async () => {
    const { cookies } = await approvedAccountant();
    const first = (await send(cookies, 'POST', 'work', await earlierJob(cookies))).json() as Change;
    expect((await send(cookies, 'POST', 'work', await earlierJob(cookies))).statusCode).toBe(409);
    const withdraw = await app.inject({ method: 'POST', url: `/api/my/review-items/${first.reviewItemId}/withdraw`, cookies });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    let s = await state(cookies);
    expect(s.changes[0]).toMatchObject({ id: first.id, status: 'withdrawn' });
    expect(s.open.work).toBeNull();
    expect(s.record.work).toHaveLength(1);
    const again = await send(cookies, 'POST', 'work', await earlierJob(cookies));
    expect(again.statusCode, again.body).toBe(201);
    s = await state(cookies);
    expect(s.changes.map((c: Change) => c.status)).toEqual(['pending', 'withdrawn']);
    // A decided change cannot be withdrawn.
    const reviewer = await staffCookies(app, 'lx_reviewer');
    expect((await decide(reviewer, again.json().reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/my/review-items/${again.json().reviewItemId}/withdraw`, cookies })).statusCode).toBe(409);
  });
});

describe('decisions', () => {
  it('two reviewers at once end with one decision, applied once', async () => {
    const { cookies } = await approvedAccountant();
    const change = (await send(cookies, 'POST', 'work', await earlierJob(cookies))).json() as Change;
    const lx = await staffCookies(app, 'lx_reviewer');
    const jn = await staffCookies(app, 'jn_reviewer');
    const [a, b] = await Promise.all([decide(lx, change.reviewItemId, 'approve'), decide(jn, change.reviewItemId, 'reject', '不符')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const work = (await collection(cookies)).work;
    const s = await state(cookies);
    if (a.statusCode === 200) {
      expect(work).toHaveLength(2);
      expect(s.changes[0].status).toBe('approved');
    } else {
      expect(work).toHaveLength(1);
      expect(s.changes[0].status).toBe('rejected');
    }
  });

  it('an approval that cannot apply is undone whole: the item stays open, the record untouched', async () => {
    const { cookies, approved, work, reviewer } = await approvedAccountant();
    const id = approved.work[0].id as string;
    const change = (await send(cookies, 'PUT', `work/${id}`, { ...work, phone: '0531-12345678' })).json() as Change;
    // The record vanishes under the change (as a fault would make it): applying it fails.
    await app.database.db.execute(sql`update work_records set id = gen_random_uuid() where id = ${id}`);
    const res = await decide(reviewer, change.reviewItemId, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('change/record_gone');
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${change.reviewItemId}`, cookies: reviewer })).json();
    expect(detail.item.status).toBe('pending');
    expect(detail.decisions.map((d: { action: string }) => d.action)).toEqual(['submit']);
    expect((await state(cookies)).changes[0].status).toBe('pending');
  });
});

describe('采集范围变更', () => {
  it('allowed where the record meets the new scope, reviewed, then applied', async () => {
    const { cookies, reviewer } = await approvedAccountant();
    const doctor = await send(cookies, 'POST', 'scope', { scope: 'doctor_intermediate_candidate' });
    expect(doctor.statusCode).toBe(400);
    expect(doctor.json().message).toContain('博士学位');
    expect((await send(cookies, 'POST', 'scope', { scope: 'accountant' })).json().code).toBe('change/nothing_changed');
    const res = await send(cookies, 'POST', 'scope', { scope: 'other_intermediate_candidate' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ part: 'scope', mode: 'manual', kindLabel: '采集范围变更' });
    expect((await decide(reviewer, res.json().reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await collection(cookies)).scope).toBe('other_intermediate_candidate');
  });
});
