import type { CeApplicationStatus, CeCategory, CeForm, CeMethod } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// Credits are kept in tenths (53.6 → 536): sums are exact, and the seed's figures carry one decimal.

/**
 * 继续教育学分申请 (seed 003 §8.2, issue 25): one row per application, kept for ever, decided through the
 * review engine (kind `ce_application`); the item finds its row by `applicationId` in its `after`.
 */
export const ceApplications = pgTable(
  'ce_applications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    form: text('form').notNull().$type<CeForm>(),
    category: text('category').notNull().$type<CeCategory>(),
    /** 继续教育年度, derived from the form's deciding date (never typed). */
    year: integer('year').notNull(),
    /** The form's fields as the domain schema checked them. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** 获得继续教育学分 as claimed, as the conversion rule computes it, and as granted on approval. */
    claimedTenths: integer('claimed_tenths').notNull(),
    computedTenths: integer('computed_tenths').notNull(),
    grantedTenths: integer('granted_tenths'),
    /** A reviewer's corrected figure, with their reason (null when the rule's figure was granted). */
    correction: text('correction'),
    status: text('status').notNull().$type<CeApplicationStatus>(),
    /** What makes two applications one claim (rules.ts ceDuplicateKey). */
    duplicateKey: text('duplicate_key').notNull(),
    proofFileId: uuid('proof_file_id').notNull(),
    /** Filled in the submitting transaction; null only inside it. */
    reviewItemId: uuid('review_item_id'),
    authorityId: text('authority_id').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    // One claim per paper, book, meeting …: sixteen identical submissions at once leave exactly one, and a
    // granted claim holds back a new one. A refused or withdrawn claim may be filed again.
    uniqueIndex('ce_applications_duplicate_uq').on(t.accountId, t.duplicateKey).where(sql`${t.status} in ('pending', 'approved')`),
    index('ce_applications_account_idx').on(t.accountId, t.submittedAt),
    index('ce_applications_review_item_idx').on(t.reviewItemId),
  ],
);

/**
 * The yearly credit ledger (某年继续教育明细): one row per grant, never changed or removed. 个人申请 rows
 * point at their application, at most one each (a double approval grants once).
 */
export const ceCredits = pgTable(
  'ce_credits',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    year: integer('year').notNull(),
    professionalTenths: integer('professional_tenths').notNull(),
    publicTenths: integer('public_tenths').notNull(),
    method: text('method').notNull().$type<CeMethod>(),
    /** 获得原因: 公需科目申请, 专业科目申请（会议）… */
    reason: text('reason').notNull(),
    applicationId: uuid('application_id'),
    /** What granted a 系统记录 row (`score:<score_results.id>`, a subject passed): each source grants once. */
    sourceKey: text('source_key'),
    /** 通过时间. */
    grantedAt: ts('granted_at').notNull(),
  },
  (t) => [
    uniqueIndex('ce_credits_application_uq').on(t.applicationId),
    uniqueIndex('ce_credits_source_uq').on(t.sourceKey),
    index('ce_credits_account_year_idx').on(t.accountId, t.year, t.grantedAt),
  ],
);

/** A province's own figures for a year (issue 25): without a row, the national rule (defaultCeYearSetting). */
export const ceYearSettings = pgTable(
  'ce_year_settings',
  {
    provinceId: text('province_id').notNull(),
    year: integer('year').notNull(),
    requiredTotal: integer('required_total').notNull(),
    professionalMin: integer('professional_min').notNull(),
    minutesPerCredit: integer('minutes_per_credit').notNull(),
    /** The last day (China date, YYYY-MM-DD) the year takes applications and grants. */
    closesOn: text('closes_on').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provinceId, t.year] })],
);

export type CeApplicationRow = typeof ceApplications.$inferSelect;
export type CeCreditRow = typeof ceCredits.$inferSelect;
