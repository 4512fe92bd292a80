import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedAccountant } from '../../test/exam';
import { verifiedAccountant } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { uploadFile } from '../../test/uploads';
import { makeJpeg, makePdf } from '../../platform/uploads/test-files';

// 会计人员奖惩记录 (issue 26) through the API, on a real database: staff enter records for people in their
// scope; an accountant's 奖惩申请 is reviewed by their authority, adds a reward, and holds a transfer back
// while open (seed 003 §5.1).

let app: FastifyInstance;
type Cookies = Record<string, string>;
let lixia: Cookies;
let jinan: Cookies;
let dongcheng: Cookies;
let sdAdmin: Cookies;

beforeAll(async () => {
  app = await buildTestApp();
  lixia = await staffCookies(app, 'lx_reviewer');
  jinan = await staffCookies(app, 'jn_reviewer');
  dongcheng = await staffCookies(app, 'dc_reviewer');
  sdAdmin = await staffCookies(app, 'sd_admin');
});
afterAll(() => app.close());

let serial = 0;
async function proof(cookies: Cookies): Promise<string> {
  const res = await uploadFile(app, cookies, 'reward_proof', makePdf(2000 + (serial++ % 997)), '表彰决定.pdf');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const reward = (extra: Record<string, unknown> = {}) => ({
  reason: '全省会计基础工作规范化先进个人',
  occurredOn: '2024-12-20',
  docNumber: `鲁财会〔2024〕${serial++}号`,
  issuer: '山东省财政厅',
  ...extra,
});
const apply = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/rewards/applications', cookies, payload: payload as object });
const enter = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/console/rewards', cookies, payload: payload as object });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });
const mine = async (cookies: Cookies) => {
  const res = await app.inject({ method: 'GET', url: '/api/rewards', cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('staff enter rewards and penalties for people in their scope', () => {
  it('历下区 enters a penalty; the person sees it, 济南市 sees it, 东城区 does not; 撤销 removes it from the person', async () => {
    const { cookies, person } = await approvedAccountant(app);
    const res = await enter(lixia, { idNumber: person.idNumber, kind: 'penalty', ...reward({ reason: '未按规定保管会计档案，通报批评', issuer: '济南市历下区财政局' }) });
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({ kind: 'penalty', kindName: '惩戒', source: 'staff', sourceName: '会计管理部门录入', name: '张三', authorityLabel: expect.stringContaining('历下区') });
    expect(rec.idNumberMasked).not.toBe(person.idNumber);
    expect((await mine(cookies)).records.map((r: { id: string }) => r.id)).toEqual([rec.id]);

    const list = async (c: Cookies) => (await app.inject({ method: 'GET', url: '/api/console/rewards?pageSize=100', cookies: c })).json().items.map((r: { id: string }) => r.id);
    expect(await list(lixia)).toContain(rec.id);
    expect(await list(jinan)).toContain(rec.id);
    expect(await list(dongcheng)).not.toContain(rec.id);
    expect((await app.inject({ method: 'GET', url: `/api/console/rewards/${rec.id}`, cookies: dongcheng })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/console/rewards/${rec.id}/revoke`, cookies: dongcheng })).statusCode).toBe(404);

    const revoked = await app.inject({ method: 'POST', url: `/api/console/rewards/${rec.id}/revoke`, cookies: lixia });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await app.inject({ method: 'POST', url: `/api/console/rewards/${rec.id}/revoke`, cookies: lixia })).statusCode).toBe(409);
    expect((await mine(cookies)).records).toEqual([]);
  });

  it('staff of another authority, an unknown number and a person in review are refused alike; nothing is written', async () => {
    const { person } = await approvedAccountant(app);
    const body = { idNumber: person.idNumber, kind: 'reward', ...reward() };
    const refused = await enter(dongcheng, body);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().message).toBe('未找到该证件号码的会计人员，或其信息采集不在您的管辖范围内');
    const unknown = await enter(lixia, { ...body, idNumber: '110101199001011237' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe(refused.json().message);
    const fresh = await verifiedAccountant(app);
    expect((await enter(lixia, { ...body, idNumber: fresh.person.idNumber })).statusCode).toBe(404);
    const bad = await enter(lixia, { ...body, kind: 'medal', occurredOn: '2099-01-01', reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/奖惩类型|奖惩日期|奖惩事由/);
    expect((await enter({}, body)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/console/rewards?idNumber=${person.idNumber}`, cookies: lixia })).json().total).toBe(0);
  });

  it('sixteen identical entries at once leave one record', async () => {
    const { cookies, person } = await approvedAccountant(app);
    const body = { idNumber: person.idNumber, kind: 'reward', ...reward() };
    const answers = await Promise.all(Array.from({ length: 16 }, () => enter(lixia, body)));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().message === '该人员已有相同文件编号的奖惩记录')).toBe(true);
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect((await mine(cookies)).records).toHaveLength(1);
    // A province administrator in scope enters one too.
    expect((await enter(sdAdmin, { ...body, ...reward() })).statusCode).toBe(201);
  });
});

describe('奖惩申请', () => {
  it('filed with 历下区, holds a transfer back, approved into the list; the reviewer of 东城区 cannot decide it', async () => {
    const { cookies } = await approvedAccountant(app);
    const res = await apply(cookies, { ...reward({ docNumber: '鲁财会〔2024〕88号' }), proofFileId: await proof(cookies) });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ status: 'pending', statusLabel: '待审核' });

    // 图 5-4: a transfer is refused while the 奖惩申请 is in review.
    const transfer = await app.inject({ method: 'GET', url: '/api/transfer', cookies });
    expect(transfer.json().refusal).toBe('您有审核中的奖惩申请，请待审核完成后再申请调转');

    const generic = (await app.inject({ method: 'GET', url: `/api/console/review-items/${a.reviewItemId}`, cookies: lixia })).json();
    expect(generic.fields).toContainEqual(expect.objectContaining({ label: '文件编号', after: '鲁财会〔2024〕88号' }));
    expect(generic.attachments).toEqual([{ id: a.proofFileId, label: '奖励证明材料' }]);
    expect((await app.inject({ method: 'GET', url: `/api/files/${a.proofFileId}`, cookies: lixia })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/files/${a.proofFileId}`, cookies: dongcheng })).statusCode).toBe(404);
    expect((await decide(dongcheng, a.reviewItemId, 'approve')).statusCode).toBe(404);

    // Sixteen approvals at once: one record.
    const approvals = await Promise.all(Array.from({ length: 16 }, () => decide(lixia, a.reviewItemId, 'approve')));
    expect(approvals.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    expect(approvals.every((r) => r.statusCode < 500)).toBe(true);
    const after = await mine(cookies);
    expect(after.records).toHaveLength(1);
    expect(after.records[0]).toMatchObject({ kind: 'reward', kindName: '奖励', source: 'application', sourceName: '本人申请', docNumber: '鲁财会〔2024〕88号' });
    expect(after.applications[0]).toMatchObject({ id: a.id, status: 'approved', statusLabel: '审核通过' });
    expect((await app.inject({ method: 'GET', url: '/api/transfer', cookies })).json().refusal).toBeNull();
    // The same document cannot be applied for again.
    const again = await apply(cookies, { ...reward({ docNumber: '鲁财会〔2024〕88号' }), proofFileId: await proof(cookies) });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该文件编号的奖励已申请或已记录，不能重复申请');
  });

  it('refused with an opinion the person reads; withdrawn while pending; sixteen identical applications leave one', async () => {
    const { cookies } = await approvedAccountant(app);
    const first = (await apply(cookies, { ...reward(), proofFileId: await proof(cookies) })).json();
    expect((await decide(lixia, first.reviewItemId, 'reject', '证明材料不清晰')).statusCode).toBe(200);
    const refused = (await app.inject({ method: 'GET', url: `/api/rewards/applications/${first.id}`, cookies })).json();
    expect(refused).toMatchObject({ status: 'rejected', opinion: '证明材料不清晰' });
    expect((await mine(cookies)).records).toEqual([]);

    const body = { ...reward(), proofFileId: await proof(cookies) };
    const burst = await Promise.all(Array.from({ length: 16 }, () => apply(cookies, body)));
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(burst.every((r) => r.statusCode === 201 || (r.statusCode >= 400 && r.statusCode < 500))).toBe(true);
    const filed = burst.find((r) => r.statusCode === 201)!.json();
    const withdrawn = await app.inject({ method: 'POST', url: `/api/rewards/applications/${filed.id}/withdraw`, cookies });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await app.inject({ method: 'POST', url: `/api/rewards/applications/${filed.id}/withdraw`, cookies })).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/api/transfer', cookies })).json().refusal).toBeNull();
  });

  it("someone else's application, a proof of the wrong kind, a person whose 信息采集 is not approved", async () => {
    const owner = await approvedAccountant(app);
    const other = await approvedAccountant(app);
    const a = (await apply(owner.cookies, { ...reward(), proofFileId: await proof(owner.cookies) })).json();
    expect((await app.inject({ method: 'GET', url: `/api/rewards/applications/${a.id}`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/rewards/applications/${a.id}/withdraw`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/rewards/applications/nope', cookies: other.cookies })).statusCode).toBe(404);
    expect((await mine(other.cookies)).applications).toEqual([]);
    // The owner's proof in another person's application.
    expect((await apply(other.cookies, { ...reward(), proofFileId: a.proofFileId })).statusCode).toBe(400);
    const jpg = await uploadFile(app, other.cookies, 'reward_proof', makeJpeg({ width: 200, height: 200 }), '证明.pdf');
    expect(jpg.statusCode).toBe(400);
    const fresh = await verifiedAccountant(app);
    const refused = await apply(fresh.cookies, { ...reward(), proofFileId: await proof(fresh.cookies) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('信息采集审核通过后才能申请添加奖励记录');
    expect((await apply({}, { ...reward(), proofFileId: a.proofFileId })).statusCode).toBe(401);
  });
});
