import { parseMainlandId } from '../id-number';
import { COLLECTION_SCOPES, educationRank } from './codes';
import { periodsOverlap, type Period } from './dates';

export { chinaToday } from './dates';

// The rules of 信息采集 beyond a single request: which attachments a record needs, what the chosen
// scope demands at submission, and the checks that need a person's other records. Shapes are the
// request types' (TEducationRequest, TWorkRequest) loosened to strings, so a stored row fits too.

/** The national degree check (学信网) of an education record, as the server records it. */
export type DegreeCheck = 'verified' | 'failed' | 'unavailable' | 'not_applicable' | 'unchecked';

export type AttachmentSlot = { key: string; label: string; purpose: 'proof'; required: boolean };

const slot = (key: string, label: string, required: boolean): AttachmentSlot => ({ key, label, purpose: 'proof', required });

const RANK_JUNIOR_COLLEGE = educationRank('junior_college');
const RANK_BACHELOR = educationRank('bachelor');
const RANK_HIGH_SCHOOL = educationRank('high_school');

type EducationShape = { studyMode: string; educationLevel: string; endDate: string | null; degree: string };

/**
 * 大专 and above, finished, studied in China: checked against the national degree database first
 * (seed 003 §3.4), so certificates are asked for only when that did not verify the record.
 */
export function needsDegreeCheck(record: EducationShape): boolean {
  return educationRank(record.educationLevel) >= RANK_JUNIOR_COLLEGE && record.endDate !== null && record.studyMode !== 'abroad';
}

/**
 * The attachments an education record needs (seed 000 §3.3, 001 §3.3, 003 §3.4):
 * - 在校生 (毕业时间 至今): only 在校生证明 (学生证), required; no certificate exists yet.
 * - below 大专: 学历证书, required (optional for 初中及以下, which may have no certificate at all).
 * - 大专 and above in China: 学历证书 and, with a degree, 学位证书; required only when the degree check
 *   failed or could not answer (or does not apply), shown optional while unchecked or once verified.
 * - 境外留学 at 本科 and above: 教育部留学服务中心认证书, required; it stands in for the degree check, so
 *   the certificates are optional. 境外 大专 cannot be checked: certificates required.
 * - scope 三 (初级 candidates): the 学历证书 is an original photo (原件照片); on a 高中 record it is required.
 */
export function educationAttachmentSlots(
  record: EducationShape,
  ctx: { degreeCheck: DegreeCheck; scope: string | null },
): AttachmentSlot[] {
  if (record.endDate === null) return [slot('student_card', '在校生证明(学生证)', true)];
  const juniorExam = ctx.scope === 'junior_exam_candidate';
  const diplomaLabel = juniorExam ? '学历证书(原件照片)' : '学历证书';
  const rank = educationRank(record.educationLevel);
  if (rank < RANK_JUNIOR_COLLEGE) {
    return [slot('diploma', diplomaLabel, record.educationLevel !== 'junior_high')];
  }
  const abroad = record.studyMode === 'abroad';
  let certificatesRequired: boolean;
  if (abroad) certificatesRequired = rank < RANK_BACHELOR;
  else certificatesRequired = !(ctx.degreeCheck === 'verified' || ctx.degreeCheck === 'unchecked');
  const slots = [slot('diploma', diplomaLabel, certificatesRequired)];
  if (record.degree !== 'none') slots.push(slot('degree', '学位证书', certificatesRequired));
  if (abroad && rank >= RANK_BACHELOR) slots.push(slot('abroad', '教育部留学服务中心认证书', true));
  return slots;
}

type WorkShape = { endDate: string | null; hasAccountingExperience: boolean; accountingPost?: string | null };

/**
 * The attachments a work record needs (seed 000 §3.4, 001 §3.4): 统一社会信用代码证 (required while the
 * work goes on, 至今), always 劳动合同、工作证明或社会保险缴纳证明, 会计工作经历证明 with 会计工作经历, and
 * 会计专业职务聘任文件或证明 with a 会计专业职务.
 */
export function workAttachmentSlots(record: WorkShape): AttachmentSlot[] {
  const slots = [slot('uscc', '统一社会信用代码证', record.endDate === null), slot('employment', '劳动合同、工作证明或社会保险缴纳证明', true)];
  if (record.hasAccountingExperience) slots.push(slot('experience', '会计工作经历证明', true));
  if (record.accountingPost) slots.push(slot('appointment', '会计专业职务聘任文件或证明', true));
  return slots;
}

/** `{ 'attachments.<key>': '请上传<label>' }` for each required slot without a file; {} when complete. */
export function missingAttachments(slots: readonly AttachmentSlot[], attachments: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of slots) if (s.required && !attachments[s.key]) out[`attachments.${s.key}`] = `请上传${s.label}`;
  return out;
}

/** The attachment keys that are no slot of the record (left over from an earlier choice); the server drops them. */
export function unknownAttachments(slots: readonly AttachmentSlot[], attachments: Readonly<Record<string, string>>): string[] {
  const keys = new Set(slots.map((s) => s.key));
  return Object.keys(attachments).filter((k) => !keys.has(k));
}

/** The attachments that belong to a slot of the record, the others left out. */
export function slotAttachments(slots: readonly AttachmentSlot[], attachments: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of slots) if (attachments[s.key]) out[s.key] = attachments[s.key]!;
  return out;
}

/** The message for two work records of one person whose periods overlap. */
export const WORK_OVERLAP_MESSAGE = '工作经历时间不能重叠';

/**
 * The first pair of work records whose periods share a day, or null. A 至今 record runs to `today`;
 * ending one job and starting the next on the same day counts as an overlap. A record without an id is
 * named by its index in `records` (as a string).
 */
export function workOverlaps(records: readonly (Period & { id?: string })[], today: string): [string, string] | null {
  for (let j = 1; j < records.length; j++) {
    for (let i = 0; i < j; i++) {
      if (periodsOverlap(records[i]!, records[j]!, today)) return [records[i]!.id ?? String(i), records[j]!.id ?? String(j)];
    }
  }
  return null;
}

/** docs/collection.md names it in the singular. */
export const workOverlap = workOverlaps;

/**
 * seed 001 §3.4: 会计专业职务聘任时间不能早于资格取得时间. Pass the dates the person obtained the
 * qualifications that lead to the post (初级 → 助理会计师, 中级 → 会计师, …); the earliest counts. No
 * dates (会计员, or nothing found in the national records): nothing to compare, null.
 */
export function appointmentBeforeQualification(appointmentDate: string, qualificationDates: readonly string[]): string | null {
  if (qualificationDates.length === 0) return null;
  const earliest = [...qualificationDates].sort()[0]!;
  return appointmentDate < earliest ? '会计专业职务聘任时间不能早于资格取得时间' : null;
}

/** seed 000 §3.2: 暂未工作且不属于在校学生的人员，须上传身份证或居住证 (正面 and 背面). */
export function idProofRequired(situation: { working: boolean; studying: boolean }): boolean {
  return !situation.working && !situation.studying;
}

const scopeShort = (code: string) => COLLECTION_SCOPES.find((s) => s.code === code)?.short ?? code;

/**
 * What the chosen scope still needs at submission (seeds 001 and 003 §3 采集须知), keyed by the part
 * that lacks it ('work' / 'education'); {} when nothing. Scope 二 is looked up in the national
 * qualification records instead and never refused here.
 */
export function scopeProblems(
  scope: string,
  parts: {
    education: readonly { educationLevel: string; degree: string; attachments: Readonly<Record<string, string>> }[];
    work: readonly { hasAccountingExperience: boolean }[];
  },
): Record<string, string> {
  const out: Record<string, string> = {};
  if (scope === 'accountant' && !parts.work.some((w) => w.hasAccountingExperience)) {
    out.work = `采集范围为“${scopeShort(scope)}”的，须填写会计工作经历`;
  }
  if (scope === 'doctor_intermediate_candidate' && !parts.education.some((e) => e.degree === 'doctor')) {
    out.education = `采集范围为“${scopeShort(scope)}”的，教育经历须填写博士学位`;
  }
  if (
    scope === 'junior_exam_candidate' &&
    !parts.education.some((e) => educationRank(e.educationLevel) >= RANK_HIGH_SCHOOL && !!e.attachments.diploma)
  ) {
    out.education = '须上传高中及以上学历证书原件照片';
  }
  return out;
}

/** 性别 and 出生日期 of a mainland ID number (never asked on 基本信息), or null when it is not valid. */
export function deriveFromMainlandId(idNumber: string): { sex: 'male' | 'female'; birthDate: string } | null {
  const parsed = parseMainlandId(idNumber);
  return parsed ? { sex: parsed.gender, birthDate: parsed.birthDate } : null;
}
