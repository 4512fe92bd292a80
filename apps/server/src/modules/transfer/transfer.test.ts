import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { uploadFile } from '../../test/uploads';
import { securityEvents } from '../../platform/tables';
import { makeJpeg } from '../../platform/uploads/test-files';
import { loadConfig } from '../../config';

// 属地关系调转 (issue 20; seeds 003 §5, 000 §5) through the API, on a real database (PGlite, or the
// PostgreSQL server of TEST_DATABASE_URL).

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ degree: { ...loadConfig({ AUSM_MODE: 'sandbox' }).degree, timeoutMs: 300, sandboxDelayMs: 0 } });
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
const DONGCHENG = { provinceId: '110000', cityId: '110100', countyId: '110101' };

const collection = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();
const state = async (cookies: Cookies) => {
  const res = await app.inject({ method: 'GET', url: '/api/transfer', cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const apply = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/transfer', cookies, payload: payload as object });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });
const detail = (cookies: Cookies, id: string) => app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies });
const queue = async (cookies: Cookies, kind: string) =>
  ((await app.inject({ method: 'GET', url: `/api/console/review-items?kind=${kind}&pageSize=100`, cookies })).json().items as Array<{ id: string; status: string }>);
const mine = async (cookies: Cookies, kind: string) =>
  ((await app.inject({ method: 'GET', url: `/api/my/review-items?kind=${kind}`, cookies })).json().items as Array<{ id: string; status: string; authorityId: string }>);

let serial = 0;
async function uploadTransferProof(cookies: Cookies): Promise<string> {
  const res = await uploadFile(app, cookies, 'transfer_proof', makeJpeg({ width: 800, height: 600, size: 40_000 + (serial++ % 997) }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** 工作单位所在地变动 to 北京市-北京市-东城区, with a fresh proof. */
async function workTransfer(cookies: Cookies, extra: Record<string, unknown> = {}) {
  return {
    reason: 'work',
    unitName: '北京某某会计服务有限公司',
    uscc: '91110108551385082Q',
    unitType: '09',
    industry: 'L',
    address: { ...DONGCHENG, detail: '东长安街1号' },
    phone: '010-88888888',
    startDate: '2024-03-01',
    authority: DONGCHENG,
    proofFileId: await uploadTransferProof(cookies),
    ...extra,
  };
}

/** An accountant whose 信息采集 历下区 approved: 基本信息, 山东大学 本科 and a current job since 2015-07-01. */
async function approvedAccountant() {
  const { cookies, person } = await verifiedAccountant(app, { realName: '张三' });
  const put = (path: string, payload: unknown) => app.inject({ method: 'PUT', url: `/api/collection/${path}`, cookies, payload: payload as object });
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/collection/${path}`, cookies, payload: payload as object });
  expect((await put('scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put('basic', await basicInfo(app, cookies))).statusCode).toBe(200);
  expect((await post('education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  expect((await post('work', await workRecord(app, cookies))).statusCode).toBe(201);
  expect((await put('authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const lixia = await staffCookies(app, 'lx_reviewer');
  for (const n of submitted.json().notices as Array<{ reviewItemId: string }>) expect((await decide(lixia, n.reviewItemId, 'approve')).statusCode).toBe(200);
  expect((await collection(cookies)).collectionStatus).toBe('approved');
  return { cookies, person, lixia, dongcheng: await staffCookies(app, 'dc_reviewer') };
}

/** An earlier job (2012-2014): a work change that is reviewed by a person. */
const earlierJob = (cookies: Cookies) =>
  workRecord(app, cookies, {
    startDate: '2012-01-01',
    endDate: '2014-12-31',
    unitName: '济南早年会计师事务所',
    experiences: [{ postLevel: '04', position: '02', startDate: '2012-01-01', endDate: '2014-12-31' }],
  });

describe('调转申请: the refusals of 图 5-4, each with its own message, nothing filed', () => {
  it('信息采集 not done', async () => {
    const { cookies } = await verifiedAccountant(app);
    expect(await state(cookies)).toMatchObject({ currentAuthority: null, refusal: '信息采集未完成或尚未审核通过，不能申请调转', records: [] });
    const res = await apply(cookies, await workTransfer(cookies));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'transfer/collection', message: '信息采集未完成或尚未审核通过，不能申请调转' });
  });

  it('a change in review; then the chosen authority being the current one; bad input', async () => {
    const { cookies, lixia } = await approvedAccountant();
    const change = await app.inject({ method: 'POST', url: '/api/change/work', cookies, payload: await earlierJob(cookies) });
    expect(change.statusCode, change.body).toBe(201);
    expect((await state(cookies)).refusal).toBe('您有审核中的信息变更申请，请待审核完成后再申请调转');
    const refused = await apply(cookies, await workTransfer(cookies));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'transfer/open', message: '您有审核中的信息变更申请，请待审核完成后再申请调转' });
    expect((await decide(lixia, change.json().reviewItemId, 'approve')).statusCode).toBe(200);

    const same = await apply(cookies, await workTransfer(cookies, { authority: JINAN_LIXIA }));
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({ code: 'transfer/same', message: '选择的调入会计管理机构与当前所属会计管理机构相同，无需调转' });

    const bad = await apply(cookies, await workTransfer(cookies, { uscc: '91110108551385082A' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('校验');
    const wrongCounty = await apply(cookies, await workTransfer(cookies, { authority: { ...DONGCHENG, countyId: '370102' } }));
    expect(wrongCounty.statusCode).toBe(400);
    expect(wrongCounty.json().message).toBe('所选区县不属于所选地市，请重新选择');
    // A proof of another purpose (an ordinary 证明附件) is not a 调转证明材料.
    const noProof = await apply(cookies, { ...(await workTransfer(cookies)), proofFileId: '00000000-0000-4000-8000-000000000000' });
    expect(noProof.statusCode).toBe(400);
    expect(noProof.json().message).toBe('调转证明材料文件不存在，请重新上传');
    expect((await state(cookies)).records).toEqual([]);
  });

  it('16 applications at once leave exactly one; a transfer in review refuses the next', async () => {
    const { cookies } = await approvedAccountant();
    const bodies = await Promise.all(Array.from({ length: 16 }, () => workTransfer(cookies)));
    const answers = await Promise.all(bodies.map((b) => apply(cookies, b)));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(15);
    expect((await state(cookies)).records).toHaveLength(1);
    expect(await mine(cookies, 'transfer_out')).toHaveLength(1);
    expect((await apply(cookies, await workTransfer(cookies))).json().message).toBe('您有审核中的调转申请，请待审核完成后再申请调转');
  });
});

describe('two decisions: 调出 at the current authority, 调入 at the chosen one', () => {
  it('accepted: the person, their record and their next change belong to 东城区; 历下区 keeps what it decided', async () => {
    const { cookies, lixia, dongcheng } = await approvedAccountant();
    const filed = await apply(cookies, await workTransfer(cookies));
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({
      status: 'out_pending',
      statusLabel: '调出待审',
      typeLabel: '跨省调转',
      reasonLabel: '工作单位所在地变动',
      from: { province: '山东省', city: '济南市', county: '历下区' },
      to: { province: '北京市', city: '北京市', county: '东城区' },
      inAt: null,
    });
    const outId = filed.json().openReviewItemId as string;

    // 调出: only 历下区 (and above) sees it; 东城区 neither sees nor decides it.
    expect((await detail(dongcheng, outId)).statusCode).toBe(404);
    expect((await decide(dongcheng, outId, 'approve')).statusCode).toBe(404);
    expect((await queue(lixia, 'transfer_out')).some((i) => i.id === outId)).toBe(true);
    expect((await detail(await staffCookies(app, 'sd_reviewer'), outId)).statusCode).toBe(200);
    const out = (await detail(lixia, outId)).json();
    expect(out.item.kindLabel).toBe('属地关系调转（调出）');
    expect(out.attachments.map((a: { label: string }) => a.label)).toEqual(['调转证明材料']);
    const rows = Object.fromEntries(out.fields.map((f: { label: string; before: unknown; after: unknown }) => [f.label, [f.before, f.after]]));
    expect(rows).toMatchObject({
      调转原因: ['工作单位所在地变动', '工作单位所在地变动'],
      会计管理机构: ['山东省-济南市-历下区', '北京市-北京市-东城区'],
      单位名称: ['济南某某会计服务有限公司', '北京某某会计服务有限公司'],
      工作开始时间: ['2015-07-01', '2024-03-01'],
    });
    // The reviewer of 历下区 may open the proof; 东城区 may not yet.
    const proofId = out.attachments[0].id as string;
    expect((await app.inject({ method: 'GET', url: `/api/files/${proofId}`, cookies: lixia })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/files/${proofId}`, cookies: dongcheng })).statusCode).toBe(404);

    expect((await decide(lixia, outId, 'approve', '同意调出')).statusCode).toBe(200);
    const between = (await state(cookies)).records[0];
    expect(between).toMatchObject({ status: 'in_pending', statusLabel: '调入待审' });
    const inId = between.openReviewItemId as string;
    expect(inId).not.toBe(outId);
    // 调入: 东城区 decides; 历下区 cannot.
    expect((await decide(lixia, inId, 'approve')).statusCode).toBe(404);
    expect((await detail(dongcheng, inId)).json().item.kindLabel).toBe('属地关系调转（调入）');
    expect((await app.inject({ method: 'GET', url: `/api/files/${proofId}`, cookies: dongcheng })).statusCode).toBe(200);
    expect((await collection(cookies)).authority).toMatchObject({ countyId: '370102' });

    // Two reviewers at once: one decision.
    const both = await Promise.all(Array.from({ length: 16 }, () => decide(dongcheng, inId, 'approve')));
    expect(both.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(both.filter((r) => r.statusCode === 409)).toHaveLength(15);

    const done = (await state(cookies)).records[0];
    expect(done).toMatchObject({ status: 'accepted', statusLabel: '调入地已接收', openReviewItemId: null });
    expect(done.inAt).not.toBeNull();
    const after = await collection(cookies);
    expect(after.authority).toMatchObject({ provinceId: '110000', cityId: '110100', countyId: '110101' });
    expect(after.collectionStatus).toBe('approved');
    // The new employer is a work record from the given date; the old job ended the day before.
    expect(after.work.map((w: { unitName: string; startDate: string; endDate: string | null }) => [w.unitName, w.startDate, w.endDate])).toEqual([
      ['济南某某会计服务有限公司', '2015-07-01', '2024-02-29'],
      ['北京某某会计服务有限公司', '2024-03-01', null],
    ]);
    expect(after.work[1]).toMatchObject({ reviewStatus: 'approved', hasAccountingExperience: true });

    // The next change goes to 东城区; 历下区 no longer sees new work, but keeps what it decided.
    const change = await app.inject({ method: 'POST', url: '/api/change/work', cookies, payload: await earlierJob(cookies) });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json().authorityName).toBe('北京市-北京市-东城区');
    expect((await detail(lixia, change.json().reviewItemId)).statusCode).toBe(404);
    expect((await detail(dongcheng, change.json().reviewItemId)).statusCode).toBe(200);
    expect((await detail(lixia, outId)).json().item.status).toBe('approved');
    expect((await detail(lixia, inId)).statusCode).toBe(404);

    // Both decisions notified the person.
    const notices = await app.inject({ method: 'GET', url: '/api/my/notices', cookies });
    expect(notices.statusCode).toBe(200);
    const text = JSON.stringify(notices.json());
    expect(text).toContain('属地关系调转（调出）');
    expect(text).toContain('属地关系调转（调入）');

    // The console's lists: out of 历下区, into 东城区.
    const outList = (await app.inject({ method: 'GET', url: '/api/console/transfers?direction=out&pageSize=100', cookies: lixia })).json();
    expect(outList.items.find((i: { id: string }) => i.id === done.id)).toMatchObject({ direction: 'out', name: '张三', statusLabel: '调入地已接收' });
    const inList = (await app.inject({ method: 'GET', url: '/api/console/transfers?direction=in&pageSize=100', cookies: dongcheng })).json();
    expect(inList.items.some((i: { id: string }) => i.id === done.id)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/console/transfers?direction=out&pageSize=100', cookies: dongcheng })).json().items.some((i: { id: string }) => i.id === done.id)).toBe(false);
    const beijingOnly = await staffCookies(app, 'bj_reviewer');
    const csv = await app.inject({ method: 'GET', url: '/api/console/transfers.csv?direction=in', cookies: beijingOnly });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"调入","张三","调入地已接收","跨省调转","工作单位所在地变动"');
    // The download of a list of people is in the audit trail: who, how many rows, which filter.
    const [exported] = await app.database.db.select().from(securityEvents).where(eq(securityEvents.kind, 'personal_data_export')).orderBy(desc(securityEvents.at)).limit(1);
    expect(exported).toMatchObject({ actorUsername: 'bj_reviewer' });
    expect(exported!.detail).toMatchObject({ list: 'transfers', filter: { direction: 'in' } });
    expect((await app.inject({ method: 'GET', url: '/api/console/transfers' })).statusCode).toBe(401);
  });

  it('a change filed while the transfer is pending moves with the person', async () => {
    const { cookies, lixia, dongcheng } = await approvedAccountant();
    const filed = (await apply(cookies, await workTransfer(cookies))).json();
    expect((await decide(lixia, filed.openReviewItemId, 'approve')).statusCode).toBe(200);
    const change = await app.inject({ method: 'POST', url: '/api/change/work', cookies, payload: await earlierJob(cookies) });
    expect(change.statusCode, change.body).toBe(201);
    const changeItem = change.json().reviewItemId as string;
    expect((await detail(lixia, changeItem)).statusCode).toBe(200);
    const inId = (await state(cookies)).records[0].openReviewItemId as string;
    expect((await decide(dongcheng, inId, 'approve')).statusCode).toBe(200);
    // Now 东城区's: 历下区 neither sees nor decides it.
    expect((await detail(lixia, changeItem)).statusCode).toBe(404);
    expect((await decide(lixia, changeItem, 'approve')).statusCode).toBe(404);
    expect((await queue(dongcheng, 'change_work')).some((i) => i.id === changeItem)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/change', cookies })).json().changes[0].authorityName).toBe('北京市-北京市-东城区');
    expect((await decide(dongcheng, changeItem, 'approve')).statusCode).toBe(200);
    expect((await collection(cookies)).work.map((w: { unitName: string }) => w.unitName)).toContain('济南早年会计师事务所');
  });

  it('a pending 修改 of the job the transfer ends cannot reopen it: refused when decided, nothing changed', async () => {
    const { cookies, lixia, dongcheng } = await approvedAccountant();
    const filed = (await apply(cookies, await workTransfer(cookies))).json();
    expect((await decide(lixia, filed.openReviewItemId, 'approve')).statusCode).toBe(200);
    const before = await collection(cookies);
    const job = before.work[0];
    const { id: _id, source: _s, lockedFields: _l, reviewStatus: _r, reviewOpinion: _o, reviewItemId: _i, ...payload } = job;
    const modify = await app.inject({ method: 'PUT', url: `/api/change/work/${job.id}`, cookies, payload: { ...payload, address: { ...JINAN_LIXIA, detail: '泉城路1号' }, phone: '0531-66666666' } });
    expect(modify.statusCode, modify.body).toBe(201);
    const inId = (await state(cookies)).records[0].openReviewItemId as string;
    expect((await decide(dongcheng, inId, 'approve')).statusCode).toBe(200);
    const refused = await decide(dongcheng, modify.json().reviewItemId, 'approve');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('change/record_changed');
    const after = await collection(cookies);
    expect(after.work.find((w: { id: string }) => w.id === job.id)).toMatchObject({ endDate: '2024-02-29', phone: '0531-88888888' });
    expect((await decide(dongcheng, modify.json().reviewItemId, 'reject', '原工作已结束，请重新提交')).statusCode).toBe(200);
  });

  it('国管局 and 计划单列市 are authorities one may move to; 省内 within the province', async () => {
    const { cookies, lixia } = await approvedAccountant();
    const guoguan = (await apply(cookies, await workTransfer(cookies, { reason: 'household', place: '北京市西城区', authority: { provinceId: 'G00000', cityId: 'G00100', countyId: 'G00101' } }))).json();
    expect(guoguan).toMatchObject({ typeLabel: '跨省调转', to: { province: '国管局', city: '国管局市级', county: '国管局区县' } });
    expect((await decide(lixia, guoguan.openReviewItemId, 'reject', '请改选青岛')).statusCode).toBe(200);
    const qingdao = await apply(cookies, await workTransfer(cookies, { reason: 'household', place: '青岛市市南区', authority: { provinceId: '370000', cityId: '370200', countyId: null } }));
    expect(qingdao.statusCode, qingdao.body).toBe(201);
    expect(qingdao.json()).toMatchObject({ typeLabel: '省内调转', to: { label: '山东省-青岛市' } });
  });

  it('refused at 调出: the person stays, the reason shown', async () => {
    const { cookies, lixia } = await approvedAccountant();
    const filed = (await apply(cookies, await workTransfer(cookies, { reason: 'household', place: '北京市东城区东四街道' }))).json();
    expect(filed.details).toEqual([{ label: '转入户籍所在地或居住地', value: '北京市东城区东四街道' }]);
    expect((await decide(lixia, filed.openReviewItemId, 'reject')).statusCode).toBe(400);
    expect((await decide(lixia, filed.openReviewItemId, 'reject', '证明材料不清晰')).statusCode).toBe(200);
    expect((await state(cookies)).records[0]).toMatchObject({ status: 'out_rejected', statusLabel: '调出地未通过', opinion: '证明材料不清晰', openReviewItemId: null });
    expect((await collection(cookies)).authority.countyId).toBe('370102');
    expect(await mine(cookies, 'transfer_in')).toEqual([]);
  });

  it('refused at 调入: the person stays with 历下区', async () => {
    const { cookies, lixia, dongcheng } = await approvedAccountant();
    const school = { reason: 'school', school: '北京大学', major: '会计学', studyMode: 'full_time', startDate: '2024-09-01' };
    const filed = (await apply(cookies, { ...(await workTransfer(cookies)), ...school })).json();
    expect(filed.details.map((d: { label: string }) => d.label)).toEqual(['学校名称', '所学专业', '培养方式', '入学时间']);
    expect((await decide(lixia, filed.openReviewItemId, 'approve')).statusCode).toBe(200);
    const inId = (await state(cookies)).records[0].openReviewItemId as string;
    expect((await decide(dongcheng, inId, 'reject', '未见录取通知书')).statusCode).toBe(200);
    expect((await state(cookies)).records[0]).toMatchObject({ status: 'in_rejected', statusLabel: '调入地未接收', opinion: '未见录取通知书' });
    expect((await collection(cookies)).authority.countyId).toBe('370102');
    // Decided means decided: neither step can be decided again.
    expect((await decide(lixia, filed.openReviewItemId, 'approve')).statusCode).toBe(409);
    expect((await decide(dongcheng, inId, 'approve')).statusCode).toBe(409);
  });

  it('withdrawn while 调入待审: 东城区 can no longer accept it; two reviewers deciding 调出 at once end with one decision', async () => {
    const { cookies, lixia, dongcheng } = await approvedAccountant();
    const filed = (await apply(cookies, await workTransfer(cookies))).json();
    const jinan = await staffCookies(app, 'jn_reviewer');
    const both = await Promise.all([...Array.from({ length: 8 }, () => decide(lixia, filed.openReviewItemId, 'approve')), ...Array.from({ length: 8 }, () => decide(jinan, filed.openReviewItemId, 'approve'))]);
    expect(both.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(both.filter((r) => r.statusCode === 409)).toHaveLength(15);
    // One 调出 decision, so one 调入 item.
    const after = (await state(cookies)).records[0];
    expect(after.status).toBe('in_pending');
    expect(await mine(cookies, 'transfer_in')).toHaveLength(1);
    const inId = after.openReviewItemId as string;
    expect((await app.inject({ method: 'POST', url: `/api/my/review-items/${inId}/withdraw`, cookies })).statusCode).toBe(200);
    expect((await state(cookies)).records[0]).toMatchObject({ status: 'withdrawn', openReviewItemId: null });
    expect((await decide(dongcheng, inId, 'approve')).statusCode).toBe(409);
    expect((await collection(cookies)).authority.countyId).toBe('370102');
  });

  it('withdrawn while 调出待审; someone else can neither see nor withdraw it', async () => {
    const { cookies, lixia } = await approvedAccountant();
    const other = await approvedAccountant();
    const filed = (await apply(cookies, await workTransfer(cookies))).json();
    expect((await app.inject({ method: 'GET', url: `/api/transfer/${filed.id}`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/my/review-items/${filed.openReviewItemId}/withdraw`, cookies: other.cookies })).statusCode).toBe(404);
    const withdrawn = await app.inject({ method: 'POST', url: `/api/my/review-items/${filed.openReviewItemId}/withdraw`, cookies });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await state(cookies)).records[0]).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回' });
    expect((await decide(lixia, filed.openReviewItemId, 'approve')).statusCode).toBe(409);
    // Free to apply again.
    expect((await apply(cookies, await workTransfer(cookies))).statusCode).toBe(201);
    // Staff cannot use the portal's routes, accountants not the console's.
    expect((await app.inject({ method: 'GET', url: '/api/transfer', cookies: lixia })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/console/transfers', cookies })).statusCode).toBe(401);
  });
});
