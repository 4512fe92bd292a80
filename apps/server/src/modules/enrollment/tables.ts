import type { Eligibility } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedJsonb } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * pending: 资格审核 open (待审核 or 审核中, the review item says which); approved: awaiting 网上缴费; rejected or
 * withdrawn: to be corrected and filed again; paid: 报名成功; closed: 缴费时间 ended unpaid; cancelled: 重新报名
 * took it back before payment (kept as history, outside the one-per-exam index).
 */
export type EnrollmentStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'paid' | 'closed' | 'cancelled';

/**
 * 报名: one per person per exam (the unique index holds it against sixteen submits at once). A refused
 * enrollment is corrected in place and filed again while 报名时间 is open; each filing is a new review item.
 */
export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey(),
    examId: uuid('exam_id').notNull(),
    accountId: uuid('account_id').notNull(),
    provinceId: text('province_id').notNull(),
    siteAuthorityId: text('site_authority_id').notNull(),
    /** 报考类别: the eligibility route chosen. */
    category: text('category').notNull(),
    subjects: jsonb('subjects').$type<string[]>().notNull(),
    photoFileId: uuid('photo_file_id').notNull(),
    proofs: jsonb('proofs').$type<Record<string, string>>().notNull(),
    /** 基本信息, 学历信息, 学位信息, 工作信息 as the approved record read at submission (whole, for the reviewer). */
    snapshot: sealedJsonb<Record<string, unknown>>('snapshot', 'enrollments.snapshot').notNull(),
    /** The eligibility computation the submission passed. */
    eligibility: jsonb('eligibility').$type<Eligibility>().notNull(),
    status: text('status').notNull().$type<EnrollmentStatus>(),
    reviewItemId: uuid('review_item_id'),
    opinion: text('opinion'),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
    paidAt: ts('paid_at'),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    uniqueIndex('enrollments_exam_account_uq').on(t.examId, t.accountId).where(sql`${t.status} <> 'cancelled'`),
    index('enrollments_exam_province_idx').on(t.examId, t.provinceId, t.status),
    index('enrollments_account_idx').on(t.accountId),
    index('enrollments_review_item_idx').on(t.reviewItemId),
  ],
);

export type EnrollmentRow = typeof enrollments.$inferSelect;
