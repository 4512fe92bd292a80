import { http } from './client';

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

export const listSms = (mobile?: string) =>
  http.get<SandboxSms[]>(mobile ? `/api/sandbox/sms?mobile=${encodeURIComponent(mobile)}` : '/api/sandbox/sms');
export const getClock = () => http.get<SandboxClock>('/api/sandbox/clock');
export const setClock = (now: string) => http.put<void>('/api/sandbox/clock', { now });
export const resetClock = () => http.delete('/api/sandbox/clock');
export const latestCaptcha = () => http.get<SandboxCaptchaAnswer>('/api/sandbox/captcha/latest');

export interface DemoReviewBody {
  mobile: string;
  authorityId: string;
  title?: string;
  /** The demo kind's automatic rule approves at once when asked to (自动审核). */
  autoApprove?: boolean;
}

/** Files a 沙箱演示事项 for the accountant registered with `mobile`. */
export const fileDemoReview = (body: DemoReviewBody) => http.post<{ id: string; status: string }>('/api/sandbox/review-items', body);

/** WeChat's QR page and the phone, as the sandbox WeChat sees them. */
export interface SandboxWechatTicket {
  ticket: string;
  status: 'waiting' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: string;
  /** Where WeChat sends the browser once the phone confirmed: /login/wechat?code=…&state=… */
  redirect: string | null;
}
export type SandboxWechatAction = { action: 'confirm' | 'unavailable'; wechatId: string } | { action: 'cancel' };

export const openWechatQr = (state: string, redirectUri: string) =>
  http.post<{ ticket: string; expiresAt: string }>('/api/sandbox/wechat/qrconnect', { state, redirectUri });
export const getWechatTicket = (ticket: string) => http.get<SandboxWechatTicket>(`/api/sandbox/wechat/${encodeURIComponent(ticket)}`);
export const actOnWechatPhone = (ticket: string, body: SandboxWechatAction) => http.post<void>(`/api/sandbox/wechat/${encodeURIComponent(ticket)}`, body);

/** A notice the platform sent the person of a registration mobile (SANDBOX.md). */
export interface SandboxNotice {
  mobile: string;
  channel: 'wechat' | 'sms';
  content: string;
  sentAt: string;
}

/** Every notice sent to the person of `mobile`, newest first; without it, every notice sent lately. */
export const listSandboxNotices = (mobile?: string) =>
  http.get<SandboxNotice[]>(mobile ? `/api/sandbox/notices?mobile=${encodeURIComponent(mobile)}` : '/api/sandbox/notices');

// ---- the payment provider (收银台) ----
export interface SandboxPayment {
  orderNo: string;
  amount: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  notifications: number;
  refunds: Array<{ amount: string; at: string }>;
  subject: string;
  expiresAt: string;
  outage: string[];
}
const orderPath = (orderNo: string) => `/api/sandbox/payments/${encodeURIComponent(orderNo)}`;
export const getSandboxPayment = (orderNo: string) => http.get<SandboxPayment>(`/api/sandbox/payments?orderNo=${encodeURIComponent(orderNo)}`);
export const sandboxPay = (orderNo: string) => http.post<void>(`${orderPath(orderNo)}/pay`);
export const sandboxReturnUrl = (orderNo: string) => http.get<{ returnUrl: string }>(`${orderPath(orderNo)}/return`);
export const sandboxPaymentOutage = (orderNo: string, calls: string[]) => http.put<void>(`${orderPath(orderNo)}/outage`, { calls });
