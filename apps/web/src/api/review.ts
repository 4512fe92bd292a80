import { withQuery } from '../utils/query';
import type { Paged } from './console';
import { http } from './client';

export type ReviewStatus = 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
export type ReviewMode = 'auto' | 'manual';
export type ReviewAction = 'submit' | 'claim' | 'approve' | 'reject' | 'withdraw';

export interface ReviewItemSummary {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  status: ReviewStatus;
  mode: ReviewMode;
  applicantName: string;
  applicantIdMasked: string;
  /** The whole name: staff in scope see it (issue 18). */
  applicantFullName: string;
  authorityId: string;
  /** 山东省-济南市-历下区 */
  authorityLabel: string;
  submittedAt: string;
  decidedAt: string | null;
  opinion: string | null;
}

export interface ReviewDecision {
  action: ReviewAction;
  fromStatus: string | null;
  toStatus: string;
  mode: ReviewMode;
  staffName: string | null;
  opinion: string | null;
  at: string;
}

/** One row of 变更前 / 变更后; `before` is absent when the item is a first submission. */
export interface ReviewDiffRow {
  key: string;
  label: string;
  before?: unknown;
  after?: unknown;
  changed: boolean;
}

export interface ReviewDetail {
  item: ReviewItemSummary;
  fields: ReviewDiffRow[];
  attachments: { id: string; label: string }[];
  decisions: ReviewDecision[];
  /** 单位法人用户's word on the person's employment (issue 26), newest first. */
  employment: { unitName: string; uscc: string; decisionLabel: string; decidedAt: string }[];
}

export interface ReviewQuery {
  kind?: string;
  status?: ReviewStatus;
  /** open 待办 (待审核、审核中) / finished 已办结; without it every item, the open ones first. */
  state?: 'open' | 'finished';
  authorityId?: string;
  /** YYYY-MM-DD, China time. */
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface BatchApproveResult {
  approved: string[];
  failed: { id: string; message: string }[];
}

export interface ReviewHistoryRow {
  item: ReviewItemSummary;
  decision: ReviewDecision;
}

export interface Dashboard {
  authorityName: string;
  counts: { kind: string; label: string; status: ReviewStatus; count: number }[];
  oldestOpenSubmittedAt: string | null;
}

export type MyReviewItem = Omit<ReviewItemSummary, 'applicantIdMasked' | 'applicantFullName'>;

const item = (id: string) => `/api/console/review-items/${encodeURIComponent(id)}`;

// ---- the console ----
export const listReviewKinds = () => http.get<{ items: { kind: string; label: string }[] }>('/api/console/review-kinds');
export const listReviewItems = (query: ReviewQuery) => http.get<Paged<ReviewItemSummary>>(withQuery('/api/console/review-items', { ...query }));
export const getReviewItem = (id: string) => http.get<ReviewDetail>(item(id));
export const claimReviewItem = (id: string) => http.post<ReviewItemSummary>(`${item(id)}/claim`);
export const approveReviewItem = (id: string, opinion?: string) => http.post<ReviewItemSummary>(`${item(id)}/approve`, opinion ? { opinion } : {});
export const rejectReviewItem = (id: string, opinion: string) => http.post<ReviewItemSummary>(`${item(id)}/reject`, { opinion });
export const batchApproveReviewItems = (ids: string[], opinion?: string) =>
  http.post<BatchApproveResult>('/api/console/review-items/batch-approve', opinion ? { ids, opinion } : { ids });
export const listReviewHistory = (page: number, pageSize: number) => http.get<Paged<ReviewHistoryRow>>(withQuery('/api/console/review-history', { page, pageSize }));
export const getDashboard = () => http.get<Dashboard>('/api/console/dashboard');

// ---- the accountant (我的办件) ----
export const listMyReviewItems = (kind?: string) => http.get<{ items: MyReviewItem[] }>(withQuery('/api/my/review-items', { kind }));
export const withdrawMyReviewItem = (id: string) => http.post<MyReviewItem>(`/api/my/review-items/${encodeURIComponent(id)}/withdraw`);
