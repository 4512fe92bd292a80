import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 实名认证 attempts. `certName`/`certNo` are what the platform asked Alipay to certify, kept to
 * compare with the account when the result arrives; manual attempts point at their review item,
 * the city authority that reviews them and the three photos they claimed.
 */
export const identityVerifications = pgTable(
  'identity_verifications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    method: text('method').notNull().$type<'alipay' | 'manual'>(),
    status: text('status').notNull().$type<'pending' | 'passed' | 'failed'>(),
    certifyId: text('certify_id'),
    certName: text('cert_name'),
    /** Sealed with SM4; compared only after it is read back. */
    certNo: sealedText('cert_no', 'identity_verifications.cert_no'),
    failReason: text('fail_reason'),
    reviewItemId: uuid('review_item_id'),
    authorityId: text('authority_id'),
    files: jsonb('files').$type<Record<string, string>>(),
    createdAt: ts('created_at').notNull(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('identity_verifications_account_idx').on(t.accountId, t.createdAt),
    index('identity_verifications_certify_idx').on(t.certifyId),
    // One manual submission under review per account, even when two arrive at once.
    uniqueIndex('identity_verifications_manual_pending_uq').on(t.accountId).where(sql`method = 'manual' and status = 'pending'`),
  ],
);
