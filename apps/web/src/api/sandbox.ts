import { api, ok, query } from './typed';

// ../shared/SANDBOX.md: these paths exist only in sandbox mode (404 in production).

export interface SandboxSms {
  mobile: string;
  content: string;
  code: string | null;
  sentAt: string;
}

export interface SandboxClock {
  now: string;
  /** True while the clock reads a set instant (it runs on from it). */
  frozen: boolean;
}

export interface SandboxCaptchaAnswer {
  id: string;
  answer: string;
}

export const listSms = (mobile?: string): Promise<SandboxSms[]> => ok(api.GET('/api/sandbox/sms', { params: { query: query({ mobile }) } }));
export const getClock = (): Promise<SandboxClock> => ok(api.GET('/api/sandbox/clock'));
export const setClock = (now: string) => ok(api.PUT('/api/sandbox/clock', { body: { now } }));
export const resetClock = () => ok(api.DELETE('/api/sandbox/clock'));
export const latestCaptcha = (): Promise<SandboxCaptchaAnswer> => ok(api.GET('/api/sandbox/captcha/latest'));

export interface DemoReviewBody {
  mobile: string;
  authorityId: string;
  title?: string;
  /** The demo kind's automatic rule approves at once when asked to (自动审核). */
  autoApprove?: boolean;
}

/** Files a 沙箱演示事项 for the accountant registered with `mobile`. */
export const fileDemoReview = (body: DemoReviewBody): Promise<{ id: string; status: string }> => ok(api.POST('/api/sandbox/review-items', { body }));

/** WeChat's QR page and the phone, as the sandbox WeChat sees them. */
export interface SandboxWechatTicket {
  ticket: string;
  status: 'waiting' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: string;
  /** Where WeChat sends the browser once the phone confirmed: /login/wechat?code=…&state=… */
  redirect: string | null;
}
export type SandboxWechatAction = { action: 'confirm' | 'unavailable'; wechatId: string } | { action: 'cancel' };

export const openWechatQr = (state: string, redirectUri: string): Promise<{ ticket: string; expiresAt: string }> =>
  ok(api.POST('/api/sandbox/wechat/qrconnect', { body: { state, redirectUri } }));
export const getWechatTicket = (ticket: string): Promise<SandboxWechatTicket> => ok(api.GET('/api/sandbox/wechat/{ticket}', { params: { path: { ticket } } }));
export const actOnWechatPhone = (ticket: string, body: SandboxWechatAction) => ok(api.POST('/api/sandbox/wechat/{ticket}', { params: { path: { ticket } }, body }));

/** A notice the platform sent the person of a registration mobile (SANDBOX.md). */
export interface SandboxNotice {
  mobile: string;
  channel: 'wechat' | 'sms';
  content: string;
  sentAt: string;
}

/** Every notice sent to the person of `mobile`, newest first; without it, every notice sent lately. */
export const listSandboxNotices = (mobile?: string): Promise<SandboxNotice[]> => ok(api.GET('/api/sandbox/notices', { params: { query: query({ mobile }) } }));

// ---- the payment provider (收银台) ----
export interface SandboxPayment {
  orderNo: string;
  amount: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  notifications: number;
  refunds: Array<{ amount: string; at: string }>;
  subject: string;
  expiresAt: string;
  outage: PaymentCall[];
}
/** The provider's calls the cashier can make fail (SANDBOX.md). */
export type PaymentCall = 'query' | 'close' | 'refund' | 'notify';
const order = (orderNo: string) => ({ params: { path: { orderNo } } });
export const getSandboxPayment = (orderNo: string): Promise<SandboxPayment> => ok(api.GET('/api/sandbox/payments', { params: { query: { orderNo } } }));
export const sandboxPay = (orderNo: string) => ok(api.POST('/api/sandbox/payments/{orderNo}/pay', order(orderNo)));
export const sandboxReturnUrl = (orderNo: string) => ok(api.GET('/api/sandbox/payments/{orderNo}/return', order(orderNo)));
export const sandboxPaymentOutage = (orderNo: string, calls: PaymentCall[]) => ok(api.PUT('/api/sandbox/payments/{orderNo}/outage', { ...order(orderNo), body: { calls } }));
