import type { Paged } from './console';
import { api, ok, query } from './typed';

/** Notices of review decisions (WeChat template message or SMS), sent after the decision commits. */
export type NoticeStatus = 'pending' | 'sent' | 'failed';
export type NoticeChannel = 'wechat' | 'sms';

/** 我的办件: a notice about one of the person's items. */
export interface MyNotice {
  id: string;
  reviewItemId: string;
  status: NoticeStatus;
  channel: NoticeChannel | null;
  content: string;
  createdAt: string;
  sentAt: string | null;
}

/** The console's 消息通知: a notice about an item of the staff member's subtree (the person masked). */
export interface ConsoleNotice {
  id: string;
  reviewItemId: string;
  kind: string;
  kindLabel: string;
  decision: string;
  applicantName: string;
  applicantIdMasked: string;
  status: NoticeStatus;
  channel: NoticeChannel | null;
  tries: number;
  triesLeft: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
}

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' };
export const NOTICE_CHANNEL_LABELS: Record<NoticeChannel, string> = { wechat: '微信公众号消息', sms: '短信' };
export const DECISION_LABELS: Record<string, string> = { approved: '审核通过', rejected: '审核不通过', returned: '退回' };

export const listMyNotices = (): Promise<{ items: MyNotice[] }> => ok(api.GET('/api/my/notices'));
export const listConsoleNotices = (q: { status?: NoticeStatus; page: number; pageSize: number }): Promise<Paged<ConsoleNotice>> =>
  ok(api.GET('/api/console/notices', { params: { query: query(q) } }));
export const retryNotice = (id: string): Promise<ConsoleNotice> => ok(api.POST('/api/console/notices/{id}/retry', { params: { path: { id } } }));
