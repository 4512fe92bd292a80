import { sql } from 'drizzle-orm';
import type { CertifiedLevel, ExamLevel } from '@ausm/domain';
import { index, integer, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The score ledger (issue 24): one row per candidate, exam year, level and subject, as a 财政部 administrator
 * imported it. Scores are kept in hundredths (72.5 → 7250) so no float rounding decides a pass. A later
 * import of the same year, level, subject and person replaces the row (a corrected file).
 */
export const scoreResults = pgTable(
  'score_results',
  {
    id: uuid('id').primaryKey(),
    examYear: integer('exam_year').notNull(),
    level: text('level').notNull().$type<ExamLevel>(),
    subject: text('subject').notNull(),
    /** Sealed (docs/personal-data.md), found by `idNumberIndex`, the accounts' blind index of the same number. */
    idNumber: sealedText('id_number', 'score_results.id_number').notNull(),
    idNumberIndex: text('id_number_index').notNull(),
    score: integer('score').notNull(),
    passLine: integer('pass_line').notNull(),
    importId: uuid('import_id').notNull(),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [
    uniqueIndex('score_results_subject_uq').on(t.examYear, t.level, t.subject, t.idNumberIndex),
    index('score_results_person_idx').on(t.idNumberIndex),
  ],
);

/** Serials of 资格证书 numbers (domain `qualificationCertificateNo`); from 5 000 001, clear of the sandbox's fixed list. */
export const certificateSerial = pgSequence('qualification_certificate_serial', { startWith: 5_000_001, minValue: 1, maxValue: 9_999_999 });

/**
 * 资格证书 the score ledger completed (issue 24): one per person and level (初级, 中级), written in the import's
 * transaction when the validity rule is first met; entered into the national records after the commit
 * (`recordedAt`, again until it is). The electronic certificate is printed from it; a 财政部 administrator may
 * revoke it, which its public verification page then shows.
 */
export const qualificationCertificates = pgTable(
  'qualification_certificates',
  {
    id: uuid('id').primaryKey(),
    level: text('level').notNull().$type<CertifiedLevel>(),
    /** The exam year that completed the qualification. */
    examYear: integer('exam_year').notNull(),
    idNumber: sealedText('id_number', 'qualification_certificates.id_number').notNull(),
    idNumberIndex: text('id_number_index').notNull(),
    certificateNo: sealedText('certificate_no', 'qualification_certificates.certificate_no').notNull(),
    certificateIndex: text('certificate_index').notNull(),
    /** The day of issue (Beijing), YYYY-MM-DD. */
    obtainedAt: text('obtained_at').notNull(),
    importId: uuid('import_id').notNull(),
    issuedAt: ts('issued_at').notNull(),
    /** When the national qualification records took it in (null: not yet; retried). */
    recordedAt: ts('recorded_at'),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason'),
    revokedBy: text('revoked_by'),
  },
  (t) => [
    uniqueIndex('qualification_certificates_person_level_uq').on(t.idNumberIndex, t.level),
    uniqueIndex('qualification_certificates_no_uq').on(t.certificateIndex),
    index('qualification_certificates_unrecorded_idx').on(t.issuedAt).where(sql`${t.recordedAt} is null`),
  ],
);
export type QualificationCertificateRow = typeof qualificationCertificates.$inferSelect;
