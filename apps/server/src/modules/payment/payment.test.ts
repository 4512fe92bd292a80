import { createSign, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alipayTime } from '../../platform/payment/alipay-sign';
import { signContent } from '../../platform/payment/alipay-sign';
import { SANDBOX_APP_ID, SANDBOX_PROVIDER_PRIVATE_KEY } from '../../platform/payment/sandbox-keys';
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto } from '../../test/exam';
import { buildTestApp, setClock, staffCookies } from '../../test/helpers';
import { pdfPages, renderPage } from '../../platform/pdf/pdf-text';
import { paymentNotifications } from './tables';

// 网上缴费 (issue 22) through the API, on a real database, against the sandbox payment provider.

let app: FastifyInstance;
type Cookies = Record<string, string>;
let mof: Cookies;
let sdAdmin: Cookies;
const exams: Record<number, string> = {};

async function examOf(year: number, settings: Record<string, unknown> = {}) {
  if (!exams[year]) {
    const res = await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year, level: 'junior' } });
    expect(res.statusCode, res.body).toBe(201);
    exams[year] = res.json().id;
  }
  const s = await app.inject({
    method: 'PUT',
    url: `/api/console/exams/${exams[year]}/provinces/370000`,
    cookies: sdAdmin,
    payload: juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], { reviewMode: 'auto', fees: { junior_practice: '56', economic_law_basics: '56.5' }, ...settings }),
  });
  expect(s.statusCode, s.body).toBe(200);
  return exams[year]!;
}

/** Files an enrollment (自动审核: approved at once unless `manual`). */
async function enroll(cookies: Cookies, examId: string) {
  const photo = await uploadExamPhoto(app, cookies);
  const res = await app.inject({
    method: 'POST',
    url: '/api/enrollments',
    cookies,
    payload: { examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photo.json().id, proofs: {}, promise: true },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}

const page = (cookies: Cookies, id: string) => app.inject({ method: 'GET', url: `/api/payments/enrollments/${id}`, cookies });
const order = (cookies: Cookies, id: string) => app.inject({ method: 'POST', url: `/api/payments/enrollments/${id}/order`, cookies });
const payUrl = (cookies: Cookies, orderNo: string) => app.inject({ method: 'POST', url: `/api/payments/orders/${orderNo}/pay`, cookies });
const provider = async (orderNo: string) => (await app.inject({ method: 'GET', url: `/api/sandbox/payments?orderNo=${orderNo}` })).json();
const phonePays = (orderNo: string) => app.inject({ method: 'POST', url: `/api/sandbox/payments/${orderNo}/pay` });
const outage = (orderNo: string, calls: string[]) => app.inject({ method: 'PUT', url: `/api/sandbox/payments/${orderNo}/outage`, payload: { calls } });
const postNotify = (params: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/api/payments/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(params).toString() });
const cancel = (cookies: Cookies, id: string) => app.inject({ method: 'POST', url: `/api/enrollments/${id}/cancel`, cookies });
const signAs = (params: Record<string, string>, key: string) => ({ ...params, sign: createSign('RSA-SHA256').update(signContent(params, { withSignType: false }), 'utf8').sign(key, 'base64') });

/** An approved enrollment with a generated order whose cashier was opened. */
async function orderedEnrollment(cookies: Cookies, examId: string) {
  const e = await enroll(cookies, examId);
  expect(e.status).toBe('approved');
  const o = await order(cookies, e.id);
  expect(o.statusCode, o.body).toBe(200);
  const orderNo: string = o.json().order.orderNo;
  const p = await payUrl(cookies, orderNo);
  expect(p.statusCode, p.body).toBe(200);
  return { enrollmentId: e.id, orderNo };
}

let a: { cookies: Cookies; person: { idNumber: string; mobile: string } };
let b: { cookies: Cookies };

beforeAll(async () => {
  app = await buildTestApp();
  mof = await staffCookies(app, 'mof_admin');
  sdAdmin = await staffCookies(app, 'sd_admin');
  [a, b] = [await approvedAccountant(app), await approvedAccountant(app)];
});
afterAll(() => app.close());

describe('生成订单 and the sandbox cashier', () => {
  let first: { enrollmentId: string; orderNo: string };

  it('fixes the amount (each subject\'s fee, added up); generating again, even 16 at once, gives the same order', async () => {
    const examId = await examOf(2025);
    const e = await enroll(a.cookies, examId);
    const before = (await page(a.cookies, e.id)).json();
    expect(before).toMatchObject({ order: null, amount: '112.50', payOpen: true, enrollment: { status: 'approved', step: 5 } });
    const answers = await Promise.all(Array.from({ length: 16 }, () => order(a.cookies, e.id)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    const numbers = new Set(answers.map((r) => r.json().order.orderNo));
    expect(numbers.size).toBe(1);
    expect(answers[0]!.json().order).toMatchObject({ amount: '112.50', status: 'open', statusName: '待支付', provider: '支付宝', paidAt: null });
    // A fee changed afterwards does not change the order.
    await examOf(2025, { fees: { junior_practice: '80', economic_law_basics: '80' } });
    expect((await order(a.cookies, e.id)).json().order.amount).toBe('112.50');
    // Someone else's enrollment is not found; an enrollment not yet approved cannot be paid.
    expect((await order(b.cookies, e.id)).statusCode).toBe(404);
    expect((await page(b.cookies, e.id)).statusCode).toBe(404);
    first = { enrollmentId: e.id, orderNo: answers[0]!.json().order.orderNo };
  });

  it('pays through the cashier: the provider notifies (RSA2), the enrollment is paid, 报名成功 is step 6', async () => {
    const pay = await payUrl(a.cookies, first.orderNo);
    expect(pay.json()).toEqual({ cashierUrl: `/sandbox/cashier/${first.orderNo}` });
    expect((await payUrl(b.cookies, first.orderNo)).statusCode).toBe(404);
    expect(await provider(first.orderNo)).toMatchObject({ orderNo: first.orderNo, amount: '112.50', status: 'WAIT_BUYER_PAY', notifications: 0, refunds: [] });
    expect((await phonePays(first.orderNo)).statusCode).toBe(204);
    expect(await provider(first.orderNo)).toMatchObject({ status: 'TRADE_SUCCESS', notifications: 1, refunds: [] });
    const after = (await page(a.cookies, first.enrollmentId)).json();
    expect(after).toMatchObject({ enrollment: { status: 'paid', step: 6 }, order: { status: 'paid', statusName: '已支付' }, refunds: [], payOpen: false });
    expect(after.order.paidAt).toBeTruthy();
    // The synchronous return: signed, verified, and the browser goes to the result page.
    const { returnUrl } = (await app.inject({ method: 'GET', url: `/api/sandbox/payments/${first.orderNo}/return` })).json();
    expect(returnUrl).toMatch(/^\/exam\/pay-return\?/);
    const api = returnUrl.replace('/exam/pay-return', '/api/payments/return');
    expect((await app.inject({ method: 'GET', url: api })).json()).toEqual({ enrollmentId: first.enrollmentId });
    expect((await app.inject({ method: 'GET', url: api.replace('total_amount=112.50', 'total_amount=0.01') })).json()).toEqual({ enrollmentId: null });
    // Paid: 生成订单 and 支付 refuse.
    expect((await order(a.cookies, first.enrollmentId)).json().message).toBe('您已缴费，报名已成功');
    expect((await payUrl(a.cookies, first.orderNo)).json().message).toBe('该订单已支付');
  });

  it('ten copies of the notification at once leave one paid enrollment and no refund', async () => {
    const genuine = (await app.inject({ method: 'GET', url: `/api/sandbox/payments/${first.orderNo}/notification` })).json();
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNotify(genuine)));
    expect(answers.map((r) => r.body)).toEqual(Array(10).fill('success'));
    const resent = await app.inject({ method: 'POST', url: `/api/sandbox/payments/${first.orderNo}/notify`, payload: { times: 10 } });
    expect(resent.json().answers).toEqual(Array(10).fill('success'));
    expect(await provider(first.orderNo)).toMatchObject({ status: 'TRADE_SUCCESS', notifications: 11, refunds: [] });
    expect((await page(a.cookies, first.enrollmentId)).json()).toMatchObject({ enrollment: { status: 'paid' }, refunds: [] });
  });

  it('报名表打印: a PDF with every field, the photo and a QR code, in an embedded Chinese font; its public check shows masked data only', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/payments/enrollments/${first.enrollmentId}/form.pdf`, cookies: b.cookies })).statusCode).toBe(404);
    const res = await app.inject({ method: 'GET', url: `/api/payments/enrollments/${first.enrollmentId}/form.pdf`, cookies: a.cookies });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const bytes = new Uint8Array(res.rawPayload);
    const pages = await pdfPages(bytes);
    const text = pages.join('');
    for (const s of ['全国会计专业技术资格考试报名表', '2025年全国会计专业技术资格考试（初级）', '张三', a.person.idNumber, '初级会计实务、经济法基础', '济南市报名点', first.orderNo, '112.50元', '考生照片', '山东大学', '报名成功（已缴费）', a.person.mobile, '民营企业', '出纳', '会计工作年限']) {
      expect(text).toContain(s);
    }
    const code = String(res.headers['x-verification-code']);
    expect(text).toContain(`/verify/enrollment/${code.replace(/-/g, '')}`);
    // Drawn from the embedded font alone (no system fonts): the title band and the fields carry ink.
    const { ink, png } = await renderPage(bytes);
    // PDF_PNG_OUT=/tmp/form.png: the rendered page, for a person to look at.
    if (process.env.PDF_PNG_OUT) writeFileSync(process.env.PDF_PNG_OUT, png);
    expect(ink[1]).toBeGreaterThan(0.004);
    expect(ink.filter((x) => x > 0.01).length).toBeGreaterThan(5);
    // The font is embedded (a subset), not referenced.
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/FontFile2/);

    const check = await app.inject({ method: 'GET', url: `/api/verify/enrollment/${code}` });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toEqual({
      title: '全国会计专业技术资格考试报名表',
      holderMasked: expect.stringMatching(/^张\*+$/),
      examName: '2025年全国会计专业技术资格考试（初级）',
      subjects: ['初级会计实务', '经济法基础'],
      status: '报名成功（已缴费）',
      issuedAt: expect.any(String),
    });
    expect(check.body).not.toContain(a.person.idNumber);
    expect((await app.inject({ method: 'GET', url: '/api/verify/enrollment/0000-0000-0000-0000' })).statusCode).toBe(404);
  });

  it('重新报名 after payment is refused with the reason and whom to ask', async () => {
    const res = await cancel(a.cookies, first.enrollmentId);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('您已缴费，报名已成功，不能重新报名。如需更改报名信息，请联系山东省考试管理机构（咨询电话：0531-12345）');
  });
});

describe('forged notifications', () => {
  it('are refused and recorded, each of them, and change nothing', async () => {
    const examId = await examOf(2026);
    const { enrollmentId, orderNo } = await orderedEnrollment(a.cookies, examId);
    const base = {
      notify_time: alipayTime(new Date()),
      notify_type: 'trade_status_sync',
      notify_id: 'n1',
      app_id: SANDBOX_APP_ID,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: '2025010122000000000000000001',
      out_trade_no: orderNo,
      trade_status: 'TRADE_SUCCESS',
      total_amount: '112.50',
      gmt_payment: alipayTime(new Date()),
    };
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const genuine = signAs(base, SANDBOX_PROVIDER_PRIVATE_KEY);
    const cases: Array<[string, Record<string, string>]> = [
      ['bad_signature', { ...genuine, total_amount: '0.01' }], // altered after signing
      ['bad_signature', signAs(base, stranger.privateKey)], // signed by someone else
      ['bad_signature', { ...base }], // not signed
      ['bad_signature', { ...genuine, sign_type: 'RSA' }],
      ['wrong_app', signAs({ ...base, app_id: '2021000000000001' }, SANDBOX_PROVIDER_PRIVATE_KEY)],
      ['amount_mismatch', signAs({ ...base, total_amount: '0.01' }, SANDBOX_PROVIDER_PRIVATE_KEY)],
      ['unknown_order', signAs({ ...base, out_trade_no: '20250101000000000000' }, SANDBOX_PROVIDER_PRIVATE_KEY)],
    ];
    for (const [, params] of cases) {
      const res = await postNotify(params);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('failure');
    }
    // Garbage is a clear 400, never a 500.
    expect((await app.inject({ method: 'POST', url: '/api/payments/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=%E0%A4%A' })).statusCode).toBeLessThan(500);
    expect((await page(a.cookies, enrollmentId)).json()).toMatchObject({ enrollment: { status: 'approved' }, order: { status: 'open' } });
    const recorded = await app.database.db.select().from(paymentNotifications).where(eq(paymentNotifications.orderNo, orderNo));
    expect(recorded.map((r) => r.outcome).sort()).toEqual(cases.filter(([o]) => o !== 'unknown_order').map(([o]) => o).sort());
    expect(recorded.every((r) => r.outcome !== 'ok')).toBe(true);
    // The genuine one, signed by the provider's key, is taken.
    expect((await postNotify(genuine)).body).toBe('success');
    expect((await page(a.cookies, enrollmentId)).json()).toMatchObject({ enrollment: { status: 'paid' }, order: { status: 'paid' } });
  });
});

describe('late, lost and concurrent reports', () => {
  it('a lost notification is recovered by the query the page makes; a notification and a query at once pay once', async () => {
    const examId = await examOf(2027);
    const { enrollmentId, orderNo } = await orderedEnrollment(b.cookies, examId);
    expect((await outage(orderNo, ['notify'])).statusCode).toBe(204);
    expect((await phonePays(orderNo)).statusCode).toBe(204);
    expect(await provider(orderNo)).toMatchObject({ status: 'TRADE_SUCCESS', notifications: 0 });
    await outage(orderNo, []);
    // The notification arrives late, while the page asks the provider.
    const [notified, seen] = await Promise.all([app.inject({ method: 'POST', url: `/api/sandbox/payments/${orderNo}/notify`, payload: { times: 3 } }), page(b.cookies, enrollmentId)]);
    expect(notified.json().answers).toEqual(['success', 'success', 'success']);
    expect(seen.json()).toMatchObject({ enrollment: { status: 'paid', step: 6 }, order: { status: 'paid' }, refunds: [] });
    expect((await provider(orderNo)).refunds).toEqual([]);
  });

  it('重新报名 before payment closes the order; a payment that slips past the close is refunded once, and shown', async () => {
    const examId = await examOf(2028);
    const { enrollmentId, orderNo } = await orderedEnrollment(b.cookies, examId);
    // The provider does not answer the close: its trade stays payable on the open cashier page.
    await outage(orderNo, ['close']);
    const c = await cancel(b.cookies, enrollmentId);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'cancelled' });
    expect((await page(b.cookies, enrollmentId)).json().order).toMatchObject({ status: 'closed', closeReason: '已重新报名，订单已关闭' });
    await outage(orderNo, []);
    expect((await phonePays(orderNo)).statusCode).toBe(204);
    await app.inject({ method: 'POST', url: `/api/sandbox/payments/${orderNo}/notify`, payload: { times: 5 } });
    await (app as unknown as { payments?: { settled(): Promise<void> } }).payments?.settled();
    await waitFor(async () => (await provider(orderNo)).refunds.length === 1);
    expect((await provider(orderNo)).refunds).toEqual([{ amount: '112.50', at: expect.any(String) }]);
    const shown = (await page(b.cookies, enrollmentId)).json();
    expect(shown.enrollment.status).toBe('cancelled');
    expect(shown.refunds).toEqual([expect.objectContaining({ amount: '112.50', reason: '订单关闭后收到的付款，已原路退回', status: 'done' })]);
    // The history keeps the cancelled one; a new enrollment may be filed.
    const again = await enroll(b.cookies, examId);
    expect(again.id).not.toBe(enrollmentId);
    const mine = (await app.inject({ method: 'GET', url: '/api/enrollments', cookies: b.cookies })).json();
    expect(mine.filter((e: { examId: string }) => e.examId === examId).map((e: { status: string }) => e.status).sort()).toEqual(['approved', 'cancelled']);
  });

  it('重新报名 of an enrollment in 资格审核 withdraws its review item', async () => {
    const examId = await examOf(2029, { reviewMode: 'manual' });
    const e = await enroll(b.cookies, examId);
    expect(e.status).toBe('pending');
    expect((await order(b.cookies, e.id)).json().message).toBe('资格审核通过后才能缴费');
    expect((await cancel(b.cookies, e.id)).json()).toMatchObject({ status: 'cancelled' });
    const items = (await app.inject({ method: 'GET', url: '/api/my/review-items?kind=exam_eligibility', cookies: b.cookies })).json();
    expect(items.items.some((i: { status: string }) => i.status === 'withdrawn')).toBe(true);
    expect((await cancel(b.cookies, e.id)).statusCode).toBe(409);
  });
});

describe('缴费时间 ends by the platform clock', () => {
  it('closes the open order and the enrollment says so; the provider\'s trade is closed; a late payment is refused', async () => {
    const now = new Date();
    const examId = await examOf(2030, { signupEnd: beijing(now, 0.1), payEnd: beijing(now, 0.2) });
    const { enrollmentId, orderNo } = await orderedEnrollment(a.cookies, examId);
    try {
      await setClock(app, new Date(now.getTime() + 15 * 60_000).toISOString());
      const shown = (await page(a.cookies, enrollmentId)).json();
      expect(shown).toMatchObject({ enrollment: { status: 'closed', step: 5 }, order: { status: 'closed', closeReason: '缴费时间已结束，订单已关闭' }, payOpen: false });
      expect((await provider(orderNo)).status).toBe('TRADE_CLOSED');
      expect((await phonePays(orderNo)).statusCode).toBe(409);
      expect((await order(a.cookies, enrollmentId)).statusCode).toBe(409);
    } finally {
      await app.inject({ method: 'DELETE', url: '/api/sandbox/clock' });
    }
  });
});

describe('the console', () => {
  it('counts by state, money received, the list, CSV and history, within the staff member\'s authority', async () => {
    const examId = exams[2028]!;
    const url = `/api/console/exams/${examId}/provinces/370000/enrollments`;
    const sd = (await app.inject({ method: 'GET', url, cookies: sdAdmin })).json();
    expect(sd.counts).toMatchObject({ awaitingPayment: 1, refunded: 1 });
    expect(sd.refunded).toBe('112.50');
    expect(sd.items.map((i: { stateName: string }) => i.stateName).sort()).toEqual(['已退款', '待缴费']);
    expect(sd.items[0].realName).toMatch(/^张\*+$/);
    expect(JSON.stringify(sd)).not.toContain(b.cookies.ausm_sid);
    const paid = (await app.inject({ method: 'GET', url: `/api/console/exams/${exams[2025]}/provinces/370000/enrollments?state=paid`, cookies: await staffCookies(app, 'jn_reviewer') })).json();
    expect(paid).toMatchObject({ counts: { paid: 1 }, received: '112.50', items: [{ state: 'paid', amount: '112.50' }] });
    // Another province's staff and a city outside the 报名点 see nothing of it.
    expect((await app.inject({ method: 'GET', url, cookies: await staffCookies(app, 'bj_reviewer') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url, cookies: await staffCookies(app, 'lx_reviewer') })).json().items).toEqual([]);
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const csv = await app.inject({ method: 'GET', url: `${url}.csv`, cookies: sdAdmin });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toBe('\ufeff姓名,证件号码,报名点,报考科目,状态,订单号码,金额（元）,缴费时间,退款（元）,提交时间');
    expect(csv.body).toContain('已退款');
    const history = await app.inject({ method: 'GET', url: `/api/console/enrollments/${sd.items[0].id}/history`, cookies: sdAdmin });
    expect(history.json().map((h: { status: string }) => h.status)).toContain('cancelled');
    expect((await app.inject({ method: 'GET', url: `/api/console/enrollments/${sd.items[0].id}/history`, cookies: await staffCookies(app, 'bj_reviewer') })).statusCode).toBe(404);
  });

  it('is reachable for a city\'s and a county\'s staff: their province listed (not editable), their 报名点 only, CSV and history in scope', async () => {
    const examId = exams[2025]!;
    const provincesOf = async (who: string) =>
      (await app.inject({ method: 'GET', url: `/api/console/exams/${examId}/provinces`, cookies: await staffCookies(app, who) })).json() as Array<{ provinceId: string; editable: boolean }>;
    expect(await provincesOf('jn_reviewer')).toEqual([expect.objectContaining({ provinceId: '370000', editable: false })]);
    expect(await provincesOf('lx_reviewer')).toEqual([expect.objectContaining({ provinceId: '370000', editable: false })]);
    expect(await provincesOf('sd_admin')).toEqual([expect.objectContaining({ provinceId: '370000', editable: true })]);
    expect((await provincesOf('dc_reviewer')).map((p) => p.provinceId)).toEqual(['110000']);
    // 济南市's reviewer: the enrollment filed at 济南市's 报名点, its CSV row and its history.
    const jn = await staffCookies(app, 'jn_reviewer');
    const url = `/api/console/exams/${examId}/provinces/370000/enrollments`;
    const report = (await app.inject({ method: 'GET', url, cookies: jn })).json();
    expect(report.items.length).toBeGreaterThan(0);
    expect(report.items.every((i: { siteName: string }) => i.siteName === '济南市报名点')).toBe(true);
    const csv = await app.inject({ method: 'GET', url: `${url}.csv`, cookies: jn });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(report.items.length + 1);
    const id = report.items[0].id;
    expect((await app.inject({ method: 'GET', url: `/api/console/enrollments/${id}/history`, cookies: jn })).statusCode).toBe(200);
    // 历下区 holds no 报名点 of this exam: an empty list, and 济南市's candidates' history is not theirs to read.
    const lx = await staffCookies(app, 'lx_reviewer');
    expect((await app.inject({ method: 'GET', url, cookies: lx })).json()).toMatchObject({ items: [], received: '0.00' });
    expect((await app.inject({ method: 'GET', url: `${url}.csv`, cookies: lx })).body.trim().split('\r\n')).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: `/api/console/enrollments/${id}/history`, cookies: lx })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `${url}.csv`, cookies: await staffCookies(app, 'dc_reviewer') })).statusCode).toBe(403);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 3_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
