import type { ExamLevel } from '@ausm/domain';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
