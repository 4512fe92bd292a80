// 会计专业技术资格考试 (seed 003 §6.1, 002 §4): the code tables both the server and the pages read.

/** 级别 (GLOSSARY: exam levels). */
export const EXAM_LEVELS = [
  { code: 'junior', name: '初级' },
  { code: 'intermediate', name: '中级' },
  { code: 'senior', name: '高级' },
] as const;
export type ExamLevel = (typeof EXAM_LEVELS)[number]['code'];
export const EXAM_LEVEL_CODES = EXAM_LEVELS.map((l) => l.code) as unknown as readonly [ExamLevel, ...ExamLevel[]];

export const examLevelName = (level: ExamLevel): string => EXAM_LEVELS.find((l) => l.code === level)!.name;

/** 报考科目 of each level (issue 21): 初级 two, 中级 three, 高级 one. */
export const EXAM_SUBJECTS = {
  junior: [
    { code: 'junior_practice', name: '初级会计实务' },
    { code: 'economic_law_basics', name: '经济法基础' },
  ],
  intermediate: [
    { code: 'intermediate_practice', name: '中级会计实务' },
    { code: 'financial_management', name: '财务管理' },
    { code: 'economic_law', name: '经济法' },
  ],
  senior: [{ code: 'senior_practice', name: '高级会计实务' }],
} as const satisfies Record<ExamLevel, ReadonlyArray<{ code: string; name: string }>>;
export type ExamSubject = (typeof EXAM_SUBJECTS)[ExamLevel][number]['code'];

export const subjectName = (code: string): string =>
  Object.values(EXAM_SUBJECTS)
    .flat()
    .find((s) => s.code === code)?.name ?? code;

/** The exam's name as the seed writes it: 2025年全国会计专业技术资格考试（初级）. */
export const examName = (year: number, level: ExamLevel): string => `${year}年全国会计专业技术资格考试（${examLevelName(level)}）`;

/** The years an exam may be created for. */
export const EXAM_YEAR_MIN = 2000;
export const EXAM_YEAR_MAX = 2100;

/** 资格审核方式 of a province (GLOSSARY reviewMode): 人工审核, or 自动审核 where the rules allow. */
export const ELIGIBILITY_REVIEW_MODES = [
  { code: 'manual', name: '人工审核' },
  { code: 'auto', name: '自动审核（学历经学信网核验且无需证明材料的，系统自动审核）' },
] as const;
export type EligibilityReviewMode = (typeof ELIGIBILITY_REVIEW_MODES)[number]['code'];

/** The steps of the enrollment (seed 003 §6.1's bar). */
export const ENROLLMENT_STEPS = ['填写报名信息', '证明材料上传', '信息确认', '资格审核', '网上缴费', '报名成功'] as const;
