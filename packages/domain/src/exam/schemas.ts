// The exam's forms (console: exam creation, a province's settings; portal: the enrollment), as Zod schemas
// the server validates with and the pages build their rules from. Every refusal is a Chinese sentence.
import { z } from '../zod';
import { isIsoDate } from '../collection/dates';
import { EXAM_LEVEL_CODES, EXAM_SUBJECTS, EXAM_YEAR_MAX, EXAM_YEAR_MIN, subjectName, type ExamLevel } from './codes';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** '2025-01-08 00:00:00' (Beijing time, as the seed's table writes it) as an instant; null when malformed. */
export function parseBeijingDateTime(s: string): Date | null {
  const m = DATE_TIME.exec(s);
  if (!m || !isIsoDate(m[1]!)) return null;
  const [h, mi, se] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || mi > 59 || se > 59) return null;
  return new Date(Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) - BEIJING_OFFSET_MS);
}

/** An instant as Beijing time: '2025-01-08 00:00:00'. */
export function formatBeijingDateTime(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A window as the seed's table writes it: 2025-01-08 00:00:00 至 2025-01-24 12:00:00. */
export const windowText = (start: Date, end: Date) => `${formatBeijingDateTime(start)} 至 ${formatBeijingDateTime(end)}`;

/** Inside a window: from its first second to its last, both included. */
export const withinWindow = (now: Date, start: Date, end: Date) => now.getTime() >= start.getTime() && now.getTime() <= end.getTime();

const trimmed = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

const beijingDateTime = (label: string) =>
  z
    .string({ message: `请选择${label}` })
    .trim()
    .min(1, `请选择${label}`)
    .refine((s) => parseBeijingDateTime(s) !== null, `${label}格式不正确，应为“2025-01-08 00:00:00”`);

// ---- console: the exam ----

export const ZExamCreate = z.object({
  year: z
    .number({ message: '请填写考试年度' })
    .int('考试年度须为整数')
    .min(EXAM_YEAR_MIN, `考试年度须在${EXAM_YEAR_MIN}至${EXAM_YEAR_MAX}之间`)
    .max(EXAM_YEAR_MAX, `考试年度须在${EXAM_YEAR_MIN}至${EXAM_YEAR_MAX}之间`),
  level: z.enum(EXAM_LEVEL_CODES, { message: '请选择级别' }),
});
export type TExamCreate = z.output<typeof ZExamCreate>;

// ---- console: a province's settings of an exam ----

/** 报名费: yuan with at most two decimals, 0.01 to 9999.99 a subject. */
export const FEE_PATTERN = /^(?:0|[1-9]\d{0,3})(?:\.\d{1,2})?$/;

export const ZAnnouncement = z.object({
  title: trimmed('公告标题', 100),
  date: z
    .string({ message: '请选择公告日期' })
    .refine((s) => isIsoDate(s), '公告日期格式不正确'),
  body: trimmed('公告内容', 20_000),
});

export const ZExamSite = z.object({
  authorityId: z.string({ message: '请选择报名点所属会计管理部门' }).trim().min(1, '请选择报名点所属会计管理部门').max(12, '会计管理部门不存在'),
  name: trimmed('报名点名称', 50),
});

export const ZProvinceSettings = z
  .object({
    signupStart: beijingDateTime('报名开始时间'),
    signupEnd: beijingDateTime('报名结束时间'),
    payStart: beijingDateTime('缴费开始时间'),
    payEnd: beijingDateTime('缴费结束时间'),
    phone: z
      .string({ message: '请填写咨询电话' })
      .trim()
      .regex(/^[0-9][0-9-]{4,19}$/, '咨询电话格式不正确，如 0531-12345678'),
    noticeUrl: z
      .string({ message: '请填写通知网址' })
      .trim()
      .max(500, '通知网址不能超过500个字符')
      // No URL class here: the domain runs without DOM or Node types.
      .refine((s) => /^https?:\/\/[a-z0-9\u4e00-\u9fa5]([a-z0-9\u4e00-\u9fa5.-]*)(:\d+)?(\/[^\s]*)?$/i.test(s), '通知网址须以 http:// 或 https:// 开头'),
    readingNotice: trimmed('阅读须知', 20_000),
    announcements: z.array(ZAnnouncement, { message: '通知公告格式不正确' }).max(20, '通知公告最多20条'),
    sites: z.array(ZExamSite, { message: '报名点格式不正确' }).min(1, '请至少设置一个报名点').max(500, '报名点最多500个'),
    /** 报名费 per subject code, in yuan ('56.00'). */
    fees: z.record(z.string(), z.string({ message: '请填写每科报名费' }).trim().regex(FEE_PATTERN, '每科报名费须为金额，如 56 或 56.50'), {
      message: '请填写每科报名费',
    }),
    reviewMode: z.enum(['manual', 'auto'], { message: '请选择资格审核方式' }),
  })
  .superRefine((v, ctx) => {
    const at = (s: string) => parseBeijingDateTime(s)?.getTime() ?? NaN;
    if (at(v.signupStart) >= at(v.signupEnd)) ctx.addIssue({ code: 'custom', path: ['signupEnd'], message: '报名结束时间须晚于开始时间' });
    if (at(v.payStart) >= at(v.payEnd)) ctx.addIssue({ code: 'custom', path: ['payEnd'], message: '缴费结束时间须晚于开始时间' });
    if (at(v.payStart) < at(v.signupStart)) ctx.addIssue({ code: 'custom', path: ['payStart'], message: '缴费开始时间不能早于报名开始时间' });
    if (at(v.payEnd) < at(v.signupEnd)) ctx.addIssue({ code: 'custom', path: ['payEnd'], message: '缴费结束时间不能早于报名结束时间' });
    const seen = new Set<string>();
    v.sites.forEach((s, i) => {
      if (seen.has(s.authorityId)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'authorityId'], message: '同一会计管理部门只能设置一个报名点' });
      seen.add(s.authorityId);
    });
  });
export type TProvinceSettings = z.output<typeof ZProvinceSettings>;

/** The fees must name exactly the exam's subjects. */
export function feeProblems(level: ExamLevel, fees: Record<string, string>): string | null {
  for (const s of EXAM_SUBJECTS[level]) if (!fees[s.code]) return `请填写“${s.name}”的报名费`;
  const unknown = Object.keys(fees).find((k) => !EXAM_SUBJECTS[level].some((s) => s.code === k));
  return unknown ? `“${subjectName(unknown)}”不是本考试的科目` : null;
}

// ---- portal: the enrollment ----

export const ZEnrollmentRequest = z.object({
  examId: z.uuid({ message: '考试不存在' }),
  provinceId: z.string({ message: '请选择报考省份' }).trim().min(1, '请选择报考省份').max(12, '报考省份不存在'),
  /** 报考类别: a route of the eligibility rule. */
  category: z.string({ message: '请选择报考类别' }).trim().min(1, '请选择报考类别').max(40, '报考类别不正确'),
  siteAuthorityId: z.string({ message: '请选择报名点' }).trim().min(1, '请选择报名点').max(12, '报名点不存在'),
  subjects: z.array(z.string().max(40), { message: '请选择报考科目' }).min(1, '请选择报考科目').max(3, '报考科目不正确'),
  photoFileId: z.uuid({ message: '请上传照片' }),
  /** 证明材料: slot key → uploaded file id. */
  proofs: z.record(z.string().max(40), z.uuid({ message: '证明材料文件不正确，请重新上传' }), { message: '证明材料格式不正确' }).default({}),
  /** 电子邮箱: taken only where the approved record has none (the rest of 基本信息 comes from the record). */
  email: z.union([z.literal(''), z.string().trim().max(100, '电子邮箱不能超过100个字符').pipe(z.email('请输入正确的电子邮箱'))]).optional(),
  promise: z.literal(true, { message: '请确认以上报名信息真实、准确' }),
});
export type TEnrollmentRequest = z.output<typeof ZEnrollmentRequest>;

/**
 * 报考科目 of a level: 初级's two are taken in one year (both at once); 中级's three pass within two
 * consecutive years (any of them; the score ledger will narrow the choice); 高级 has one.
 */
export function subjectProblems(level: ExamLevel, subjects: readonly string[]): string | null {
  const all = EXAM_SUBJECTS[level].map((s) => s.code as string);
  const unknown = subjects.find((s) => !all.includes(s));
  if (unknown) return `“${subjectName(unknown)}”不是本考试的科目`;
  if (new Set(subjects).size !== subjects.length) return '报考科目重复';
  if (level === 'junior' && subjects.length !== all.length) return '初级资格考试须同时报考初级会计实务和经济法基础两个科目';
  if (level === 'senior' && subjects.length !== 1) return '高级资格考试须报考高级会计实务';
  if (subjects.length === 0) return '请选择报考科目';
  return null;
}

/** The enrollment's proofs: every slot the route asks for, and nothing else. */
export function proofProblems(slots: ReadonlyArray<{ key: string; label: string }>, proofs: Readonly<Record<string, string>>): string | null {
  for (const s of slots) if (!proofs[s.key]) return `请上传${s.label}`;
  const extra = Object.keys(proofs).find((k) => !slots.some((s) => s.key === k));
  return extra ? '上传了本报考类别不需要的证明材料，请刷新页面后重新上传' : null;
}
