import type { StandardCategory } from '@ausm/domain';
import { boolean, customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PostgreSQL's tsvector: written and read only through SQL (service.ts), never as a JavaScript value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * 会计准则制度学习 (issue 26): the documents the 财政部 publishes. A document is read from its body, or from its
 * PDF (kept in the file store under `pdfStorageKey`), or both. `searchVector` holds the search tokens of its
 * title and number (weight A) and of its body (weight D), computed by standardTokens (packages/domain);
 * docs/decisions/0024-standards-search.md.
 */
export const standards = pgTable(
  'standards',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    /** 文号: 财会〔2017〕22号. */
    docNumber: text('doc_number').notNull(),
    /** 发布日期, YYYY-MM-DD. */
    issuedOn: text('issued_on').notNull(),
    category: text('category').notNull().$type<StandardCategory>(),
    body: text('body').notNull(),
    pdfStorageKey: text('pdf_storage_key'),
    pdfName: text('pdf_name'),
    pdfSize: integer('pdf_size'),
    published: boolean('published').notNull(),
    publishedAt: ts('published_at'),
    searchVector: tsvector('search_vector').notNull(),
    createdBy: uuid('created_by').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('standards_search_idx').using('gin', t.searchVector), index('standards_published_idx').on(t.published, t.category, t.issuedOn)],
);

/** 已学习: a reader's mark on a document, once per reader and document. */
export const standardStudies = pgTable(
  'standard_studies',
  {
    accountId: uuid('account_id').notNull(),
    standardId: uuid('standard_id').notNull(),
    studiedAt: ts('studied_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.standardId] }), index('standard_studies_standard_idx').on(t.standardId)],
);

export type StandardRow = typeof standards.$inferSelect;
