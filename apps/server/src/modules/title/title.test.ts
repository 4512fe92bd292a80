import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedAccountant, juniorSettings, uploadProof } from '../../test/exam';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { verifiedAccountant } from '../../test/collection';

// 会计职称管理 (issue 24; seed 003 §7) through the API, on a real database (PGlite, or the PostgreSQL
// server of TEST_DATABASE_URL).

let app: FastifyInstance;
let lixia: Record<string, string>;
beforeAll(async () => {
  app = await buildTestApp();
  lixia = await staffCookies(app, 'lx_reviewer');
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
/** 李四: 学信网 (sandbox) holds his 硕士; the national qualification records hold nothing of his. */
const LISI_MASTER = {
  studyMode: 'full_time',
  school: '山东财经大学',
  startDate: '2015-09-01',
  endDate: '2018-06-30',
  educationLevel: 'master',
  diplomaNo: '104561201802000318',
  degree: 'master',
  degreeNo: '1045632018000318',
  major: '会计学',
  attachments: {},
};
const lisi = () => approvedAccountant(app, { realName: '李四', education: LISI_MASTER, workFrom: '2018-07-01' });
const state = async (cookies: Cookies) => {
  const res = await app.inject({ method: 'GET', url: '/api/titles', cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const send = (cookies: Cookies, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, cookies, ...(payload === undefined ? {} : { payload: payload as object }) });
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });

let serial = 0;
const junior = async (cookies: Cookies, extra: Record<string, unknown> = {}) => ({
  level: 'junior',
  qualificationMethod: 'exam',
  passDate: '2019-09-24',
  qualificationCertificateNo: `2019371${String(100000 + serial).slice(-6)}`,
  rank: 'assistant',
  titleMethod: 'exam',
  titleCertificateNo: `2019371${String(100000 + serial++).slice(-6)}`,
  proofFileId: await uploadProof(app, cookies),
  ...extra,
});

describe('自动获取会计专业技术资格 (seed 003 §7.1)', () => {
  it('found: the national records become 系统记录 rows, 获取更新成功; a second fetch adds nothing; they cannot be edited or deleted', async () => {
    const { cookies } = await approvedAccountant(app, { realName: '张三' });
    const res = await send(cookies, 'POST', '/api/titles/fetch');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ found: 1, message: '获取更新成功' });
    const rows = res.json().state.accounting;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'system', sourceLabel: '系统记录', status: 'approved', statusLabel: '已获取', rank: 'assistant', rankLabel: '助理会计师', titleCertificateNo: '20163710020318', editable: false });

    // 16 at once: one row per certificate still.
    const many = await Promise.all(Array.from({ length: 16 }, () => send(cookies, 'POST', '/api/titles/fetch')));
    expect(many.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    expect((await state(cookies)).accounting).toHaveLength(1);

    const id = rows[0].id;
    // Certificate numbers are personal data: sealed at rest (docs/personal-data.md).
    const raw = (await app.database.db.execute(sql`select title_certificate_no, qualification_certificate_no from accounting_titles where id = ${id}`)) as unknown as { rows: Array<Record<string, string>> };
    expect(JSON.stringify(raw.rows)).not.toContain('20163710020318');
    const edit = await send(cookies, 'PUT', `/api/titles/accounting/${id}`, await junior(cookies));
    expect(edit.statusCode).toBe(403);
    expect(edit.json().message).toBe('系统记录的资格信息不能编辑或删除');
    expect((await send(cookies, 'DELETE', `/api/titles/accounting/${id}`)).statusCode).toBe(403);

    // 打印: a one-page PDF of the row, with a verification code.
    const pdf = await app.inject({ method: 'GET', url: `/api/titles/accounting/${id}/print`, cookies });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    const verify = await app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent(String(pdf.headers['x-verification-code']))}` });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json().title).toBe('会计专业技术资格信息');
  });

  it('none: 未获取到数据，您可以通过新增会计专业技术资格录入, and nothing is added', async () => {
    const { cookies } = await lisi();
    const res = await send(cookies, 'POST', '/api/titles/fetch');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ found: 0, message: '未获取到数据，您可以通过新增会计专业技术资格录入' });
    expect(res.json().state.accounting).toEqual([]);
  });

  it('before 信息采集 is approved: told why, nothing fetched or added', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    expect(await state(cookies)).toMatchObject({ allowed: false, refusal: '请先完成信息采集并通过审核后再进行会计职称管理', accounting: [] });
    expect((await send(cookies, 'POST', '/api/titles/fetch')).statusCode).toBe(409);
    expect((await send(cookies, 'POST', '/api/titles/other', { type: 'cpa', obtainedAt: '2020-01-01', certificateNo: 'C1' })).statusCode).toBe(409);
  });
});

describe('新增会计专业技术资格: reviewed by the person\'s authority', () => {
  it('a manual row shows 人工审核 until 历下区 decides; the reviewer sees the fields, the registry check and the proof; approved → 已获取', async () => {
    const { cookies } = await lisi();
    const body = await junior(cookies);
    const res = await send(cookies, 'POST', '/api/titles/accounting', body);
    expect(res.statusCode, res.body).toBe(201);
    const row = res.json();
    expect(row).toMatchObject({ source: 'manual', status: 'pending', statusLabel: '人工审核', rankLabel: '助理会计师', editable: false, authorityName: expect.stringContaining('历下区') });
    expect(row.openReviewItemId).toBeTruthy();

    // In review: not editable, not deletable.
    expect((await send(cookies, 'DELETE', `/api/titles/accounting/${row.id}`)).statusCode).toBe(409);

    // Another authority's reviewer does not see it; 历下区's does, with what a reviewer needs.
    const other = await staffCookies(app, 'dc_reviewer');
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${row.openReviewItemId}`, cookies: other })).statusCode).toBe(404);
    expect((await decide(other, row.openReviewItemId, 'approve')).statusCode).toBe(404);
    const detail = await app.inject({ method: 'GET', url: `/api/console/review-items/${row.openReviewItemId}`, cookies: lixia });
    expect(detail.statusCode, detail.body).toBe(200);
    const text = detail.body;
    expect(text).toContain('会计专业技术资格');
    expect(text).toContain('助理会计师');
    expect(text).toContain('未找到：全国会计资格职称库无此人2001年以后的证书');
    expect(text).toContain(body.proofFileId);

    expect((await decide(lixia, row.openReviewItemId, 'approve')).statusCode).toBe(200);
    const after = (await state(cookies)).accounting[0];
    expect(after).toMatchObject({ id: row.id, status: 'approved', statusLabel: '已获取', editable: true, openReviewItemId: null });
    // Decided means decided.
    expect((await decide(lixia, row.openReviewItemId, 'reject', '重复')).statusCode).toBe(409);

    // An approved manual row may be edited (reviewed again) or deleted.
    const edited = await send(cookies, 'PUT', `/api/titles/accounting/${row.id}`, await junior(cookies, { titleCertificateNo: row.titleCertificateNo }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().status).toBe('pending');
    expect((await decide(lixia, edited.json().openReviewItemId, 'reject', '证明文件不清晰')).statusCode).toBe(200);
    expect((await state(cookies)).accounting[0]).toMatchObject({ status: 'rejected', opinion: '证明文件不清晰' });
    expect((await send(cookies, 'DELETE', `/api/titles/accounting/${row.id}`)).statusCode).toBe(204);
    expect((await state(cookies)).accounting).toEqual([]);
  });

  it('正高级会计师: only the 职称 part; 16 identical submissions leave one row', async () => {
    const { cookies } = await lisi();
    const proofs = await Promise.all(Array.from({ length: 16 }, () => uploadProof(app, cookies)));
    const results = await Promise.all(
      proofs.map((proofFileId) => send(cookies, 'POST', '/api/titles/accounting', { rank: 'professor', titleMethod: 'review', titleCertificateNo: '鲁职改办字〔2024〕12号', proofFileId })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().message === '该证书号或批文文号的记录已存在')).toBe(true);
    const rows = (await state(cookies)).accounting;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rank: 'professor', level: null, passDate: null });
  });

  it('bad input: Chinese messages, nothing kept; someone else\'s file or row', async () => {
    const { cookies } = await lisi();
    const noLevel = await send(cookies, 'POST', '/api/titles/accounting', await junior(cookies, { level: '' }));
    expect(noLevel.statusCode).toBe(400);
    expect(noLevel.json().message).toBe('请选择级别');
    const tooHigh = await send(cookies, 'POST', '/api/titles/accounting', await junior(cookies, { rank: 'accountant' }));
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().message).toBe('职称层级不能高于资格级别（初级）');
    const b = await verifiedAccountant(app, { realName: '王五' });
    const theirs = await send(cookies, 'POST', '/api/titles/accounting', await junior(cookies, { proofFileId: await uploadProof(app, b.cookies) }));
    expect(theirs.statusCode).toBe(400);
    expect((await state(cookies)).accounting).toEqual([]);

    const mine = (await send(cookies, 'POST', '/api/titles/accounting', await junior(cookies))).json();
    // B cannot see, edit, print or delete A's row.
    expect((await send(b.cookies, 'DELETE', `/api/titles/accounting/${mine.id}`)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/titles/accounting/${mine.id}/print`, cookies: b.cookies })).statusCode).toBe(404);
    expect((await send(cookies, 'DELETE', '/api/titles/accounting/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('其他专业技术人员职业资格 (seed 003 §7.2)', () => {
  it('级别 for 经济/审计/统计 only; reviewed like the above; withdrawn then deleted', async () => {
    const { cookies } = await lisi();
    const noLevel = await send(cookies, 'POST', '/api/titles/other', { type: 'statistics', obtainedAt: '2022-11-11', certificateNo: '20221100110000168' });
    expect(noLevel.statusCode).toBe(400);
    expect(noLevel.json().message).toBe('请选择专业技术职业资格级别');

    const tax = await send(cookies, 'POST', '/api/titles/other', { type: 'tax_advisor', level: 'senior', obtainedAt: '2021-01-05', certificateNo: 'S2021001' });
    expect(tax.statusCode, tax.body).toBe(201);
    expect(tax.json()).toMatchObject({ typeLabel: '税务师', level: null, status: 'pending', statusLabel: '人工审核' });

    const stats = await send(cookies, 'POST', '/api/titles/other', {
      type: 'statistics',
      level: 'intermediate',
      obtainedAt: '2022-11-11',
      certificateNo: '20221100110000168',
      proofFileId: await uploadProof(app, cookies),
    });
    expect(stats.statusCode, stats.body).toBe(201);
    const item = stats.json().openReviewItemId;
    const detail = await app.inject({ method: 'GET', url: `/api/console/review-items/${item}`, cookies: lixia });
    expect(detail.body).toContain('统计专业技术资格');
    expect((await decide(lixia, item, 'approve')).statusCode).toBe(200);
    const rows = (await state(cookies)).other;
    expect(rows.find((r: { id: string }) => r.id === stats.json().id)).toMatchObject({ status: 'approved', statusLabel: '资格通过', levelLabel: '中级' });

    // Withdrawn by the person (我的办件): 已撤回, then deletable.
    const withdrawn = await app.inject({ method: 'POST', url: `/api/my/review-items/${tax.json().openReviewItemId}/withdraw`, cookies });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await state(cookies)).other.find((r: { id: string }) => r.id === tax.json().id).status).toBe('withdrawn');
    expect((await send(cookies, 'DELETE', `/api/titles/other/${tax.json().id}`)).statusCode).toBe(204);
  });

  it('an approved 中级 统计 opens the 中级 exam\'s route 已取得经济、统计、审计专业中级资格', async () => {
    const mof = await staffCookies(app, 'mof_admin');
    const exam = await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year: 2024, level: 'intermediate' } });
    expect(exam.statusCode, exam.body).toBe(201);
    const settings = await app.inject({
      method: 'PUT',
      url: `/api/console/exams/${exam.json().id}/provinces/370000`,
      cookies: await staffCookies(app, 'sd_admin'),
      payload: { ...juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }]), fees: { intermediate_practice: '80', financial_management: '80', economic_law: '80' } },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const { cookies } = await approvedAccountant(app, { realName: '李四', education: LISI_MASTER, workFrom: '2024-03-01' });
    const route = async () =>
      ((await app.inject({ method: 'GET', url: `/api/enrollment/start?examId=${exam.json().id}&provinceId=370000`, cookies })).json().eligibility.routes as Array<{ code: string; satisfied: boolean }>).find(
        (r) => r.code === 'other_intermediate',
      );
    expect((await route())?.satisfied).toBe(false);
    const stats = await send(cookies, 'POST', '/api/titles/other', { type: 'statistics', level: 'intermediate', obtainedAt: '2022-11-11', certificateNo: 'TJ2022001' });
    expect(stats.statusCode, stats.body).toBe(201);
    // In review it does not count yet; approved it does.
    expect((await route())?.satisfied).toBe(false);
    expect((await decide(lixia, stats.json().openReviewItemId, 'approve')).statusCode).toBe(200);
    expect((await route())?.satisfied).toBe(true);
  });
});
