/**
 * A payment provider as the platform uses it: Alipay's 电脑网站支付 (alipay.trade.page.pay) and the calls around
 * it (alipay.trade.query, alipay.trade.close, alipay.trade.refund), and the signed asynchronous notification
 * it posts after a payment. The sandbox (sandbox.ts) and the real adapter (alipay-trade.ts) both implement it.
 */
export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';

export type Trade = { status: TradeStatus; tradeNo: string; amount: string; paidAt: Date | null };

export type PagePayInput = { orderNo: string; amount: string; subject: string; expiresAt: Date };

/** The provider did not answer or answered with an error the platform cannot act on. */
export class PaymentUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentUnavailableError';
  }
}

export interface PaymentGateway {
  readonly kind: 'sandbox' | 'alipay';
  /** app_id the provider's notifications must carry. */
  readonly appId: string;
  /** alipay.trade.page.pay: the URL of the cashier page the browser goes to. */
  pagePay(input: PagePayInput): Promise<string>;
  /** alipay.trade.query; null when the provider has no such trade (ACQ.TRADE_NOT_EXIST: the buyer never opened the cashier). */
  query(orderNo: string): Promise<Trade | null>;
  /** alipay.trade.close: 'closed', or 'paid' when the buyer paid first, or 'absent' when no trade exists. */
  close(orderNo: string): Promise<'closed' | 'paid' | 'absent'>;
  /** alipay.trade.refund, idempotent by `requestNo` (out_request_no). */
  refund(orderNo: string, amount: string, requestNo: string): Promise<void>;
  /** Whether a notification's (or a synchronous return's) parameters carry the provider's signature. */
  verify(params: Record<string, string>): boolean;
}
