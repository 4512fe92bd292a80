import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { formatBeijingDateTime, ORDER_STATUS_NAMES, orderAmount, withinWindow, type OrderStatus } from '@ausm/domain';
import { isUniqueViolation, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { parseAlipayTime } from '../../platform/payment/alipay-sign';
import { PaymentUnavailableError, type PaymentGateway, type Trade } from '../../platform/payment/gateway';
import type { EnrollmentService, EnrollmentView } from '../enrollment';
import type { EnrollmentRow } from '../enrollment/tables';
import type { ExamService } from '../exam';
import { orders, paymentNotifications, refunds, type OrderRow, type RefundRow } from './tables';

export type OrderView = {
  orderNo: string;
  amount: string;
  createdAt: Date;
  status: OrderStatus;
  statusName: string;
  provider: string;
  paidAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
};
/** What a payment reported to the platform did: paid the order, nothing (known already), or refunded. */
export type SettleOutcome = 'ok' | 'duplicate' | 'refunded';
export type RefundView = { orderNo: string; amount: string; reason: string; status: 'pending' | 'done'; createdAt: Date; doneAt: Date | null };

/** GET /api/payments/enrollments/:id: 网上缴费's page (seed 003 §6.1) and 报名成功's. */
export type PaymentPage = {
  enrollment: EnrollmentView;
  /** The amount 生成订单 fixes: the fee of each subject chosen. */
  amount: string;
  order: OrderView | null;
  /** Orders closed before (by the clock or 重新报名) and paid: refunded. */
  refunds: RefundView[];
  payOpen: boolean;
  payWindow: { start: string; end: string };
  phone: string;
};

export const CLOSE_REASON_NAMES: Record<string, string> = {
  pay_window: '缴费时间已结束，订单已关闭',
  re_enroll: '已重新报名，订单已关闭',
};
export const REFUND_REASON_NAMES: Record<string, string> = {
  after_close: '订单关闭后收到的付款，已原路退回',
  paid_elsewhere: '本次报名已缴费，重复付款已原路退回',
};

const notApproved = () => new AppError(409, 'payment/not_approved', '资格审核通过后才能缴费');
const windowClosed = (w: { start: string; end: string }) => new AppError(409, 'payment/window_closed', `不在缴费时间内，缴费时间为${w.start}至${w.end}`);
const orderNotFound = () => new AppError(404, 'payment/order_not_found', '订单不存在');

/**
 * 网上缴费 (issue 22; seed 003 §6.1): orders of approved enrollments, the provider's notifications and the
 * queries that stand in for a lost one, and the refunds of money no enrollment can take. Every way a payment
 * reaches the platform goes through `settle`, which locks the order: ten notifications at once, or a
 * notification and a query, end with one paid enrollment.
 */
export class PaymentService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly exams: ExamService,
    private readonly enrollments: EnrollmentService,
    private readonly gateway: PaymentGateway,
    private readonly audit: AuditLog,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    // 重新报名 closes the open order in the cancelling transaction; the provider's trade after commit.
    enrollments.onCancel(async (tx, e) => {
      const closed = await tx
        .update(orders)
        .set({ status: 'closed', closedAt: this.clock.now(), closeReason: 're_enroll' })
        .where(and(eq(orders.enrollmentId, e.id), eq(orders.status, 'open')))
        .returning();
      return async () => {
        for (const o of closed) await this.closeAtProvider(o.orderNo).catch(this.onError);
      };
    });
  }

  private readonly background = new Set<Promise<unknown>>();
  /** Work that talks to the provider runs after the transaction that decided it (and never fails a request). */
  private afterCommit(work: () => Promise<unknown>) {
    const p = new Promise((r) => setImmediate(r)).then(work).catch(this.onError);
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }
  async settled(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background]);
  }

  // ---- the candidate ----

  async page(accountId: string, enrollmentId: string): Promise<PaymentPage> {
    let e = await this.enrollments.own(accountId, enrollmentId);
    await this.closeIfEnded(e);
    let order = await this.latestOrder(e.id);
    // A notification late or lost: the page asks the provider (seed: 支付成功后页面显示报名成功).
    if (order?.status === 'open') {
      await this.reconcile(order.orderNo).catch(() => undefined);
      order = await this.latestOrder(e.id);
    }
    e = (await this.enrollments.byId(e.id))!;
    return this.pageOf(e, order);
  }

  /** 生成订单: the amount fixed now; twice gives the same open order (the partial unique index holds it against races). */
  async createOrder(accountId: string, enrollmentId: string, origin: RequestOrigin): Promise<PaymentPage> {
    const e = await this.enrollments.own(accountId, enrollmentId);
    await this.closeIfEnded(e);
    const current = (await this.enrollments.byId(e.id))!;
    if (current.status === 'paid') throw new AppError(409, 'payment/paid', '您已缴费，报名已成功');
    if (current.status !== 'approved') throw notApproved();
    const { window, open } = await this.payWindow(current);
    if (!open) throw windowClosed(window);
    const existing = await this.openOrder(current.id);
    if (existing) return this.pageOf(current, existing);
    const settings = (await this.exams.settings(current.examId, current.provinceId))!;
    const amount = orderAmount(settings.fees, current.subjects);
    if (!amount) throw new AppError(409, 'payment/fee_missing', '报考省份尚未设置报名费，请联系考试管理机构');
    const exam = await this.exams.get(current.examId);
    const now = this.clock.now();
    const orderNo = newOrderNo(now);
    try {
      await this.db.transaction(async (tx) => {
        await tx.insert(orders).values({
          id: randomUUID(),
          orderNo,
          enrollmentId: current.id,
          accountId,
          examId: current.examId,
          provinceId: current.provinceId,
          amount,
          subject: `${exam.name}报名费`,
          provider: this.gateway.kind === 'sandbox' ? 'alipay_sandbox' : 'alipay',
          status: 'open',
          createdAt: now,
        });
        await this.audit.record(tx, { kind: 'order_create', accountId, detail: { enrollmentId: current.id, orderNo, amount } }, origin);
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'orders_enrollment_open_uq')) throw err;
    }
    return this.pageOf(current, (await this.openOrder(current.id))!);
  }

  /** 支付: the provider's cashier page for the open order. */
  async pay(accountId: string, orderNo: string): Promise<{ cashierUrl: string }> {
    const order = await this.order(orderNo);
    if (!order || order.accountId !== accountId) throw orderNotFound();
    const e = (await this.enrollments.byId(order.enrollmentId))!;
    await this.closeIfEnded(e);
    const fresh = (await this.order(orderNo))!;
    if (fresh.status === 'paid') throw new AppError(409, 'payment/paid', '该订单已支付');
    if (fresh.status === 'closed') throw new AppError(409, 'payment/order_closed', CLOSE_REASON_NAMES[fresh.closeReason ?? ''] ?? '订单已关闭');
    const { window } = await this.payWindow(e);
    try {
      const cashierUrl = await this.gateway.pagePay({ orderNo, amount: fresh.amount, subject: fresh.subject, expiresAt: parseWindowEnd(window.end) });
      return { cashierUrl };
    } catch (err) {
      if (err instanceof PaymentUnavailableError) throw new AppError(503, 'payment/unavailable', '支付平台暂时无法访问，请稍后再试', { headers: { 'retry-after': '5' } });
      throw err;
    }
  }

  /**
   * The provider's asynchronous notification. Refused (and recorded) unless signed by the provider, for
   * this application, of a known order, of its amount; then settled. Answers "success" once the
   * notification is taken (duplicates too), so the provider stops sending it.
   */
  async notify(params: Record<string, string>, ip: string | null): Promise<'success' | 'failure'> {
    const record = (outcome: string, orderNo: string | null, verified: boolean, db: Db | Tx = this.db) =>
      db.insert(paymentNotifications).values({ id: randomUUID(), orderNo, verified, outcome, params: redactParams(params), ip, receivedAt: this.clock.now() });
    const orderNo = typeof params.out_trade_no === 'string' ? params.out_trade_no.slice(0, 64) : null;
    if (!this.gateway.verify(params)) {
      await record('bad_signature', orderNo, false);
      return 'failure';
    }
    if (params.app_id !== this.gateway.appId) {
      await record('wrong_app', orderNo, true);
      return 'failure';
    }
    const order = orderNo ? await this.order(orderNo) : undefined;
    if (!order) {
      await record('unknown_order', orderNo, true);
      return 'failure';
    }
    if (params.total_amount !== order.amount) {
      await record('amount_mismatch', orderNo, true);
      return 'failure';
    }
    if (params.trade_status !== 'TRADE_SUCCESS' && params.trade_status !== 'TRADE_FINISHED') {
      await record('not_paid', orderNo, true);
      return 'success';
    }
    // Recorded in the settling transaction: a notification that paid is on record as the one that did ("ok"), or
    // neither happened and the provider, not answered "success", sends it again.
    const trade = { status: 'TRADE_SUCCESS' as const, tradeNo: params.trade_no ?? '', amount: params.total_amount, paidAt: parseAlipayTime(params.gmt_payment) ?? this.clock.now() };
    await this.settle(order.orderNo, trade, (db, outcome) => record(outcome, orderNo, true, db));
    return 'success';
  }

  /** 同步返回: the browser back from the cashier with signed parameters; the page then shows what the order says. */
  async returned(params: Record<string, string>): Promise<string | null> {
    if (!this.gateway.verify(params) || params.app_id !== this.gateway.appId) return null;
    const order = params.out_trade_no ? await this.order(params.out_trade_no) : undefined;
    if (!order) return null;
    // The return proves nothing about payment (Alipay says so): the order is settled by notification or query.
    await this.reconcile(order.orderNo).catch(() => undefined);
    return order.enrollmentId;
  }

  /** Asks the provider about an open order and settles what it says. */
  async reconcile(orderNo: string): Promise<void> {
    const trade = await this.gateway.query(orderNo);
    if (trade && (trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED')) await this.settle(orderNo, trade);
  }

  /**
   * Money received for an order, however the platform learnt of it. Under the order's lock: an open order
   * within 缴费时间 becomes paid with its enrollment; the same trade again changes nothing; money for a closed
   * order, paid after 缴费时间, or for an enrollment paid already is refunded (once a trade). `alsoWrite`: what the
   * caller writes with the outcome, in the same transaction (the notification's record: both land or neither).
   */
  async settle(orderNo: string, trade: Trade, alsoWrite?: (db: Db | Tx, outcome: SettleOutcome) => Promise<unknown>): Promise<SettleOutcome> {
    // Read before the transaction: inside it, only the transaction's own connection may be used.
    const known = await this.order(orderNo);
    if (!known) {
      await alsoWrite?.(this.db, 'duplicate');
      return 'duplicate';
    }
    const { windowEnd } = await this.payWindow(known);
    const result = await this.db.transaction(async (tx) => {
      const outcome = await this.settleLocked(tx, orderNo, trade, windowEnd);
      await alsoWrite?.(tx, outcome);
      return outcome;
    });
    if (result === 'refunded') this.afterCommit(() => this.sendRefunds());
    return result;
  }

  /** settle's transaction: the order locked, then paid, left alone or refunded. */
  private async settleLocked(tx: Tx, orderNo: string, trade: Trade, windowEnd: Date): Promise<SettleOutcome> {
    const [order] = await tx.select().from(orders).where(eq(orders.orderNo, orderNo)).for('update');
    if (!order) return 'duplicate' as const;
    if (order.status === 'paid' && order.tradeNo === trade.tradeNo) return 'duplicate' as const;
    const paidAt = trade.paidAt ?? this.clock.now();
    if (order.status === 'open') {
      if (paidAt <= windowEnd && (await this.enrollments.markPaid(tx, order.enrollmentId, paidAt))) {
        await tx.update(orders).set({ status: 'paid', tradeNo: trade.tradeNo, paidAt }).where(eq(orders.id, order.id));
        return 'ok' as const;
      }
      // Paid after 缴费时间, or the enrollment cannot take it: the order closes and the money goes back.
      const reason = paidAt > windowEnd ? 'pay_window' : 're_enroll';
      await tx.update(orders).set({ status: 'closed', closedAt: this.clock.now(), closeReason: reason, tradeNo: trade.tradeNo }).where(eq(orders.id, order.id));
      if (paidAt > windowEnd) await this.enrollments.markClosed(tx, order.enrollmentId);
    }
    const refundReason = order.status === 'paid' ? 'paid_elsewhere' : (await this.enrollments.byId(order.enrollmentId, tx))?.status === 'paid' ? 'paid_elsewhere' : 'after_close';
    const inserted = await tx
      .insert(refunds)
      .values({
        id: randomUUID(),
        orderNo,
        tradeNo: trade.tradeNo,
        enrollmentId: order.enrollmentId,
        accountId: order.accountId,
        examId: order.examId,
        provinceId: order.provinceId,
        amount: order.amount,
        reason: refundReason,
        status: 'pending',
        createdAt: this.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: refunds.id });
    if (inserted.length) {
      await this.audit.record(tx, { kind: 'payment_refund', accountId: order.accountId, detail: { orderNo, amount: order.amount, reason: refundReason } }, { ip: null, userAgent: null });
    }
    return inserted.length ? ('refunded' as const) : ('duplicate' as const);
  }

  /** Refunds not yet confirmed by the provider: sent (again; out_request_no makes that safe). */
  async sendRefunds(): Promise<void> {
    const due = await this.db.select().from(refunds).where(eq(refunds.status, 'pending')).orderBy(asc(refunds.createdAt)).limit(100);
    for (const r of due) {
      try {
        await this.gateway.refund(r.orderNo, r.amount, r.id);
        await this.db.update(refunds).set({ status: 'done', doneAt: this.clock.now() }).where(and(eq(refunds.id, r.id), eq(refunds.status, 'pending')));
      } catch (err) {
        if (!(err instanceof PaymentUnavailableError)) throw err;
      }
    }
  }

  // ---- 缴费时间 ends ----

  /** The lazy half of closing: whoever reads an enrollment after 缴费时间 finds it closed. */
  private async closeIfEnded(e: EnrollmentRow): Promise<void> {
    if (e.status !== 'approved') return;
    const { windowEnd } = await this.payWindow(e);
    if (this.clock.now() < windowEnd) return;
    await this.closeEnrollment(e.id);
  }

  private async closeEnrollment(enrollmentId: string): Promise<void> {
    const closed = await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(orders)
        .set({ status: 'closed', closedAt: this.clock.now(), closeReason: 'pay_window' })
        .where(and(eq(orders.enrollmentId, enrollmentId), eq(orders.status, 'open')))
        .returning();
      await this.enrollments.markClosed(tx, enrollmentId);
      return rows;
    });
    for (const o of closed) await this.closeAtProvider(o.orderNo).catch(this.onError);
  }

  /**
   * The periodic half: every open order whose province's 缴费时间 ended by the platform clock is closed, and
   * approved enrollments left unpaid say so; refunds still pending are sent again.
   */
  async closeEnded(): Promise<number> {
    const open = await this.db
      .selectDistinct({ examId: orders.examId, provinceId: orders.provinceId })
      .from(orders)
      .where(eq(orders.status, 'open'));
    let n = 0;
    const now = this.clock.now();
    for (const { examId, provinceId } of open) {
      const row = await this.exams.settingsRow(examId, provinceId).catch(() => null);
      if (!row || now < row.payEnd) continue;
      const ids = await this.db.select({ e: orders.enrollmentId }).from(orders).where(and(eq(orders.examId, examId), eq(orders.provinceId, provinceId), eq(orders.status, 'open')));
      for (const { e } of ids) {
        await this.closeEnrollment(e);
        n += 1;
      }
      await this.enrollments.closeUnpaid(examId, provinceId);
    }
    await this.sendRefunds();
    return n;
  }

  /** Closes the provider's trade; if the buyer paid first, the payment is settled (and refunded: the order is closed). */
  private async closeAtProvider(orderNo: string): Promise<void> {
    let outcome: 'closed' | 'paid' | 'absent';
    try {
      outcome = await this.gateway.close(orderNo);
    } catch (err) {
      // Unanswered: the trade expires at its time_expire; a payment that slips in is refunded when it is reported.
      if (err instanceof PaymentUnavailableError) return;
      throw err;
    }
    if (outcome === 'paid') await this.reconcile(orderNo);
  }

  // ---- reading ----

  private async order(orderNo: string): Promise<OrderRow | undefined> {
    if (!/^[0-9A-Za-z_]{1,64}$/.test(orderNo)) return undefined;
    return (await this.db.select().from(orders).where(eq(orders.orderNo, orderNo)))[0];
  }
  private async openOrder(enrollmentId: string): Promise<OrderRow | undefined> {
    return (await this.db.select().from(orders).where(and(eq(orders.enrollmentId, enrollmentId), eq(orders.status, 'open'))))[0];
  }
  /** The paid order if any, else the newest. */
  private async latestOrder(enrollmentId: string): Promise<OrderRow | undefined> {
    const rows = await this.db.select().from(orders).where(eq(orders.enrollmentId, enrollmentId)).orderBy(sql`${orders.status} = 'paid' desc`, sql`${orders.createdAt} desc`);
    return rows[0];
  }

  async paidOrder(enrollmentId: string): Promise<OrderRow | undefined> {
    return (await this.db.select().from(orders).where(and(eq(orders.enrollmentId, enrollmentId), eq(orders.status, 'paid'))))[0];
  }

  async ordersOf(enrollmentIds: string[]): Promise<OrderRow[]> {
    if (!enrollmentIds.length) return [];
    return this.db.select().from(orders).where(inArray(orders.enrollmentId, enrollmentIds));
  }
  async refundsOf(enrollmentIds: string[]): Promise<RefundRow[]> {
    if (!enrollmentIds.length) return [];
    return this.db.select().from(refunds).where(inArray(refunds.enrollmentId, enrollmentIds));
  }

  private async payWindow(e: Pick<EnrollmentRow, 'examId' | 'provinceId'>) {
    const row = await this.exams.settingsRow(e.examId, e.provinceId);
    const window = { start: formatBeijingDateTime(row.payStart), end: formatBeijingDateTime(row.payEnd) };
    return { window, windowEnd: row.payEnd, open: withinWindow(this.clock.now(), row.payStart, row.payEnd), phone: row.phone };
  }

  private async pageOf(e: EnrollmentRow, order: OrderRow | undefined): Promise<PaymentPage> {
    const view = await this.enrollments.view(e);
    const settings = await this.exams.settings(e.examId, e.provinceId);
    const { window, open, phone } = await this.payWindow(e);
    const refundRows = await this.refundsOf([e.id]);
    return {
      enrollment: view,
      amount: order?.amount ?? orderAmount(settings?.fees ?? {}, e.subjects) ?? '0.00',
      order: order ? orderView(order) : null,
      refunds: refundRows.map(refundView),
      payOpen: open && e.status === 'approved',
      payWindow: window,
      phone,
    };
  }
}

export const orderView = (o: OrderRow): OrderView => ({
  orderNo: o.orderNo,
  amount: o.amount,
  createdAt: o.createdAt,
  status: o.status,
  statusName: ORDER_STATUS_NAMES[o.status],
  provider: '支付宝',
  paidAt: o.paidAt,
  closedAt: o.closedAt,
  closeReason: o.closeReason ? (CLOSE_REASON_NAMES[o.closeReason] ?? o.closeReason) : null,
});
export const refundView = (r: RefundRow): RefundView => ({
  orderNo: r.orderNo,
  amount: r.amount,
  reason: REFUND_REASON_NAMES[r.reason] ?? r.reason,
  status: r.status as 'pending' | 'done',
  createdAt: r.createdAt,
  doneAt: r.doneAt,
});

/** 订单号码: the Beijing date and 12 random digits (out_trade_no, at most 64 characters). */
function newOrderNo(now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/** "2025-01-20 23:59:59" (Beijing) back to an instant. */
function parseWindowEnd(s: string): Date {
  return new Date(`${s.replace(' ', 'T')}+08:00`);
}

/** A notification kept for the record: the signature is not needed to read it later. */
function redactParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params).slice(0, 40)) if (typeof v === 'string') out[k.slice(0, 64)] = k === 'sign' ? `${v.slice(0, 12)}…` : v.slice(0, 512);
  return out;
}

