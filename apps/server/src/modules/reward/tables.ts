import type { RewardApplicationStatus, RewardKind, RewardSource } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 会计人员奖惩记录 (issue 26): a reward or penalty of an accountant, recorded by staff of the authority holding
 * the person's approved record (`source` staff) or by the approval of the person's 奖惩申请 (`source`
 * application). `authorityPath` is where it was recorded: staff see the records of their subtree.
 */
export const rewardRecords = pgTable(
  'reward_records',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind').notNull().$type<RewardKind>(),
    reason: text('reason').notNull(),
    /** 奖惩日期, YYYY-MM-DD. */
    occurredOn: text('occurred_on').notNull(),
    docNumber: text('doc_number').notNull(),
    /** 奖惩单位 (the issuing authority, as written on the document). */
    issuer: text('issuer').notNull(),
    source: text('source').notNull().$type<RewardSource>(),
    applicationId: uuid('application_id'),
    authorityId: text('authority_id').notNull(),
    authorityPath: text('authority_path').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    /** 撤销: a record entered in error, kept with who removed it and when. */
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
  },
  (t) => [
    uniqueIndex('reward_records_application_uq').on(t.applicationId),
    // One record per person, kind and document: sixteen identical entries at once leave one.
    uniqueIndex('reward_records_document_uq').on(t.accountId, t.kind, t.docNumber).where(sql`${t.revokedAt} is null`),
    index('reward_records_account_idx').on(t.accountId, t.occurredOn),
    index('reward_records_path_idx').on(t.authorityPath),
  ],
);

/** 奖惩申请: an accountant's application to add a reward, with its proof, decided through the review engine. */
export const rewardApplications = pgTable(
  'reward_applications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    reason: text('reason').notNull(),
    occurredOn: text('occurred_on').notNull(),
    docNumber: text('doc_number').notNull(),
    issuer: text('issuer').notNull(),
    proofFileId: uuid('proof_file_id').notNull(),
    status: text('status').notNull().$type<RewardApplicationStatus>(),
    reviewItemId: uuid('review_item_id'),
    authorityId: text('authority_id').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    // One open or granted application per document.
    uniqueIndex('reward_applications_document_uq').on(t.accountId, t.docNumber).where(sql`${t.status} in ('pending', 'approved')`),
    index('reward_applications_account_idx').on(t.accountId, t.submittedAt),
  ],
);

export type RewardRecordRow = typeof rewardRecords.$inferSelect;
export type RewardApplicationRow = typeof rewardApplications.$inferSelect;
