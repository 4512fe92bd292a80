import type { CollectionState } from '@ausm/domain';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedJsonb, sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 未提交审核 · 待审核 · 审核中 · 审核通过 · 审核不通过 (GLOSSARY: reviewStatus). */
export type PartStatus = 'draft' | 'pending' | 'in_review' | 'approved' | 'rejected';
export type DegreeCheckState = 'verified' | 'failed' | 'unavailable' | 'not_applicable' | 'unchecked';
export type RecordSource = 'self' | 'import';

/** A part's review columns: each part of a collection is reviewed on its own (docs/collection.md). */
const review = {
  reviewStatus: text('review_status').notNull().$type<PartStatus>().default('draft'),
  reviewOpinion: text('review_opinion'),
  reviewItemId: uuid('review_item_id'),
};

/**
 * One per accountant: the 采集须知 scope, 基本信息 (as the form sent it, checked by the domain's
 * schema), the 会计管理部门 chosen in step 5, and what the national qualification records said.
 * The review columns are those of the 基本信息 part.
 */
export const collectionProfiles = pgTable(
  'collection_profiles',
  {
    accountId: uuid('account_id').primaryKey(),
    scope: text('scope'),
    // Identifiers inside these documents (居住证号码, 证书编号) are sealed: platform/pii/columns.ts.
    basic: sealedJsonb<Record<string, unknown>>('basic', 'collection_profiles.basic'),
    authorityId: text('authority_id'),
    qualification: sealedJsonb<CollectionState['qualification']>('qualification', 'collection_profiles.qualification'),
    ...review,
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  // A decision finds its part by the review item.
  (t) => [index('collection_profiles_review_item_idx').on(t.reviewItemId)],
);

/** 教育经历: `data` is the domain's education request; `lockedFields` those an import fixed. */
export const educationRecords = pgTable(
  'education_records',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    source: text('source').notNull().$type<RecordSource>(),
    lockedFields: jsonb('locked_fields').$type<string[]>().notNull().default([]),
    data: sealedJsonb<Record<string, unknown>>('data', 'education_records.data').notNull(),
    /** The 学信网 answer for this record as last saved. */
    degreeCheck: text('degree_check').notNull().$type<DegreeCheckState>().default('unchecked'),
    ...review,
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('education_records_account_idx').on(t.accountId, t.createdAt), index('education_records_review_item_idx').on(t.reviewItemId)],
);

/** The plain 统一社会信用代码 column of a work record with this `data` ('' when it names none). */
export const workUsccOf = (data: Record<string, unknown> | { uscc?: unknown }): string => {
  const v = (data as { uscc?: unknown }).uscc;
  return typeof v === 'string' ? v : '';
};

/** 工作经历 with its 会计工作经历 rows (inside `data`). */
export const workRecords = pgTable(
  'work_records',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    source: text('source').notNull().$type<RecordSource>(),
    lockedFields: jsonb('locked_fields').$type<string[]>().notNull().default([]),
    data: sealedJsonb<Record<string, unknown>>('data', 'work_records.data').notNull(),
    /**
     * The employer's 统一社会信用代码 as `data` names it (public data of the unit, kept plain): how an employer
     * finds the people whose work record names it (issue 26). Written with `data` (workUsccOf); '' for none;
     * null on a row written before it existed, until the start-up backfill reaches it.
     */
    uscc: text('uscc'),
    ...review,
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('work_records_account_idx').on(t.accountId, t.createdAt),
    index('work_records_review_item_idx').on(t.reviewItemId),
    index('work_records_uscc_idx').on(t.uscc),
  ],
);

/**
 * 历史教育经历 / 历史工作经历 from a province's earlier system, imported by an administrator before
 * the person has an account here; they become the person's records (source 'import') the first
 * time the person opens the wizard, if the person's 会计管理部门 is then none yet or one within
 * `authorityPath`, the importing administrator's subtree (issue 17 item 14).
 */
export const collectionImports = pgTable(
  'collection_imports',
  {
    id: uuid('id').primaryKey(),
    idType: text('id_type').notNull(),
    idNumber: sealedText('id_number', 'collection_imports.id_number').notNull(),
    /** Blind index of the ID number: the person's first visit finds their rows by it. */
    idNumberIndex: text('id_number_index'),
    part: text('part').notNull().$type<'education' | 'work'>(),
    data: sealedJsonb<Record<string, unknown>>('data', 'collection_imports.data').notNull(),
    /**
     * Identifies the row within its source, so importing the same file twice adds nothing. A keyed hash
     * (HMAC-SM3): an unkeyed one of the ID number and a row's few fields could be reversed by trying numbers.
     */
    sourceKey: text('source_key').notNull(),
    importedBy: uuid('imported_by').notNull(),
    /** The importer's authority and its path: the subtree whose people the rows may reach. Null: never taken. */
    authorityId: text('authority_id'),
    authorityPath: text('authority_path'),
    importedAt: ts('imported_at').notNull(),
    takenBy: uuid('taken_by'),
    takenAt: ts('taken_at'),
  },
  (t) => [index('collection_imports_person_idx').on(t.idType, t.idNumberIndex), uniqueIndex('collection_imports_source_uq').on(t.sourceKey)],
);
