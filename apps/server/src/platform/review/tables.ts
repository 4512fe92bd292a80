import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sealedJsonb } from '../pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type ReviewStatus = 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
export type ReviewMode = 'auto' | 'manual';
export type ReviewAttachment = { id: string; label: string };

/** One submission waiting for (or past) 审核 by a 会计管理部门. */
export const reviewItems = pgTable(
  'review_items',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    accountId: uuid('account_id').notNull(),
    /** The authority responsible for the decision; staff above it see it too. */
    authorityId: text('authority_id').notNull(),
    /** Copied from the authority at submission, for scope filters by prefix. */
    authorityPath: text('authority_path').notNull(),
    status: text('status').notNull().$type<ReviewStatus>(),
    mode: text('mode').notNull().$type<ReviewMode>(),
    /** Masked name and ID of the accountant, for queues and search without joining accounts. */
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    title: text('title').notNull(),
    /** The snapshots hold the whole ID number and certificate numbers for the reviewer: those are sealed. */
    before: sealedJsonb<Record<string, unknown> | null>('before', 'review_items.before'),
    after: sealedJsonb<Record<string, unknown>>('after', 'review_items.after').notNull(),
    attachments: jsonb('attachments').$type<ReviewAttachment[]>().notNull().default([]),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
    opinion: text('opinion'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('review_items_queue_idx').on(t.kind, t.status, t.submittedAt),
    // text_pattern_ops: scope filters are LIKE 'prefix%' and must use the index whatever the collation.
    index('review_items_path_idx').on(t.authorityPath.op('text_pattern_ops')),
    index('review_items_account_idx').on(t.accountId, t.submittedAt),
    // Which item shows a file (attachments @> '[{"id": …}]'): the console's file access check.
    index('review_items_attachments_idx').using('gin', t.attachments.op('jsonb_path_ops')),
  ],
);

/** Every change of an item's status, with who, when and the opinion. */
export const reviewDecisions = pgTable(
  'review_decisions',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id').notNull(),
    action: text('action').notNull().$type<'submit' | 'claim' | 'approve' | 'reject' | 'withdraw'>(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    mode: text('mode').notNull().$type<ReviewMode>(),
    /** null for the accountant's own actions and automatic rules. */
    staffId: uuid('staff_id'),
    staffName: text('staff_name'),
    authorityId: text('authority_id'),
    opinion: text('opinion'),
    at: ts('at').notNull(),
  },
  (t) => [index('review_decisions_item_idx').on(t.itemId, t.at), index('review_decisions_staff_idx').on(t.staffId, t.at)],
);
