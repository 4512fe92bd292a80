import type { TalentNotice } from '@ausm/domain';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 高端会计人才培养项目 (issue 26): one information page per project year, with its notices, kept by the 财政部. */
export const talentYears = pgTable('talent_years', {
  year: integer('year').primaryKey(),
  title: text('title').notNull(),
  intro: text('intro').notNull(),
  notices: jsonb('notices').$type<TalentNotice[]>().notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export type TalentYearRow = typeof talentYears.$inferSelect;
