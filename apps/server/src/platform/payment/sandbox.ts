import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxPayments } from '../tables';
import { alipayTime, rsa2SignNotification, rsa2Verify } from './alipay-sign';
import { PaymentUnavailableError, type PagePayInput, type PaymentGateway, type Trade } from './gateway';
import { SANDBOX_APP_ID, SANDBOX_PROVIDER_PRIVATE_KEY, SANDBOX_PROVIDER_PUBLIC_KEY } from './sandbox-keys';

export type SandboxPaymentCall = 'query' | 'close' | 'refund' | 'notify';
export type SandboxPaymentRow = typeof sandboxPayments.$inferSelect;

/** Posts a notification to the platform's notify_url; answers the platform's reply body ("success" or not). */
export type NotificationDelivery = (url: string, params: Record<string, string>) => Promise<string>;

/**
 * Behaves like Alipay's 电脑网站支付: a trade created by page.pay waits on a cashier page (the 沙箱 page
 * /sandbox/cashier/:orderNo) where "the phone" pays or cancels; after a payment it posts an RSA2-signed
 * notification to notify_url and sends the browser back to return_url with signed parameters; it answers
 * query, close (refused once paid) and refund (idempotent by out_request_no); a trade closes itself at its
 * time_expire. The 沙箱 page can make it stop answering any of those calls for one trade (`outage`), so the
 * platform's recovery (query when the notification is lost, refund when money arrives after a close) can be
 * tried. It signs with the published sandbox key (sandbox-keys.ts).
 */
export class SandboxPaymentGateway implements PaymentGateway {
  readonly kind = 'sandbox' as const;
  readonly appId = SANDBOX_APP_ID;
  private deliver: NotificationDelivery | null = null;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly urls: { cashierBase: string; notifyUrl: string; returnUrl: string },
  ) {}

  /** How notifications reach the platform (app.ts: through its own HTTP stack). */
  setDelivery(deliver: NotificationDelivery) {
    this.deliver = deliver;
  }

  async pagePay(input: PagePayInput): Promise<string> {
    if (!/^[0-9A-Za-z_]{1,64}$/.test(input.orderNo) || !/^\d+\.\d{2}$/.test(input.amount) || Number(input.amount) <= 0 || !input.subject) {
      throw new PaymentUnavailableError('ACQ.INVALID_PARAMETER');
    }
    const existing = await this.find(input.orderNo);
    if (existing && existing.amount !== input.amount) throw new PaymentUnavailableError('ACQ.CONTEXT_INCONSISTENT');
    if (!existing) {
      await this.db
        .insert(sandboxPayments)
        .values({
          orderNo: input.orderNo,
          tradeNo: `${alipayTime(this.clock.now()).replace(/\D/g, '').slice(0, 8)}22${randomBytes(9).readBigUInt64BE(0).toString().padStart(20, '0').slice(0, 18)}`,
          amount: input.amount,
          subject: input.subject,
          notifyUrl: this.urls.notifyUrl,
          returnUrl: this.urls.returnUrl,
          status: 'WAIT_BUYER_PAY',
          expiresAt: input.expiresAt,
          createdAt: this.clock.now(),
        })
        .onConflictDoNothing();
    }
    return `${this.urls.cashierBase}/${encodeURIComponent(input.orderNo)}`;
  }

  async query(orderNo: string): Promise<Trade | null> {
    const row = await this.current(orderNo);
    if (!row) return null;
    this.refuseDuringOutage(row, 'query');
    return { status: row.status as Trade['status'], tradeNo: row.tradeNo, amount: row.amount, paidAt: row.paidAt };
  }

  async close(orderNo: string): Promise<'closed' | 'paid' | 'absent'> {
    const row = await this.current(orderNo);
    if (!row) return 'absent';
    this.refuseDuringOutage(row, 'close');
    if (row.status === 'TRADE_SUCCESS') return 'paid';
    await this.db.update(sandboxPayments).set({ status: 'TRADE_CLOSED' }).where(eq(sandboxPayments.orderNo, orderNo));
    return 'closed';
  }

  async refund(orderNo: string, amount: string, requestNo: string): Promise<void> {
    const row = await this.current(orderNo);
    if (!row) throw new PaymentUnavailableError('ACQ.TRADE_NOT_EXIST');
    this.refuseDuringOutage(row, 'refund');
    if (row.status !== 'TRADE_SUCCESS') throw new PaymentUnavailableError('ACQ.TRADE_STATUS_ERROR');
    if (row.refunds.some((r) => r.requestNo === requestNo)) return; // out_request_no: the same refund again is no second refund
    const refunded = row.refunds.reduce((n, r) => n + Math.round(Number(r.amount) * 100), 0);
    if (refunded + Math.round(Number(amount) * 100) > Math.round(Number(row.amount) * 100)) throw new PaymentUnavailableError('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL');
    await this.db
      .update(sandboxPayments)
      .set({ refunds: sql`${sandboxPayments.refunds} || ${JSON.stringify([{ requestNo, amount, at: this.clock.now().toISOString() }])}::jsonb` })
      .where(eq(sandboxPayments.orderNo, orderNo));
  }

  verify(params: Record<string, string>): boolean {
    return rsa2Verify(params, SANDBOX_PROVIDER_PUBLIC_KEY);
  }

  // ---- the phone's side, for the 沙箱 page and /api/sandbox/payments ----

  find(orderNo: string): Promise<SandboxPaymentRow | undefined> {
    if (!/^[0-9A-Za-z_]{1,64}$/.test(orderNo)) return Promise.resolve(undefined);
    return this.db
      .select()
      .from(sandboxPayments)
      .where(eq(sandboxPayments.orderNo, orderNo))
      .then((r) => r[0]);
  }

  /** The trade, closed first when its time_expire has passed unpaid (Alipay closes such trades itself). */
  private async current(orderNo: string): Promise<SandboxPaymentRow | undefined> {
    const row = await this.find(orderNo);
    if (row && row.status === 'WAIT_BUYER_PAY' && row.expiresAt <= this.clock.now()) {
      await this.db.update(sandboxPayments).set({ status: 'TRADE_CLOSED' }).where(eq(sandboxPayments.orderNo, orderNo));
      return { ...row, status: 'TRADE_CLOSED' };
    }
    return row;
  }

  private refuseDuringOutage(row: SandboxPaymentRow, call: SandboxPaymentCall) {
    if (row.outage.includes(call)) throw new PaymentUnavailableError(`sandbox: ${call} does not answer`);
  }

  /**
   * The buyer pays on the cashier page: the trade succeeds, the notification goes out (unless `notify` is
   * out), and the browser is sent to the signed return URL. 'closed' when the trade was closed or expired.
   */
  async pay(orderNo: string): Promise<{ outcome: 'paid' | 'closed' | 'absent' | 'paid_already'; returnUrl?: string }> {
    const row = await this.current(orderNo);
    if (!row) return { outcome: 'absent' };
    if (row.status === 'TRADE_CLOSED') return { outcome: 'closed' };
    if (row.status === 'TRADE_SUCCESS') return { outcome: 'paid_already', returnUrl: this.returnUrl(row) };
    const now = this.clock.now();
    const [paid] = await this.db
      .update(sandboxPayments)
      .set({ status: 'TRADE_SUCCESS', paidAt: now })
      .where(sql`${sandboxPayments.orderNo} = ${orderNo} and ${sandboxPayments.status} = 'WAIT_BUYER_PAY'`)
      .returning();
    if (!paid) return this.pay(orderNo);
    if (!paid.outage.includes('notify')) await this.notify(orderNo, 1);
    return { outcome: 'paid', returnUrl: this.returnUrl(paid) };
  }

  /** The buyer leaves the cashier page without paying: the trade stays open until it expires (as Alipay's). */
  async cancel(orderNo: string): Promise<boolean> {
    const row = await this.current(orderNo);
    return !!row && row.status === 'WAIT_BUYER_PAY';
  }

  /**
   * Sends the notification of a paid trade `times` times at once (Alipay sends it again until the platform
   * answers "success"; the copies may arrive together). Answers the platform's replies.
   */
  async notify(orderNo: string, times: number): Promise<string[]> {
    const row = await this.find(orderNo);
    if (!row || row.status !== 'TRADE_SUCCESS' || !this.deliver) return [];
    const params = this.notification(row);
    await this.db
      .update(sandboxPayments)
      .set({ notifications: sql`${sandboxPayments.notifications} + ${times}`, lastNotification: params })
      .where(eq(sandboxPayments.orderNo, orderNo));
    const deliver = this.deliver;
    const sending = Promise.all(Array.from({ length: times }, () => deliver(row.notifyUrl, params).catch(() => 'failure')));
    this.pending.add(sending);
    try {
      return await sending;
    } finally {
      this.pending.delete(sending);
    }
  }

  async setOutage(orderNo: string, calls: SandboxPaymentCall[]): Promise<boolean> {
    const rows = await this.db.update(sandboxPayments).set({ outage: calls }).where(eq(sandboxPayments.orderNo, orderNo)).returning({ o: sandboxPayments.orderNo });
    return rows.length > 0;
  }

  /** What Alipay posts to notify_url after a payment (trade_status_sync), signed with its key. */
  private notification(row: SandboxPaymentRow): Record<string, string> {
    const params: Record<string, string> = {
      notify_time: alipayTime(this.clock.now()),
      notify_type: 'trade_status_sync',
      notify_id: randomUUID().replace(/-/g, ''),
      app_id: this.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: row.tradeNo,
      out_trade_no: row.orderNo,
      trade_status: 'TRADE_SUCCESS',
      total_amount: row.amount,
      receipt_amount: row.amount,
      buyer_pay_amount: row.amount,
      subject: row.subject,
      gmt_create: alipayTime(row.createdAt),
      gmt_payment: alipayTime(row.paidAt ?? this.clock.now()),
    };
    params.sign = rsa2SignNotification(params, SANDBOX_PROVIDER_PRIVATE_KEY);
    return params;
  }

  /** return_url with the signed parameters Alipay appends (alipay.trade.page.pay.return). */
  private returnUrl(row: SandboxPaymentRow): string {
    const params: Record<string, string> = {
      app_id: this.appId,
      method: 'alipay.trade.page.pay.return',
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      timestamp: alipayTime(this.clock.now()),
      out_trade_no: row.orderNo,
      trade_no: row.tradeNo,
      total_amount: row.amount,
    };
    params.sign = rsa2SignNotification(params, SANDBOX_PROVIDER_PRIVATE_KEY);
    return `${row.returnUrl}?${new URLSearchParams(params).toString()}`;
  }

  /** Waits for notifications still being delivered (the app's close, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

