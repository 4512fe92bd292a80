import type { EmployerCeForm, EmployerCeStatus, EmployerStatus, EmploymentDecision } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type EmployerAddress = { provinceId: string; cityId: string; countyId: string | null; regionName: string; detail: string };

/**
 * 单位法人用户 (issue 26): one account per 统一社会信用代码 (public data of the unit, kept plain), registered by
 * its 经办人 (whose mobile is personal data: sealed, found by its blind index), reviewed by the authority of
 * the unit's address (review kind `employer_registration`) before it may act.
 */
export const employers = pgTable(
  'employers',
  {
    id: uuid('id').primaryKey(),
    uscc: text('uscc').notNull(),
    unitName: text('unit_name').notNull(),
    agentName: text('agent_name').notNull(),
    agentMobile: sealedText('agent_mobile', 'employers.agent_mobile').notNull(),
    agentMobileIndex: text('agent_mobile_index').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').notNull().$type<EmployerStatus>(),
    /** The reviewer's reason of the last refusal (shown until the next submission). */
    opinion: text('opinion'),
    address: jsonb('address').$type<EmployerAddress>(),
    authorityId: text('authority_id'),
    licenseFileId: uuid('license_file_id'),
    reviewItemId: uuid('review_item_id'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    approvedAt: ts('approved_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('employers_uscc_uq').on(t.uscc), index('employers_review_item_idx').on(t.reviewItemId), index('employers_agent_mobile_idx').on(t.agentMobileIndex)],
);

/** 在职确认: an employer's word on one person whose current approved work record names it (the latest stands). */
export const employerStaffDecisions = pgTable(
  'employer_staff_decisions',
  {
    employerId: uuid('employer_id').notNull(),
    accountId: uuid('account_id').notNull(),
    /** The work record the employer answered about: a new job (another record) asks again. */
    workRecordId: uuid('work_record_id').notNull(),
    decision: text('decision').notNull().$type<EmploymentDecision>(),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.employerId, t.accountId] }), index('employer_staff_decisions_account_idx').on(t.accountId)],
);

/**
 * 单位申报继续教育: one training an employer files for many of its confirmed staff, one proof, one review item
 * (kind `employer_ce`). Approval writes one ce_credits row per person (source_key employer_ce:<id>:<account>),
 * in the decision's transaction.
 */
export const employerCeFilings = pgTable(
  'employer_ce_filings',
  {
    id: uuid('id').primaryKey(),
    employerId: uuid('employer_id').notNull(),
    form: text('form').notNull().$type<EmployerCeForm>(),
    year: integer('year').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    accountIds: jsonb('account_ids').$type<string[]>().notNull(),
    /** Per person: as claimed, and as the conversion rule computes it (granted on approval). */
    claimedTenths: integer('claimed_tenths').notNull(),
    computedTenths: integer('computed_tenths').notNull(),
    status: text('status').notNull().$type<EmployerCeStatus>(),
    /** The training and the people: sixteen identical filings at once leave one. */
    duplicateKey: text('duplicate_key').notNull(),
    proofFileId: uuid('proof_file_id').notNull(),
    reviewItemId: uuid('review_item_id'),
    authorityId: text('authority_id').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('employer_ce_filings_duplicate_uq').on(t.employerId, t.duplicateKey).where(sql`${t.status} in ('pending', 'approved')`),
    index('employer_ce_filings_employer_idx').on(t.employerId, t.submittedAt),
  ],
);

/** 单位会计准则制度反馈意见: an employer's feedback on a standard of the library, and the 财政部's answer. */
export const employerFeedback = pgTable(
  'employer_feedback',
  {
    id: uuid('id').primaryKey(),
    employerId: uuid('employer_id').notNull(),
    standardId: uuid('standard_id').notNull(),
    clause: text('clause').notNull(),
    content: text('content').notNull(),
    attachmentFileId: uuid('attachment_file_id'),
    status: text('status').notNull().$type<'pending' | 'answered'>(),
    answer: text('answer'),
    answeredBy: uuid('answered_by'),
    answeredByName: text('answered_by_name'),
    answeredAt: ts('answered_at'),
    submittedAt: ts('submitted_at').notNull(),
  },
  (t) => [index('employer_feedback_employer_idx').on(t.employerId, t.submittedAt), index('employer_feedback_status_idx').on(t.status, t.submittedAt)],
);

export type EmployerRow = typeof employers.$inferSelect;
export type EmployerCeFilingRow = typeof employerCeFilings.$inferSelect;
