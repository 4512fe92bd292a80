import type { ReviewAction, ReviewMode, ReviewStatus } from '../api/review';

// GLOSSARY.md: 审核状态 / 审核方式, and the steps of an item's 审核记录.

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  pending: '待审核',
  in_review: '审核中',
  approved: '审核通过',
  rejected: '审核不通过',
  withdrawn: '已撤回',
};

export const REVIEW_STATUSES = Object.keys(REVIEW_STATUS_LABELS) as ReviewStatus[];

export const REVIEW_MODE_LABELS: Record<ReviewMode, string> = { auto: '自动审核', manual: '人工审核' };

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  submit: '提交',
  claim: '受理',
  approve: '审核通过',
  reject: '审核不通过',
  withdraw: '撤回',
};

/** Items nobody has decided yet: they can be claimed, decided or withdrawn. */
export const isOpen = (status: ReviewStatus) => status === 'pending' || status === 'in_review';

export const isReviewStatus = (v: unknown): v is ReviewStatus => typeof v === 'string' && v in REVIEW_STATUS_LABELS;
