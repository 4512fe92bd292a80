import type { OtherQualificationType, TitleMethod, TitleQualificationLevel, TitleQualificationMethod, TitleRank, TitleSource, TitleStatus } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 会计专业技术资格 (seed 003 §7.1): one row per qualification and title of a person, either copied from
 * the national records by 自动获取 (source `system`, approved, never edited by the person) or entered
 * by the person and reviewed by their authority (source `manual`, a review item of kind `title_accounting`).
 */
export const accountingTitles = pgTable(
  'accounting_titles',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    source: text('source').notNull().$type<TitleSource>(),
    status: text('status').notNull().$type<TitleStatus>(),
    level: text('level').$type<TitleQualificationLevel>(),
    qualificationMethod: text('qualification_method').$type<TitleQualificationMethod>(),
    passDate: text('pass_date'),
    /** Certificate numbers are personal data: sealed (docs/personal-data.md), found by their blind index. */
    qualificationCertificateNo: sealedText('qualification_certificate_no', 'accounting_titles.qualification_certificate_no'),
    rank: text('rank').notNull().$type<TitleRank>(),
    titleMethod: text('title_method').notNull().$type<TitleMethod>(),
    titleCertificateNo: sealedText('title_certificate_no', 'accounting_titles.title_certificate_no').notNull(),
    titleCertificateIndex: text('title_certificate_index').notNull(),
    proofFileId: uuid('proof_file_id'),
    /** The authority that reviews (or reviewed) a manual row; null for a system row. */
    authorityId: text('authority_id'),
    /** The latest review item of a manual row (a row edited after a decision is reviewed again). */
    reviewItemId: uuid('review_item_id'),
    opinion: text('opinion'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // One row per certificate of a person: sixteen 自动获取 or 新增 at once leave one.
    uniqueIndex('accounting_titles_certificate_uq').on(t.accountId, t.titleCertificateIndex),
    index('accounting_titles_review_item_idx').on(t.reviewItemId),
  ],
);
export type AccountingTitleRow = typeof accountingTitles.$inferSelect;

/** 其他专业技术人员职业资格 (seed 003 §7.2): entered by the person, reviewed (kind `title_other`). */
export const otherQualifications = pgTable(
  'other_qualifications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    status: text('status').notNull().$type<TitleStatus>(),
    type: text('type').notNull().$type<OtherQualificationType>(),
    level: text('level').$type<TitleQualificationLevel>(),
    obtainedAt: text('obtained_at').notNull(),
    certificateNo: sealedText('certificate_no', 'other_qualifications.certificate_no').notNull(),
    certificateIndex: text('certificate_index').notNull(),
    proofFileId: uuid('proof_file_id'),
    authorityId: text('authority_id').notNull(),
    reviewItemId: uuid('review_item_id'),
    opinion: text('opinion'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('other_qualifications_certificate_uq').on(t.accountId, t.type, t.certificateIndex),
    index('other_qualifications_review_item_idx').on(t.reviewItemId),
    index('other_qualifications_approved_idx').on(t.accountId).where(sql`${t.status} = 'approved'`),
  ],
);
export type OtherQualificationRow = typeof otherQualifications.$inferSelect;
