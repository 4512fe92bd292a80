import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 实名认证 attempts. `certName`/`certNo` are what the platform asked Alipay to certify, kept to
 * compare with the account when the result arrives; manual attempts point at their review item.
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
    certNo: text('cert_no'),
    failReason: text('fail_reason'),
    reviewItemId: uuid('review_item_id'),
    files: jsonb('files').$type<Record<string, string>>(),
    createdAt: ts('created_at').notNull(),
    completedAt: ts('completed_at'),
  },
  (t) => [index('identity_verifications_account_idx').on(t.accountId, t.createdAt), index('identity_verifications_certify_idx').on(t.certifyId)],
);
