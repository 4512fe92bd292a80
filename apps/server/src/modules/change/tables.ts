import type { ChangeMethod, ChangePart, ChangeStatus } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedJsonb } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 信息变更: one row per change a person submitted to their approved record, kept for ever. The
 * approved ones, in order, are the record's versions: `before` is the version the change replaced,
 * `after` the one it made; who decided and when are the review item's decisions (docs/record-life.md).
 */
export const changeRequests = pgTable(
  'change_requests',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    part: text('part').notNull().$type<ChangePart>(),
    method: text('method').notNull().$type<ChangeMethod>(),
    /** The education or work record changed (for 新增, the id the new record will have). */
    recordId: uuid('record_id'),
    status: text('status').notNull().$type<ChangeStatus>(),
    /** The part as the person and the reviewer read it, before and after (names, not codes). */
    before: sealedJsonb<Record<string, unknown> | null>('before', 'change_requests.before'),
    after: sealedJsonb<Record<string, unknown> | null>('after', 'change_requests.after'),
    /** What approval writes into the record: the request as the rules checked it. */
    data: sealedJsonb<Record<string, unknown> | null>('data', 'change_requests.data'),
    /** Filled in the submitting transaction; null only inside it. */
    reviewItemId: uuid('review_item_id'),
    authorityId: text('authority_id').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    // One open change per part of a person: sixteen submissions at once leave exactly one.
    uniqueIndex('change_requests_open_part_uq').on(t.accountId, t.part).where(sql`${t.status} = 'open'`),
    index('change_requests_account_idx').on(t.accountId, t.submittedAt),
    index('change_requests_review_item_idx').on(t.reviewItemId),
  ],
);

export type ChangeRow = typeof changeRequests.$inferSelect;
