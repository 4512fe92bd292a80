import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every document the platform printed with a verification code (会计人员信息表 now; 报名表 and
 * 电子证书 later): anyone holding the paper can check at /verify that the code is genuine. Only
 * what the public check shows is kept (the masked name), never the document itself.
 */
export const printedDocuments = pgTable(
  'printed_documents',
  {
    /** 16 characters of Crockford base32 (80 random bits), stored without separators. */
    code: text('code').primaryKey(),
    /** What was printed: `inquiry_record` (会计人员信息表), … */
    kind: text('kind').notNull(),
    accountId: uuid('account_id').notNull(),
    title: text('title').notNull(),
    /** The holder's name masked as the portal masks it (张**): all the public check may show. */
    holderMasked: text('holder_masked').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** What the document is of, when its check shows a live state (报名表: the enrollment's id). */
    ref: text('ref'),
  },
  (t) => [index('printed_documents_account_idx').on(t.accountId, t.issuedAt)],
);
