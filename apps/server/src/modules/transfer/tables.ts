import type { TransferReason, TransferStatus } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedJsonb } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 属地关系调转 (issue 20): one row per application, kept for ever. Decided twice through the review
 * engine: `outReviewItemId` at the authority the person leaves, then `inReviewItemId` at the one they
 * chose; acceptance moves the person (docs/record-life.md, docs/decisions/0017-transfers.md).
 */
export const transferRequests = pgTable(
  'transfer_requests',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    reason: text('reason').notNull().$type<TransferReason>(),
    status: text('status').notNull().$type<TransferStatus>(),
    /** The request as the rules checked it (with region names): what acceptance writes. */
    data: sealedJsonb<Record<string, unknown>>('data', 'transfer_requests.data').notNull(),
    fromAuthorityId: text('from_authority_id').notNull(),
    fromAuthorityPath: text('from_authority_path').notNull(),
    toAuthorityId: text('to_authority_id').notNull(),
    toAuthorityPath: text('to_authority_path').notNull(),
    proofFileId: uuid('proof_file_id').notNull(),
    /** Filled in the submitting transaction, and in the 调出 approval's. */
    outReviewItemId: uuid('out_review_item_id'),
    inReviewItemId: uuid('in_review_item_id'),
    /** For 工作单位所在地变动: the work record acceptance added. */
    workRecordId: uuid('work_record_id'),
    submittedAt: ts('submitted_at').notNull(),
    outDecidedAt: ts('out_decided_at'),
    inDecidedAt: ts('in_decided_at'),
  },
  (t) => [
    // One open transfer per person: sixteen applications at once leave exactly one.
    uniqueIndex('transfer_requests_open_uq').on(t.accountId).where(sql`${t.status} in ('out_pending', 'in_pending')`),
    index('transfer_requests_account_idx').on(t.accountId, t.submittedAt),
    // The console's lists of people transferred out of / into a subtree (prefix LIKE).
    index('transfer_requests_from_path_idx').on(t.fromAuthorityPath.op('text_pattern_ops')),
    index('transfer_requests_to_path_idx').on(t.toAuthorityPath.op('text_pattern_ops')),
  ],
);

export type TransferRow = typeof transferRequests.$inferSelect;
