import type { Paged } from './console';
import { api, ok, query } from './typed';

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

const item = (id: string) => ({ params: { path: { id } } });

// ---- the console ----
export const listReviewKinds = (): Promise<{ items: { kind: string; label: string }[] }> => ok(api.GET('/api/console/review-kinds'));
export const listReviewItems = (q: ReviewQuery): Promise<Paged<ReviewItemSummary>> => ok(api.GET('/api/console/review-items', { params: { query: query(q) } }));
export const getReviewItem = (id: string): Promise<ReviewDetail> => ok(api.GET('/api/console/review-items/{id}', item(id)));
export const claimReviewItem = (id: string): Promise<ReviewItemSummary> => ok(api.POST('/api/console/review-items/{id}/claim', item(id)));
export const approveReviewItem = (id: string, opinion?: string): Promise<ReviewItemSummary> =>
  ok(api.POST('/api/console/review-items/{id}/approve', { ...item(id), body: opinion ? { opinion } : {} }));
export const rejectReviewItem = (id: string, opinion: string): Promise<ReviewItemSummary> =>
  ok(api.POST('/api/console/review-items/{id}/reject', { ...item(id), body: { opinion } }));
export const batchApproveReviewItems = (ids: string[], opinion?: string): Promise<BatchApproveResult> =>
  ok(api.POST('/api/console/review-items/batch-approve', { body: opinion ? { ids, opinion } : { ids } }));
export const listReviewHistory = (page: number, pageSize: number): Promise<Paged<ReviewHistoryRow>> =>
  ok(api.GET('/api/console/review-history', { params: { query: { page, pageSize } } }));
export const getDashboard = (): Promise<Dashboard> => ok(api.GET('/api/console/dashboard'));

// ---- the accountant (我的办件) ----
export const listMyReviewItems = (kind?: string): Promise<{ items: MyReviewItem[] }> => ok(api.GET('/api/my/review-items', { params: { query: query({ kind }) } }));
export const withdrawMyReviewItem = (id: string): Promise<MyReviewItem> => ok(api.POST('/api/my/review-items/{id}/withdraw', item(id)));
