import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from './platform/group-commit';
import { approvedAccountant, juniorSettings, uploadExamPhoto } from './test/exam';
import { counts, expectUnavailable, faultHarness, faultTestsRun, query, reached, RECOVERY_MS, waitFor } from './test/faults';
import { staffCookies } from './test/helpers';

// The database dropping mid-transaction (test/faults.ts) for the writes of 考试报名 (issue 21) and 网上缴费
// (issue 22): 提交报名, alone and in a group commit, 生成订单, the provider's notification, the query the page
// makes for a lost one, and 重新报名. Each: the COMMIT held at the proxy (for the notification's record, that
// statement), the cluster shut down immediately, then 503 with Retry-After (a provider's notification: no
// "success", so it is sent again), not a row of the transaction left behind, and the same request done once,
// exactly once, when the database is back.

type Cookies = Record<string, string>;

describe.skipIf(!faultTestsRun)('PostgreSQL killed during the enrollment and its payment', () => {
  const h = faultHarness();
  const { inject, recovered } = h;
  let examId: string;

  /** A 初级 exam of `year`, its 山东省 settings with one 报名点 (济南市) and `reviewMode`. */
  async function examOf(year: number, reviewMode: 'auto' | 'manual') {
    const exam = await inject({ method: 'POST', url: '/api/console/exams', cookies: await staffCookies(h.app, 'mof_admin'), payload: { year, level: 'junior' } });
    expect(exam.statusCode, exam.body).toBe(201);
    const settings = juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], { reviewMode, fees: { junior_practice: '56', economic_law_basics: '56.5' } });
    const s = await inject({ method: 'PUT', url: `/api/console/exams/${exam.json().id}/provinces/370000`, cookies: await staffCookies(h.app, 'sd_admin'), payload: settings });
    expect(s.statusCode, s.body).toBe(200);
    return exam.json().id as string;
  }

  // 自动审核: a submit is approved in its own transaction, so the payment's tests start from an approved one.
  beforeAll(async () => {
    examId = await examOf(2025, 'auto');
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Every row an enrollment or a payment writes, per table and state, read past the proxy. */
  const rows = () =>
    counts(
      h.cluster,
      'platform',
      `select 'enrollments ' || status as t, count(*)::int as n from enrollments group by status
       union all select 'review items ' || status, count(*)::int from review_items where kind = 'exam_eligibility' group by status
       union all select 'review decisions ' || d.action, count(*)::int from review_decisions d join review_items i on i.id = d.item_id where i.kind = 'exam_eligibility' group by d.action
       union all select 'events ' || kind, count(*)::int from security_events where kind in ('enrollment_submit', 'enrollment_cancel', 'order_create', 'payment_refund') group by kind
       union all select 'exam photos claimed', count(*)::int from files where purpose = 'exam_photo' and used_by is not null
       union all select 'orders ' || status, count(*)::int from orders group by status
       union all select 'notifications ' || outcome, count(*)::int from payment_notifications group by outcome
       union all select 'refunds', count(*)::int from refunds
       order by 1`,
    ).then((r) => Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0)));
  /** `before` with some counts moved by `delta`. */
  const plus = (before: Record<string, number>, delta: Record<string, number>) =>
    Object.fromEntries(Object.entries({ ...before, ...delta }).map(([k]) => [k, (before[k] ?? 0) + (delta[k] ?? 0)]).filter(([, n]) => n !== 0));

  /** What `n` enrollments filed and approved by 自动审核 add. */
  const filed = (n: number) => ({
    'enrollments approved': n,
    'review items approved': n,
    'review decisions submit': n,
    'review decisions approve': n,
    'events enrollment_submit': n,
    'exam photos claimed': n,
  });

  /**
   * The immediate shutdown while the COMMIT of the transaction that ran `pattern` is held (after `whileHeld`,
   * with the database still up); the request's answer.
   */
  async function shutDownAtCommit<R extends { statusCode: number; body: string }>(pattern: RegExp, request: () => Promise<R>, whileHeld?: () => Promise<void>): Promise<R> {
    const hold = h.proxy.holdCommitAfter(pattern);
    const inFlight = request();
    await reached(hold, inFlight);
    await whileHeld?.();
    h.cluster.stopImmediately();
    hold.release();
    return inFlight;
  }
  async function restart() {
    h.cluster.start();
    expect(await recovered()).toBeLessThan(RECOVERY_MS);
  }
  /**
   * The request with the cluster shut down before its COMMIT: 503, and 503 again while the database is down;
   * once it is back, not a row changed. The counts before.
   */
  async function unavailableWritesNothing(pattern: RegExp, request: () => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>) {
    const before = await rows();
    expectUnavailable(await shutDownAtCommit(pattern, request));
    expectUnavailable(await request());
    await restart();
    expect(await rows()).toEqual(before);
    return before;
  }

  /** 提交报名's body: the exam photo uploaded, 初级 by education, both subjects at 济南市报名点. */
  async function enrollmentBody(cookies: Cookies, exam = examId) {
    const photo = await uploadExamPhoto(h.app, cookies);
    expect(photo.statusCode, photo.body).toBe(201);
    return { examId: exam, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photo.json().id as string, proofs: {}, promise: true };
  }
  const submit = (cookies: Cookies, body: object) => inject({ method: 'POST', url: '/api/enrollments', cookies, payload: body });
  const order = (cookies: Cookies, id: string) => inject({ method: 'POST', url: `/api/payments/enrollments/${id}/order`, cookies });
  const page = (cookies: Cookies, id: string) => inject({ method: 'GET', url: `/api/payments/enrollments/${id}`, cookies });
  const cancel = (cookies: Cookies, id: string) => inject({ method: 'POST', url: `/api/enrollments/${id}/cancel`, cookies });
  const provider = async (orderNo: string) => (await inject({ method: 'GET', url: `/api/sandbox/payments?orderNo=${orderNo}` })).json();
  const providerNotifies = (orderNo: string) => inject({ method: 'POST', url: `/api/sandbox/payments/${orderNo}/notify`, payload: { times: 1 } });
  const postNotify = (params: Record<string, string>) =>
    inject({ method: 'POST', url: '/api/payments/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(params).toString() });

  /** An approved accountant's enrollment, approved by 自动审核. */
  async function approvedEnrollment() {
    const { cookies } = await approvedAccountant(h.app);
    const res = await submit(cookies, await enrollmentBody(cookies));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('approved');
    return { cookies, enrollmentId: res.json().id as string };
  }
  /** …with its order generated and the provider's cashier opened (the trade exists there). */
  async function orderedEnrollment() {
    const e = await approvedEnrollment();
    const o = await order(e.cookies, e.enrollmentId);
    expect(o.statusCode, o.body).toBe(200);
    const orderNo: string = o.json().order.orderNo;
    const pay = await inject({ method: 'POST', url: `/api/payments/orders/${orderNo}/pay`, cookies: e.cookies });
    expect(pay.statusCode, pay.body).toBe(200);
    return { ...e, orderNo };
  }
  /** …and paid on the phone, the provider's notification not (yet) delivered. */
  async function paidUnnotified() {
    const o = await orderedEnrollment();
    const outage = (calls: string[]) => inject({ method: 'PUT', url: `/api/sandbox/payments/${o.orderNo}/outage`, payload: { calls } });
    expect((await outage(['notify'])).statusCode).toBe(204);
    expect((await inject({ method: 'POST', url: `/api/sandbox/payments/${o.orderNo}/pay` })).statusCode).toBe(204);
    expect((await outage([])).statusCode).toBe(204);
    expect(await provider(o.orderNo)).toMatchObject({ status: 'TRADE_SUCCESS', notifications: 0 });
    return o;
  }

  it('提交报名: an immediate shutdown before its COMMIT answers 503 and writes nothing (no enrollment, review item, audit event, photo claimed); submitted once the database is back', async () => {
    const { cookies } = await approvedAccountant(h.app);
    const body = await enrollmentBody(cookies);
    // The enrollment, its photo's claim, the audit event, the review item and its 自动审核 are written; the COMMIT is held.
    const before = await unavailableWritesNothing(/^insert into "enrollments"/, () => submit(cookies, body));
    const again = await submit(cookies, body);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().status).toBe('approved');
    const after = plus(before, filed(1));
    expect(await rows()).toEqual(after);
    // Once: the same submit again is refused, and writes nothing.
    const twice = await submit(cookies, body);
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().code).toBe('enrollment/exists');
    expect(await rows()).toEqual(after);
  });

  it('提交报名 in a group commit: a shutdown before the batch’s COMMIT answers 503 to each of its candidates (the one-by-one retry meets the database down too) and writes none; each submitted once afterwards', async () => {
    // Two submits keep both of the group commit's transactions busy (their COMMITs held), so the next two
    // wait and are written together, in one transaction of multi-row statements.
    const [a, b, c, d] = await Promise.all([0, 1, 2, 3].map(() => approvedAccountant(h.app)));
    const bodies = await Promise.all([a, b, c, d].map((x) => enrollmentBody(x!.cookies)));
    const before = await rows();
    const writes = vi.spyOn(GroupCommit.prototype, 'write');
    const busy = [a, b].map((x, i) => ({ hold: h.proxy.holdCommitAfter(/^insert into "enrollments"/), send: () => submit(x!.cookies, bodies[i]!) }));
    const first = busy.map(({ send }) => send());
    for (const [i, { hold }] of busy.entries()) await reached(hold, first[i]!);
    const batchHold = h.proxy.holdCommitAfter(/^insert into "enrollments" .*\), \(\$/s);
    const batch = Promise.all([submit(c!.cookies, bodies[2]!), submit(d!.cookies, bodies[3]!)]);
    await waitFor('the last two submits to wait at the group commit', async () => writes.mock.calls.length === 4, 5_000);
    for (const { hold } of busy) hold.release();
    for (const res of await Promise.all(first)) expect(res.statusCode, res.body).toBe(201);
    await reached(batchHold, batch.then((r) => r[0]));
    h.cluster.stopImmediately();
    batchHold.release();
    for (const res of await batch) expectUnavailable(res);

    await restart();
    // The two before the batch, nothing of the batch.
    const afterTwo = plus(before, filed(2));
    expect(await rows()).toEqual(afterTwo);
    const again = await Promise.all([submit(c!.cookies, bodies[2]!), submit(d!.cookies, bodies[3]!)]);
    for (const res of again) expect(res.statusCode, res.body).toBe(201);
    expect(await rows()).toEqual(plus(afterTwo, filed(2)));
  });

  it('生成订单: an immediate shutdown before its COMMIT answers 503 and leaves no order; generated once afterwards, with the fees added up', async () => {
    const { cookies, enrollmentId } = await approvedEnrollment();
    const before = await unavailableWritesNothing(/^insert into "orders"/, () => order(cookies, enrollmentId));
    const again = await order(cookies, enrollmentId);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().order).toMatchObject({ amount: '112.50', status: 'open' });
    const after = plus(before, { 'orders open': 1, 'events order_create': 1 });
    expect(await rows()).toEqual(after);
    // Generated again: the same order.
    expect((await order(cookies, enrollmentId)).json().order.orderNo).toBe(again.json().order.orderNo);
    expect(await rows()).toEqual(after);
  });

  it('the provider’s notification: an immediate shutdown before the settling COMMIT gets no "success" (so it is sent again) and pays nothing; the provider’s retry after recovery pays once', async () => {
    const { cookies, enrollmentId, orderNo } = await paidUnnotified();
    const before = await rows();

    // The provider sends its notification; the platform locks the order, marks the enrollment and the order paid.
    let params: Record<string, string> = {};
    const sent = await shutDownAtCommit(/^update "orders"/, () => providerNotifies(orderNo), async () => {
      params = await lastNotification(orderNo);
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const [answer] = sent.json().answers as string[];
    expect(answer).not.toBe('success');
    expect(JSON.parse(answer!)).toMatchObject({ code: 'server/unavailable' });
    // Sent again while the database is down: 503 with Retry-After, never "success".
    expectUnavailable(await postNotify(params));

    await restart();
    expect(await rows()).toEqual(before);
    // The provider sends it again: paid; a copy after it is a duplicate, and nothing is refunded.
    expect((await providerNotifies(orderNo)).json().answers).toEqual(['success']);
    expect((await postNotify(params)).body).toBe('success');
    expect(await rows()).toEqual(plus(before, { 'enrollments approved': -1, 'enrollments paid': 1, 'orders open': -1, 'orders paid': 1, 'notifications ok': 1, 'notifications duplicate': 1 }));
    expect((await page(cookies, enrollmentId)).json()).toMatchObject({ enrollment: { status: 'paid', step: 6 }, order: { status: 'paid' }, refunds: [] });
    expect((await provider(orderNo)).refunds).toEqual([]);
  });

  it('the provider’s notification is recorded with its settlement: a shutdown as the record is written leaves the order unpaid and no record; the retry pays and records it once', async () => {
    const { orderNo } = await paidUnnotified();
    const before = await rows();

    // The order and the enrollment are marked paid; the statement that records the notification is held.
    const hold = h.proxy.hold((sql) => /^insert into "payment_notifications"/.test(sql));
    const inFlight = providerNotifies(orderNo);
    await reached(hold, inFlight);
    const params = await lastNotification(orderNo);
    h.cluster.stopImmediately();
    hold.release();
    expect((await inFlight).json().answers).not.toEqual(['success']);

    await restart();
    expect(await rows()).toEqual(before);
    expect((await postNotify(params)).body).toBe('success');
    expect(await rows()).toEqual(plus(before, { 'enrollments approved': -1, 'enrollments paid': 1, 'orders open': -1, 'orders paid': 1, 'notifications ok': 1 }));
  });

  it('the page’s query for a lost notification: an immediate shutdown before the settling COMMIT answers 503 and pays nothing; the page afterwards shows it paid, once', async () => {
    const { cookies, enrollmentId, orderNo } = await paidUnnotified();
    const before = await unavailableWritesNothing(/^update "orders"/, () => page(cookies, enrollmentId));
    const shown = await page(cookies, enrollmentId);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ enrollment: { status: 'paid', step: 6 }, order: { status: 'paid' }, refunds: [] });
    expect(await rows()).toEqual(plus(before, { 'enrollments approved': -1, 'enrollments paid': 1, 'orders open': -1, 'orders paid': 1 }));
    expect((await providerNotifies(orderNo)).json().answers).toEqual(['success']);
    expect((await provider(orderNo)).refunds).toEqual([]);
  });

  it('重新报名 before payment: an immediate shutdown before its COMMIT answers 503; the enrollment stays approved and its order open (here and at the provider); cancelled with its order closed afterwards', async () => {
    const { cookies, enrollmentId, orderNo } = await orderedEnrollment();
    // The order closed, the enrollment cancelled, the audit event written: the COMMIT is held.
    const before = await unavailableWritesNothing(/^update "enrollments"/, () => cancel(cookies, enrollmentId));
    expect((await page(cookies, enrollmentId)).json()).toMatchObject({ enrollment: { status: 'approved' }, order: { orderNo, status: 'open' }, payOpen: true });
    // Nothing told the provider either: its trade is still payable.
    expect((await provider(orderNo)).status).toBe('WAIT_BUYER_PAY');

    const again = await cancel(cookies, enrollmentId);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().status).toBe('cancelled');
    expect(await rows()).toEqual(plus(before, { 'enrollments approved': -1, 'enrollments cancelled': 1, 'orders open': -1, 'orders closed': 1, 'events enrollment_cancel': 1 }));
    expect((await provider(orderNo)).status).toBe('TRADE_CLOSED');
    expect((await page(cookies, enrollmentId)).json()).toMatchObject({ enrollment: { status: 'cancelled' }, order: { status: 'closed', closeReason: '已重新报名，订单已关闭' } });
  });

  it('重新报名 in 资格审核: an immediate shutdown before its COMMIT answers 503; the enrollment and its review item stay pending; afterwards cancelled with the item withdrawn', async () => {
    const manual = await examOf(2026, 'manual');
    const { cookies } = await approvedAccountant(h.app);
    const filedNow = await submit(cookies, await enrollmentBody(cookies, manual));
    expect(filedNow.statusCode, filedNow.body).toBe(201);
    expect(filedNow.json().status).toBe('pending');
    const enrollmentId: string = filedNow.json().id;
    // The enrollment cancelled, its review item withdrawn, the audit event written: the COMMIT is held.
    const before = await unavailableWritesNothing(/^update "enrollments"/, () => cancel(cookies, enrollmentId));

    const again = await cancel(cookies, enrollmentId);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().status).toBe('cancelled');
    expect(await rows()).toEqual(
      plus(before, { 'enrollments pending': -1, 'enrollments cancelled': 1, 'review items pending': -1, 'review items withdrawn': 1, 'review decisions withdraw': 1, 'events enrollment_cancel': 1 }),
    );
  });

  /** The notification the provider sent last, read past the proxy (the provider keeps it to send again). */
  async function lastNotification(orderNo: string): Promise<Record<string, string>> {
    const [row] = await query(h.cluster, 'platform', `select last_notification as t, 0 as n from sandbox_payments where order_no = '${orderNo.replace(/\D/g, '')}'`);
    return row!.t as unknown as Record<string, string>;
  }
});
