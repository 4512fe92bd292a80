import { z } from '../zod';
import { chinaToday, isIsoDate } from '../collection/dates';
import { fieldSchemas } from '../collection/schemas';
import { UPLOAD_RULES } from '../uploads';

// 会计职称管理 (seed 003 §7, seed 001 §6; issue 24): 会计专业技术资格 and 其他专业技术人员职业资格, their
// code tables, forms and list states. Read by the portal's forms and by the server (modules/title).

const { object, optional, text, ref } = fieldSchemas;

/** 级别 of 会计专业技术资格 (成绩级别 / 资格级别): the exam's three levels. */
export const TITLE_QUALIFICATION_LEVELS = [
  { code: 'junior', name: '初级' },
  { code: 'intermediate', name: '中级' },
  { code: 'senior', name: '高级' },
] as const;
export type TitleQualificationLevel = (typeof TITLE_QUALIFICATION_LEVELS)[number]['code'];

/** 获取方式 of the qualification. */
export const TITLE_QUALIFICATION_METHODS = [
  { code: 'exam', name: '考试' },
  { code: 'exam_review', name: '考评结合' },
  { code: 'recognition', name: '认定' },
] as const;
export type TitleQualificationMethod = (typeof TITLE_QUALIFICATION_METHODS)[number]['code'];

/** 职称层级 (GLOSSARY: 初级→助理会计师, 中级→会计师, 高级→高级会计师; 正高级会计师 by 评审 only). */
export const TITLE_RANKS = [
  { code: 'assistant', name: '助理会计师', level: 'junior' },
  { code: 'accountant', name: '会计师', level: 'intermediate' },
  { code: 'senior', name: '高级会计师', level: 'senior' },
  { code: 'professor', name: '正高级会计师', level: null },
] as const;
export type TitleRank = (typeof TITLE_RANKS)[number]['code'];

/** 取得方式 of the title. */
export const TITLE_METHODS = [
  { code: 'exam', name: '考试' },
  { code: 'review', name: '评审' },
  { code: 'recognition', name: '认定' },
] as const;
export type TitleMethod = (typeof TITLE_METHODS)[number]['code'];

const nameIn = (table: ReadonlyArray<{ code: string; name: string }>, code: string | null | undefined) => (code ? (table.find((x) => x.code === code)?.name ?? code) : '');
export const titleLevelName = (code: string | null | undefined) => nameIn(TITLE_QUALIFICATION_LEVELS, code);
export const titleRankName = (code: string | null | undefined) => nameIn(TITLE_RANKS, code);
export const titleQualificationMethodName = (code: string | null | undefined) => nameIn(TITLE_QUALIFICATION_METHODS, code);
export const titleMethodName = (code: string | null | undefined) => nameIn(TITLE_METHODS, code);

/**
 * seed 003 §7.1: choosing 初级 or 中级 as 级别 preselects 资格级别 and the 职称层级 助理会计师 or 会计师
 * (高级 likewise 高级会计师, the GLOSSARY's mapping); the person may still change the 职称层级.
 */
export function presetForLevel(level: TitleQualificationLevel): { qualificationLevel: TitleQualificationLevel; rank: TitleRank } {
  const rank = TITLE_RANKS.find((r) => r.level === level)!.code;
  return { qualificationLevel: level, rank };
}

/** 正高级会计师: seed 003 §7.1 "成绩和资格信息可以不填写，只填写职称信息即可". */
export const qualificationPartRequired = (rank: string | null | undefined) => rank !== 'professor';

/** The seed's attachment rule (003 §7.1 and §7.2): the platform's `proof` upload purpose. */
export const TITLE_PROOF_RULE = UPLOAD_RULES.proof;

/** 其他专业技术人员职业资格类型 (seed 003 §7.2): the first three have a 级别, the last three none. */
export const OTHER_QUALIFICATION_TYPES = [
  { code: 'economics', name: '经济专业技术资格', hasLevel: true },
  { code: 'audit', name: '审计专业技术资格', hasLevel: true },
  { code: 'statistics', name: '统计专业技术资格', hasLevel: true },
  { code: 'cpa', name: '注册会计师', hasLevel: false },
  { code: 'appraiser', name: '资产评估师', hasLevel: false },
  { code: 'tax_advisor', name: '税务师', hasLevel: false },
] as const;
export type OtherQualificationType = (typeof OTHER_QUALIFICATION_TYPES)[number]['code'];
export const otherTypeHasLevel = (type: string | null | undefined) => OTHER_QUALIFICATION_TYPES.some((t) => t.code === type && t.hasLevel);
export const otherTypeName = (code: string | null | undefined) => nameIn(OTHER_QUALIFICATION_TYPES, code);

/** 专业技术资格级别 of the first three types. */
export const OTHER_QUALIFICATION_LEVELS = TITLE_QUALIFICATION_LEVELS;

/**
 * 采集范围（五） and the 中级 exam: a 中级 (or higher) in 经济, 统计 or 审计 counts (财会〔2018〕… the exam's
 * 报名条件; issue 24). The one place this rule lives; the exam eligibility facts read it.
 */
export function countsForIntermediateExam(q: { type: string; level: string | null }): boolean {
  return (q.type === 'economics' || q.type === 'statistics' || q.type === 'audit') && (q.level === 'intermediate' || q.level === 'senior');
}

// ---- states ----

/** A row's source: 系统记录 (the national records, 自动获取) or 人工审核 (entered by the person, reviewed). */
export const TITLE_SOURCES = { system: '系统记录', manual: '人工审核' } as const;
export type TitleSource = keyof typeof TITLE_SOURCES;

/** 职称状态 / 资格状态 of a row. */
export const TITLE_STATUSES = { pending: '人工审核', approved: '已获取', rejected: '审核未通过', withdrawn: '已撤回' } as const;
export type TitleStatus = keyof typeof TITLE_STATUSES;
/** 资格状态 of 其他专业技术人员职业资格 (seed 003 §7.2 shows 资格通过). */
export const OTHER_STATUSES = { pending: '人工审核', approved: '资格通过', rejected: '审核未通过', withdrawn: '已撤回' } as const;

export const TITLE_MESSAGES = {
  fetched: '获取更新成功',
  // seed 003 §7.1 (its "通新增" is a typo of "通过新增").
  none: '未获取到数据，您可以通过新增会计专业技术资格录入',
  unavailable: '全国会计资格职称库暂时无法访问，请稍后再试',
  collection: '请先完成信息采集并通过审核后再进行会计职称管理',
  systemRow: '系统记录的资格信息不能编辑或删除',
  pending: '该记录正在审核中，请等待审核完成',
} as const;

// ---- the forms ----

function dateField(label: string, required: string, now: () => Date) {
  return z
    .string({ message: required })
    .trim()
    .superRefine((v, ctx) => {
      let message: string | null = null;
      if (!v) message = required;
      else if (!isIsoDate(v)) message = `${label}格式不正确`;
      else if (v < '1980-01-01') message = `${label}不能早于1980-01-01`;
      else if (v > chinaToday(now())) message = `${label}不能晚于今天`;
      if (message) ctx.addIssue({ code: 'custom', message });
    });
}

const certNo = (required: string) =>
  z
    .string({ message: required })
    .trim()
    .min(1, required)
    .max(50, '证书号或批文文号不能超过50个字符')
    .regex(/^[0-9A-Za-z\u4e00-\u9fa5〔〕（）()\[\]【】\-—第号字]+$/u, '证书号或批文文号只能包含汉字、字母、数字和括号');

/** 新增会计专业技术资格 (seed 003 §7.1) and 其他专业技术人员职业资格 (§7.2); `now` bounds the dates. */
export function titleSchemas(now: () => Date) {
  const level = z.enum(['junior', 'intermediate', 'senior'], { message: '请选择级别' });
  const ZAccountingTitleRequest = object({
    // 会计专业技术资格: required unless the 职称层级 is 正高级会计师 (checked below).
    level: optional(level),
    qualificationMethod: optional(z.enum(['exam', 'exam_review', 'recognition'], { message: '请选择获取方式' })),
    passDate: optional(dateField('通过时间', '请选择通过时间', now)),
    qualificationCertificateNo: optional(certNo('请输入证书号或批文文号')),
    // 会计职称
    rank: z.enum(['assistant', 'accountant', 'senior', 'professor'], { message: '请选择职称层级' }),
    titleMethod: z.enum(['exam', 'review', 'recognition'], { message: '请选择取得方式' }),
    titleCertificateNo: certNo('请输入会计职称证书号或批文文号'),
    proofFileId: ref('请上传会计专业技术资格证书或高评委评审通过证明文件'),
  }).superRefine((v, ctx) => {
    if (!qualificationPartRequired(v.rank)) return;
    if (!v.level) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: '请选择级别' });
      return;
    }
    // A 职称层级 above the qualification's 级别 has nothing to stand on (会计师 needs 中级).
    const rankLevel = TITLE_RANKS.find((r) => r.code === v.rank)!.level!;
    const order = ['junior', 'intermediate', 'senior'];
    if (order.indexOf(rankLevel) > order.indexOf(v.level)) {
      ctx.addIssue({ code: 'custom', path: ['rank'], message: `职称层级不能高于资格级别（${titleLevelName(v.level)}）` });
    }
  });

  const ZOtherQualificationRequest = object({
    type: z.enum(['economics', 'audit', 'statistics', 'cpa', 'appraiser', 'tax_advisor'], { message: '请选择专业技术职业资格类型' }),
    level: optional(level),
    obtainedAt: dateField('取得时间', '请选择取得时间', now),
    certificateNo: certNo('请输入证书号或批文文号'),
    // seed 003 §7.2 shows 上传证明附件 without the asterisk: optional, and the reviewer sees whether one came.
    proofFileId: optional(ref('请上传证明附件')),
  }).superRefine((v, ctx) => {
    // seed 003 §7.2: for the first three types the 级别 shows and is required; for the last three it is not shown.
    if (otherTypeHasLevel(v.type) && !v.level) ctx.addIssue({ code: 'custom', path: ['level'], message: '请选择专业技术职业资格级别' });
  });

  return {
    ZAccountingTitleRequest,
    ZOtherQualificationRequest: ZOtherQualificationRequest.transform((v) => ({ ...v, level: otherTypeHasLevel(v.type) ? v.level : null })),
  };
}

type Schemas = ReturnType<typeof titleSchemas>;
export type TAccountingTitleRequest = z.output<Schemas['ZAccountingTitleRequest']>;
export type TOtherQualificationRequest = z.output<Schemas['ZOtherQualificationRequest']>;

/** One row of 会计专业技术资格 as GET /api/titles answers it; `D` a Date on the server, a string in the browser. */
export type AccountingTitleRecord<D = string> = {
  id: string;
  source: TitleSource;
  sourceLabel: string;
  status: TitleStatus;
  statusLabel: string;
  level: TitleQualificationLevel | null;
  levelLabel: string;
  qualificationMethod: TitleQualificationMethod | null;
  qualificationMethodLabel: string;
  passDate: string | null;
  qualificationCertificateNo: string | null;
  rank: TitleRank;
  rankLabel: string;
  titleMethod: TitleMethod;
  titleMethodLabel: string;
  titleCertificateNo: string;
  /** The reviewing authority of a manual row ('' for a system row). */
  authorityName: string;
  proofFileId: string | null;
  opinion: string | null;
  /** The open review item, for 撤回. */
  openReviewItemId: string | null;
  /** The person may 编辑 / 删除 it (a manual row not in review). */
  editable: boolean;
  updatedAt: D;
};

/** One row of 其他专业技术人员职业资格. */
export type OtherQualificationRecord<D = string> = {
  id: string;
  status: TitleStatus;
  statusLabel: string;
  type: OtherQualificationType;
  typeLabel: string;
  level: TitleQualificationLevel | null;
  levelLabel: string;
  obtainedAt: string;
  certificateNo: string;
  /** 部门: the authority that reviewed it. */
  authorityName: string;
  proofFileId: string | null;
  opinion: string | null;
  openReviewItemId: string | null;
  editable: boolean;
  updatedAt: D;
};
