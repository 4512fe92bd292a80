import type { EligibilityReviewMode, ExamLevel } from '@ausm/domain';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 会计专业技术资格考试: one per year and 级别, created by a 财政部 administrator. */
export const exams = pgTable(
  'exams',
  {
    id: uuid('id').primaryKey(),
    year: integer('year').notNull(),
    level: text('level').notNull().$type<ExamLevel>(),
    /** As the seed writes it: 2025年全国会计专业技术资格考试（初级）. */
    name: text('name').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('exams_year_level_uq').on(t.year, t.level)],
);

export type ExamAnnouncement = { title: string; date: string; body: string };
export type ExamSite = { authorityId: string; name: string };

/**
 * A province-level authority's settings of one exam (计划单列市 have rows of their own): its windows (Beijing
 * time, judged by the platform clock), 咨询电话, 通知网址, 阅读须知, 通知公告, 报名点, fees and 资格审核方式.
 */
export const examProvinces = pgTable(
  'exam_provinces',
  {
    examId: uuid('exam_id').notNull(),
    provinceId: text('province_id').notNull(),
    signupStart: ts('signup_start').notNull(),
    signupEnd: ts('signup_end').notNull(),
    payStart: ts('pay_start').notNull(),
    payEnd: ts('pay_end').notNull(),
    phone: text('phone').notNull(),
    noticeUrl: text('notice_url').notNull(),
    readingNotice: text('reading_notice').notNull(),
    announcements: jsonb('announcements').$type<ExamAnnouncement[]>().notNull(),
    sites: jsonb('sites').$type<ExamSite[]>().notNull(),
    /** 报名费 per subject code, yuan as text ('56.00'): money is never a float. */
    fees: jsonb('fees').$type<Record<string, string>>().notNull(),
    reviewMode: text('review_mode').notNull().$type<EligibilityReviewMode>(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.examId, t.provinceId] }), index('exam_provinces_province_idx').on(t.provinceId)],
);

export type ExamRow = typeof exams.$inferSelect;
export type ExamProvinceRow = typeof examProvinces.$inferSelect;
