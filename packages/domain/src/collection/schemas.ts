import { z } from '../zod';
import {
  ZAccountingPosition,
  ZAccountingPost,
  ZCollectionScope,
  ZDegree,
  ZEducationLevel,
  ZEthnicity,
  ZIndustry,
  ZPoliticalStatus,
  ZPostLevel,
  ZStudyMode,
  ZUnitType,
} from './code-enums';
import { chinaToday, EARLIEST_COLLECTION_DATE, isIsoDate, periodsOverlap } from './dates';
import { checkUscc, normalizeUscc } from './uscc';

// Request schemas of the 信息采集 wizard (docs/collection.md), shared by the form and the server.
// Every field has its own Chinese message; the rules that compare fields run in an object refinement
// that reads the raw input defensively, because it also runs when some field already failed (so the
// form shows every message at once).

const TOO_LONG = '输入内容过长';
const NOT_AN_OBJECT = '请求内容格式不正确';
const BAD_ATTACHMENTS = '附件格式不正确';
const OUTSIDE_WORK = '会计工作时间应在本单位工作时间之内';
// As in schemas/account.ts: run object refinements whenever the input is an object at all.
const WHEN_OBJECT = {
  when: (payload: { value: unknown }) => isRecord(payload.value),
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object schema whose own message (a body that is not an object) is Chinese too. */
const object = <T extends z.ZodRawShape>(shape: T, message = NOT_AN_OBJECT) => z.object(shape, { message });

/** Blank optional input (absent, null, '' or spaces) becomes null, the one way a value is "not given". */
const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable());

/**
 * Markup and control characters: no school, unit or address is written with < or >, and text that
 * holds them was pasted from a web page or written to attack one (issue 17: an import took HTML names).
 */
const MARKUP = /[<>\p{Cc}]/u;

/** Required text, trimmed, at most `max` characters counted as code points (rare characters count as one). */
const text = (required: string, max: number, label: string) =>
  z
    .string({ message: required })
    .trim()
    .min(1, required)
    .refine((v) => [...v].length <= max, `${label}不能超过${max}个字`)
    .refine((v) => !MARKUP.test(v), `${label}不能包含“<”“>”等特殊字符`);

/** The id of an uploaded file or of a region: an opaque string. */
const ref = (message: string) => z.string({ message }).trim().min(1, message).max(64, TOO_LONG);

/** The field builders above, for other services' forms (属地关系调转) that ask for the same kinds of input. */
export const fieldSchemas = { object, optional, text, ref, markup: MARKUP };

/** Attachment slots (see rules.ts) → file ids. Slots cleared in the form (null or '') are dropped. */
const attachments = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return {};
    if (!isRecord(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([, id]) => blankToNull(id) !== null));
  },
  z
    .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, BAD_ATTACHMENTS), z.string({ message: BAD_ATTACHMENTS }).trim().min(1).max(64, BAD_ATTACHMENTS), {
      message: BAD_ATTACHMENTS,
    })
    .refine((r) => Object.keys(r).length <= 20, BAD_ATTACHMENTS),
);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
/** A valid date string from raw input, else undefined (the field reports its own problem). */
const dateOf = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && isIsoDate(s) ? s : undefined;
};
/** A valid end date, null for 至今, undefined when the field is missing or wrong. */
const endOf = (v: unknown): string | null | undefined => (v === null ? null : dateOf(v));

/**
 * Request schemas of the collection pages. `now` is the platform clock: "today" is now() as a China
 * calendar date, and no date may be after it.
 */
export function collectionSchemas(now: () => Date) {
  /** A `YYYY-MM-DD` date between 1950-01-01 (or `earliest`) and today. */
  const date = (label: string, required: string, earliest = EARLIEST_COLLECTION_DATE) =>
    z
      .string({ message: required })
      .trim()
      .superRefine((v, ctx) => {
        let message: string | null = null;
        if (!v) message = required;
        else if (!isIsoDate(v)) message = `${label}格式不正确`;
        else if (v < earliest) message = `${label}不能早于${earliest}`;
        else if (v > chinaToday(now())) message = `${label}不能晚于今天`;
        if (message) ctx.addIssue({ code: 'custom', message });
      });
  /** An end date: a date, or null for 至今. Absent or '' is "not chosen", not 至今. */
  const endDate = (label: string, required: string) => date(label, required).nullable();

  // A city without counties (东莞市, 中山市, 嘉峪关市 …) is a whole address: the county may be empty;
  // the server, which knows the tree, asks for it where the city has counties.
  const address = (required: string) =>
    object({ provinceId: ref(required), cityId: ref(required), countyId: optional(ref(required)) }, required);

  const ZScopeRequest = object({ scope: ZCollectionScope });

  const ZBasicInfoRequest = object({
    photoFileId: ref('请上传照片'),
    politicalStatus: ZPoliticalStatus,
    ethnicity: ZEthnicity,
    email: optional(z.string().trim().max(100, '邮箱不能超过100个字符').pipe(z.email('请输入正确的邮箱'))),
    address: address('请选择通讯地址').extend({ detail: text('请输入详细地址', 100, '详细地址') }),
    postalCode: optional(z.string().trim().regex(/^\d{6}$/, '邮政编码应为6位数字')),
    // 港澳台居民居住证 / 外国人永久居留身份证 (seed 003 §3.3), for people registered with a permit or passport.
    residencePermitNo: optional(
      z
        .string()
        .overwrite((v) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
        .max(30, '居住证号码不能超过30个字符'),
    ),
    // Only for non-mainland IDs: a mainland ID number carries both (deriveFromMainlandId).
    sex: optional(z.enum(['male', 'female'], { message: '请选择性别' })),
    birthDate: optional(date('出生日期', '请选择出生日期', '1900-01-01')),
    idProofFrontFileId: optional(ref('请上传身份证明正面')),
    idProofBackFileId: optional(ref('请上传身份证明背面')),
  });

  const ZEducationRequest = object({
    studyMode: ZStudyMode,
    school: text('请输入学校名称', 60, '学校名称'),
    startDate: date('入学时间', '请选择入学时间'),
    endDate: endDate('毕业时间', '请选择毕业时间'),
    educationLevel: ZEducationLevel,
    diplomaNo: optional(z.string().trim().max(40, '学历证书编号不能超过40个字符').refine((v) => !MARKUP.test(v), '学历证书编号不能包含“<”“>”等特殊字符')),
    degree: ZDegree,
    degreeNo: optional(z.string().trim().max(40, '学位证书编号不能超过40个字符').refine((v) => !MARKUP.test(v), '学位证书编号不能包含“<”“>”等特殊字符')),
    major: text('请选择所学专业', 50, '所学专业'),
    attachments,
  }).superRefine((raw: unknown, ctx) => {
    if (!isRecord(raw)) return;
    const start = dateOf(raw.startDate);
    const end = endOf(raw.endDate);
    if (start && end && end < start) ctx.addIssue({ code: 'custom', path: ['endDate'], message: '毕业时间不能早于入学时间' });
    // 在校生 (至今) hold no certificate yet; 初中及以下 may hold none at all (seed 000 §3.3 提示).
    const graduated = raw.endDate !== null;
    const level = ZEducationLevel.safeParse(raw.educationLevel);
    if (graduated && level.success && level.data !== 'junior_high' && !str(raw.diplomaNo)) {
      ctx.addIssue({ code: 'custom', path: ['diplomaNo'], message: '请输入学历证书编号' });
    }
    const degree = ZDegree.safeParse(raw.degree);
    if (graduated && degree.success && degree.data !== 'none' && !str(raw.degreeNo)) {
      ctx.addIssue({ code: 'custom', path: ['degreeNo'], message: '请输入学位证书编号' });
    }
  }, WHEN_OBJECT);

  const ZAccountingExperience = object({
    postLevel: ZPostLevel,
    position: ZAccountingPosition,
    startDate: date('会计工作开始时间', '请选择会计工作开始时间'),
    endDate: endDate('会计工作结束时间', '请选择会计工作结束时间'),
  }).superRefine((raw: unknown, ctx) => {
    if (!isRecord(raw)) return;
    const start = dateOf(raw.startDate);
    const end = endOf(raw.endDate);
    if (start && end && end < start) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: '会计工作结束时间不能早于会计工作开始时间' });
    }
  }, WHEN_OBJECT);

  const ZWorkRequest = object({
    startDate: date('工作开始时间', '请选择工作开始时间'),
    endDate: endDate('工作结束时间', '请选择工作结束时间'),
    unitName: text('请输入单位名称', 100, '单位名称'),
    uscc: z
      .string({ message: '请输入统一社会信用代码' })
      .max(40, TOO_LONG)
      .overwrite(normalizeUscc)
      .superRefine((v, ctx) => {
        const message = checkUscc(v);
        if (message) ctx.addIssue({ code: 'custom', message });
      }),
    unitType: ZUnitType,
    industry: ZIndustry,
    address: address('请选择工作单位地址').extend({
      detail: optional(
        z
          .string()
          .trim()
          .refine((v) => [...v].length <= 100, '详细地址不能超过100个字')
          .refine((v) => !MARKUP.test(v), '详细地址不能包含“<”“>”等特殊字符'),
      ),
    }),
    phone: optional(
      z
        .string()
        .trim()
        .max(20, '请输入正确的电话号码')
        .regex(/^\d(?:[\d-]*\d)?$/, '请输入正确的电话号码'),
    ),
    hasAccountingExperience: z.boolean({ message: '请选择是否有会计工作经历' }),
    experiences: z
      .array(ZAccountingExperience, { message: '会计工作经历格式不正确' })
      .max(20, '本单位会计工作经历最多20条')
      .default([]),
    accountingPost: optional(ZAccountingPost),
    appointmentDate: optional(date('会计专业职务聘任时间', '请选择会计专业职务聘任时间')),
    attachments,
  }).superRefine((raw: unknown, ctx) => {
    if (!isRecord(raw)) return;
    const start = dateOf(raw.startDate);
    const end = endOf(raw.endDate);
    if (start && end && end < start) ctx.addIssue({ code: 'custom', path: ['endDate'], message: '工作结束时间不能早于工作开始时间' });

    // 会计工作经历 rows count only when the person says there are some (seed 000 §3.4).
    if (raw.hasAccountingExperience === true) {
      const rows = Array.isArray(raw.experiences) ? raw.experiences : [];
      if (rows.length === 0) ctx.addIssue({ code: 'custom', path: ['experiences'], message: '请新增本单位会计工作经历' });
      const today = chinaToday(now());
      const periods: ({ startDate: string; endDate: string | null } | null)[] = rows.map((row) => {
        if (!isRecord(row)) return null;
        const s = dateOf(row.startDate);
        const e = endOf(row.endDate);
        return s && e !== undefined && (e === null || e >= s) ? { startDate: s, endDate: e } : null;
      });
      periods.forEach((p, i) => {
        if (!p) return;
        // Within the work period: a row may not start before it, nor run on (or stay 至今) after it ended.
        if (start && p.startDate < start) ctx.addIssue({ code: 'custom', path: ['experiences', i, 'startDate'], message: OUTSIDE_WORK });
        if (end && (p.endDate === null || p.endDate > end)) {
          ctx.addIssue({ code: 'custom', path: ['experiences', i, 'endDate'], message: OUTSIDE_WORK });
        }
        // Rows do not overlap one another; the later row of a pair carries the message.
        if (periods.slice(0, i).some((q) => q && periodsOverlap(p, q, today))) {
          ctx.addIssue({ code: 'custom', path: ['experiences', i, 'startDate'], message: '会计工作经历时间不能重叠' });
        }
      });
    }

    // 会计专业职务 is optional; once chosen it needs its 聘任时间, not before the work began (seed 000 §3.4).
    const post = ZAccountingPost.safeParse(blankToNull(raw.accountingPost));
    const appointed = blankToNull(raw.appointmentDate);
    if (post.success && appointed === null) {
      ctx.addIssue({ code: 'custom', path: ['appointmentDate'], message: '请选择会计专业职务聘任时间' });
    }
    const appointment = dateOf(appointed);
    if (appointment && start && appointment < start) {
      ctx.addIssue({ code: 'custom', path: ['appointmentDate'], message: '会计专业职务聘任时间不能早于工作开始时间' });
    }
  }, WHEN_OBJECT);

  const ZAuthorityRequest = object({
    provinceId: ref('请选择会计管理部门所在省'),
    cityId: ref('请选择会计管理部门所在市'),
    // A province's or a city's own department has no county.
    countyId: optional(ref('请选择会计管理部门所在区县')),
  });

  const ZSubmitRequest = object({
    promise: z.literal(true, { message: '请勾选承诺所提供信息真实有效' }),
  });

  return { ZScopeRequest, ZBasicInfoRequest, ZEducationRequest, ZWorkRequest, ZAuthorityRequest, ZSubmitRequest };
}

type Schemas = ReturnType<typeof collectionSchemas>;
export type TScopeRequest = z.output<Schemas['ZScopeRequest']>;
export type TBasicInfoRequest = z.output<Schemas['ZBasicInfoRequest']>;
export type TEducationRequest = z.output<Schemas['ZEducationRequest']>;
export type TWorkRequest = z.output<Schemas['ZWorkRequest']>;
export type TAccountingExperience = TWorkRequest['experiences'][number];
export type TAuthorityRequest = z.output<Schemas['ZAuthorityRequest']>;
export type TSubmitRequest = z.output<Schemas['ZSubmitRequest']>;
