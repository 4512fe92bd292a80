import { z } from '../zod';
import { chinaToday, isIsoDate } from '../collection/dates';
import { fieldSchemas } from '../collection/schemas';
import { CE_AUTHOR_RANKS, CE_EDUCATION_LEVELS, CE_EXAM_TYPES, CE_SUBJECT_TYPES } from './rules';

// 继续教育学分申请 (seed 003 §8.2): each form with exactly the seed's fields, shared by the portal's form and
// the server. The year is never a field: it is derived (rules.ts ceYear).

const { object, text, ref } = fieldSchemas;

/** The earliest date an application may name: credits of older years were never on the platform. */
export const EARLIEST_CE_DATE = '2000-01-01';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const WHEN_OBJECT = { when: (payload: { value: unknown }) => isRecord(payload.value) };
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

/** 书号: ISBN-10 or ISBN-13 with its check digit (GB/T 5795), hyphens and spaces allowed. */
export function checkIsbn(raw: string): boolean {
  const s = raw.replace(/^ISBN/i, '').replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{13}$/.test(s)) {
    const sum = [...s.slice(0, 12)].reduce((acc, c, i) => acc + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return (10 - (sum % 10)) % 10 === Number(s[12]);
  }
  if (/^\d{9}[\dX]$/.test(s)) {
    const sum = [...s].reduce((acc, c, i) => acc + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  return false;
}

/** 期刊刊号: CN 11-1234/F (国内统一刊号) or ISSN 1234-567X, written with or without the prefix. */
export const CE_SERIAL_PATTERNS = {
  CN: /^(?:CN)?\d{2}-\d{4}\/[A-Z0-9]{1,4}$/,
  ISSN: /^(?:ISSN)?\d{4}-\d{3}[\dX]$/,
} as const;
const normalizeSerial = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** A credit figure: positive, at most 90 (a whole year's requirement), one decimal (seed: 53.6). */
const credits = (required: string) =>
  z.coerce
    .number({ message: required })
    .refine((n) => Number.isFinite(n) && n > 0, '获得继续教育学分须大于0')
    .refine((n) => n <= 90, '获得继续教育学分不能超过90')
    .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, '获得继续教育学分最多保留一位小数');

const minutes = z.coerce
  .number({ message: '请输入培训时长（分钟）' })
  .int('培训时长须为整数分钟')
  .min(1, '培训时长须大于0分钟')
  .max(60 * 24 * 31, '培训时长不能超过一个月');

/** The platform clock's "today" bounds every date: nothing is claimed for the future. */
export function ceSchemas(now: () => Date) {
  const date = (label: string, required: string) =>
    z
      .string({ message: required })
      .trim()
      .superRefine((v, ctx) => {
        let message: string | null = null;
        if (!v) message = required;
        else if (!isIsoDate(v)) message = `${label}格式不正确`;
        else if (v < EARLIEST_CE_DATE) message = `${label}不能早于${EARLIEST_CE_DATE}`;
        else if (v > chinaToday(now())) message = `${label}不能晚于今天`;
        if (message) ctx.addIssue({ code: 'custom', message });
      });
  const month = (label: string, required: string) =>
    z
      .string({ message: required })
      .trim()
      .superRefine((v, ctx) => {
        let message: string | null = null;
        if (!v) message = required;
        else if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) message = `${label}格式不正确`;
        else if (v < EARLIEST_CE_DATE.slice(0, 7)) message = `${label}不能早于${EARLIEST_CE_DATE.slice(0, 7)}`;
        else if (v > chinaToday(now()).slice(0, 7)) message = `${label}不能晚于本月`;
        if (message) ctx.addIssue({ code: 'custom', message });
      });
  const proof = { proofFileId: ref('请上传继续教育个人申请附件（PDF）') };
  const period = (start: string, end: string) => ({ startDate: date(`${start}`, `请选择${start}`), endDate: date(`${end}`, `请选择${end}`) });
  /** 结束时间 not before 开始时间, checked whenever both are dates. */
  const ordered = (start: string, end: string, startLabel: string, endLabel: string) => (raw: unknown, ctx: z.RefinementCtx) => {
    if (!isRecord(raw)) return;
    const a = str(raw[start]);
    const b = str(raw[end]);
    if (a && b && isIsoDate(a) && isIsoDate(b) && b < a) ctx.addIssue({ code: 'custom', path: [end], message: `${endLabel}不能早于${startLabel}` });
  };
  const rowsOf = <T extends z.ZodType>(row: T) =>
    z.array(row, { message: '请新增培训经历' }).min(1, '请新增培训经历，至少一条').max(50, '培训经历最多50条');

  const ZProfessionalRow = object({
    subjectType: z.enum(CE_SUBJECT_TYPES.map((t) => t.code) as [string, ...string[]], { message: '请选择专业科目类型' }),
    subjectName: text('请输入专业科目名称', 50, '专业科目名称'),
    subSubjectName: text('请输入专业科目子科目名称', 50, '专业科目子科目名称'),
    minutes,
    credits: credits('请输入获得继续教育学分'),
    content: text('请输入培训内容', 200, '培训内容'),
  });
  const ZPublicRow = object({ minutes, credits: credits('请输入获得继续教育学分'), content: text('请输入培训内容', 200, '培训内容') });

  const training = <F extends 'online_training' | 'offline_training'>(form: F) =>
    object({
      form: z.literal(form),
      ...period('培训开始时间', '培训结束时间'),
      institution: text('请输入培训机构名称', 100, '培训机构名称'),
      rows: rowsOf(ZProfessionalRow),
      ...proof,
    }).superRefine(ordered('startDate', 'endDate', '培训开始时间', '培训结束时间'), WHEN_OBJECT);

  const ZOnlineTraining = training('online_training');
  const ZOfflineTraining = training('offline_training');

  const ZPaper = object({
    form: z.literal('paper'),
    publishedOn: date('论文发表时间', '请选择论文发表时间'),
    title: text('请填写论文题目', 100, '论文题目'),
    authors: text('请填写论文作者', 100, '论文作者'),
    journal: text('请填写期刊名称', 50, '期刊名称'),
    issue: text('请填写期刊期数', 20, '期刊期数'),
    serialKind: z.enum(['CN', 'ISSN'], { message: '请选择期刊刊号类型（CN或ISSN）' }),
    serialNo: z.string({ message: '请填写期刊刊号' }).trim().min(1, '请填写期刊刊号').max(30, '期刊刊号不能超过30个字符').overwrite(normalizeSerial),
    authorRank: z.enum(CE_AUTHOR_RANKS.map((r) => r.code) as ['sole', 'first', 'other'], { message: '请选择作者位次' }),
    ...proof,
  }).superRefine((raw, ctx) => {
    if (!isRecord(raw)) return;
    const kind = raw.serialKind;
    const no = str(raw.serialNo);
    if ((kind === 'CN' || kind === 'ISSN') && no && !CE_SERIAL_PATTERNS[kind].test(normalizeSerial(no))) {
      ctx.addIssue({ code: 'custom', path: ['serialNo'], message: kind === 'CN' ? '国内统一刊号格式应为 CN 11-1234/F' : '国际标准刊号格式应为 ISSN 1234-567X' });
    }
  }, WHEN_OBJECT);

  const ZMeeting = object({
    form: z.literal('meeting'),
    ...period('会议开始时间', '会议结束时间'),
    days: z.coerce.number({ message: '请填写与会天数' }).int('与会天数须为整数').min(1, '与会天数至少为1天').max(31, '与会天数不能超过31天'),
    place: text('请填写会议地点', 100, '会议地点'),
    content: text('请填写会议内容', 500, '会议内容'),
    ...proof,
  })
    .superRefine(ordered('startDate', 'endDate', '会议开始时间', '会议结束时间'), WHEN_OBJECT)
    .superRefine((raw, ctx) => {
      if (!isRecord(raw)) return;
      const a = str(raw.startDate);
      const b = str(raw.endDate);
      const days = Number(raw.days);
      if (!a || !b || !isIsoDate(a) || !isIsoDate(b) || b < a || !Number.isInteger(days)) return;
      const span = Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
      if (days > span) ctx.addIssue({ code: 'custom', path: ['days'], message: `与会天数不能超过会议天数（${span}天）` });
    }, WHEN_OBJECT);

  const ZBook = object({
    form: z.literal('book'),
    publishedMonth: month('著作出版年月', '请选择著作出版年月'),
    name: text('请填写著作名称', 100, '著作名称'),
    authors: text('请填写著作作者', 100, '著作作者'),
    authorRank: z.enum(CE_AUTHOR_RANKS.map((r) => r.code) as ['sole', 'first', 'other'], { message: '请选择作者位次' }),
    publisher: text('请填写出版社全称', 100, '出版社'),
    isbn: z
      .string({ message: '请填写书号' })
      .trim()
      .min(1, '请填写书号')
      .max(30, '书号不能超过30个字符')
      .refine(checkIsbn, '书号不正确，请按图书版权页的ISBN填写（如 978-7-5095-1234-5）'),
    ...proof,
  });

  const ZExam = object({
    form: z.literal('exam'),
    examType: z.enum(CE_EXAM_TYPES.map((t) => t.code) as [string, ...string[]], { message: '请选择考试类型' }),
    subject: z.string({ message: '请选择考试科目' }).trim().min(1, '请选择考试科目').max(30, '请选择考试科目'),
    examDate: date('考试时间', '请选择考试时间'),
    score: text('请填写考试成绩', 10, '考试成绩'),
    ...proof,
  }).superRefine((raw, ctx) => {
    if (!isRecord(raw)) return;
    const type = CE_EXAM_TYPES.find((t) => t.code === raw.examType);
    const subject = str(raw.subject);
    if (type && subject && !(type.subjects as readonly string[]).includes(subject)) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: `请选择${type.name}的考试科目` });
    }
  }, WHEN_OBJECT);

  const ZDegree = object({
    form: z.literal('degree'),
    enrolledOn: date('入学时间', '请选择入学时间'),
    passedOn: date('成绩合格时间', '请选择成绩合格时间'),
    school: text('请填写所在院校', 60, '所在院校'),
    major: text('请填写所学专业', 50, '所学专业'),
    course: text('请填写所学课程', 50, '所学课程'),
    courseScore: text('请填写课程成绩', 10, '课程成绩'),
    education: z.enum(CE_EDUCATION_LEVELS.map((e) => e.code) as [string, ...string[]], { message: '请选择学历' }),
    ...proof,
  }).superRefine(ordered('enrolledOn', 'passedOn', '入学时间', '成绩合格时间'), WHEN_OBJECT);

  const ZProject = object({
    form: z.literal('project'),
    finishedOn: date('结项时间', '请选择结项时间'),
    startedOn: date('立项时间', '请选择立项时间'),
    name: text('请填写课题名称', 100, '课题名称'),
    number: text('请填写课题编号', 50, '课题编号'),
    sponsor: text('请填写课题委托单位', 100, '课题委托单位'),
    undertaker: text('请填写课题承接人', 50, '课题承接人'),
    independent: z.boolean({ message: '请选择是否独立承担' }),
    host: z.boolean({ message: '请选择是否主持' }).nullable().default(null),
    ...proof,
  })
    .superRefine(ordered('startedOn', 'finishedOn', '立项时间', '结项时间'), WHEN_OBJECT)
    .superRefine((raw, ctx) => {
      if (!isRecord(raw)) return;
      if (raw.independent === false && typeof raw.host !== 'boolean') ctx.addIssue({ code: 'custom', path: ['host'], message: '请选择是否主持' });
    }, WHEN_OBJECT)
    // 是否主持 is asked only when the project was not carried alone.
    .transform((v) => ({ ...v, host: v.independent ? null : v.host }));

  const ZPublic = object({
    form: z.literal('public'),
    ...period('培训开始时间', '培训结束时间'),
    unitName: text('请输入培训单位名称', 100, '培训单位名称'),
    rows: rowsOf(ZPublicRow),
    ...proof,
  }).superRefine(ordered('startDate', 'endDate', '培训开始时间', '培训结束时间'), WHEN_OBJECT);

  const ZCeApplication = z.discriminatedUnion('form', [ZOnlineTraining, ZOfflineTraining, ZPaper, ZMeeting, ZBook, ZExam, ZDegree, ZProject, ZPublic], {
    error: (iss) => (iss.input === undefined || isRecord(iss.input) ? '请选择继续教育形式' : '请求内容格式不正确'),
  });

  return { ZCeApplication, ZOnlineTraining, ZOfflineTraining, ZPaper, ZMeeting, ZBook, ZExam, ZDegree, ZProject, ZPublic, ZProfessionalRow, ZPublicRow };
}

type Schemas = ReturnType<typeof ceSchemas>;
export type TCeApplication = z.output<Schemas['ZCeApplication']>;

/** A province's figures for a year as its staff set them (console). */
export const ZCeYearSettingInput = z
  .object(
    {
      requiredTotal: z.coerce.number({ message: '请填写年度总学分要求' }).int('年度总学分要求须为整数').min(1, '年度总学分要求至少为1').max(300, '年度总学分要求不能超过300'),
      professionalMin: z.coerce.number({ message: '请填写专业科目学分要求' }).int('专业科目学分要求须为整数').min(0, '专业科目学分要求不能为负').max(300, '专业科目学分要求不能超过300'),
      minutesPerCredit: z.coerce.number({ message: '请填写每学分培训分钟数' }).int('每学分培训分钟数须为整数').min(10, '每学分培训分钟数至少为10').max(120, '每学分培训分钟数不能超过120'),
      closesOn: z.string({ message: '请选择截止登记日期' }).trim().refine(isIsoDate, '截止登记日期格式不正确'),
    },
    { message: '请求内容格式不正确' },
  )
  .superRefine((raw, ctx) => {
    if (typeof raw.professionalMin === 'number' && typeof raw.requiredTotal === 'number' && raw.professionalMin > raw.requiredTotal) {
      ctx.addIssue({ code: 'custom', path: ['professionalMin'], message: '专业科目学分要求不能超过年度总学分要求' });
    }
  });
export type TCeYearSettingInput = z.output<typeof ZCeYearSettingInput>;
