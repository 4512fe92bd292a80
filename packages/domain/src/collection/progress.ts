import { periodsOverlap, type Period } from './dates';
import { educationAttachmentSlots, idProofRequired, scopeProblems, workAttachmentSlots, type DegreeCheck } from './rules';
import type { CollectionStatus, PartStatus } from './state';

// Where a person's 信息采集 stands, and what it still lacks: one definition for the wizard's 下一步
// (each step says what it lacks when it is left), for 提交审核 on the server, and for the lock that
// keeps an approved record out of the wizard's reach (issue 18: changes go through 信息变更).

/** The message of every collection write refused because the record is approved (issue 18). */
export const COLLECTION_APPROVED_MESSAGE = '信息采集已审核通过，如需修改请办理信息变更';
/** Where 信息变更 lives in the portal. */
export const CHANGE_PATH = '/change';

const OPEN: readonly PartStatus[] = ['pending', 'in_review'];

/**
 * The status of the whole collection from its parts (docs/collection.md): `none` before anything was
 * saved, `pending` while any part is under review, `rejected` while any is refused (and none waits),
 * `approved` once the profile, at least one education record and every record are approved.
 */
export function overallCollectionStatus(profile: PartStatus | null, education: readonly PartStatus[], work: readonly PartStatus[]): CollectionStatus {
  if (profile === null && education.length === 0 && work.length === 0) return 'none';
  const parts = [profile ?? 'draft', ...education, ...work];
  if (parts.some((s) => OPEN.includes(s))) return 'pending';
  if (parts.some((s) => s === 'rejected')) return 'rejected';
  if (profile === 'approved' && education.length > 0 && parts.every((s) => s === 'approved')) return 'approved';
  return 'draft';
}

/** Once approved the wizard only shows: every write is refused (the server) and no control offers one (the web). */
export const collectionReadOnly = (status: CollectionStatus): boolean => status === 'approved';

/** The message for two education records of one person whose periods share a day (seeds 000 §4.3, 003 §4). */
export const EDUCATION_OVERLAP_MESSAGE = '新增教育经历时间不得和已新增的教育经历时间交叉';

type Dated = { startDate?: string | null; endDate?: string | null };

/**
 * The first other record whose period shares a day with `candidate`, or null. Records lacking a start
 * date (imported 历史 records) cannot be compared and are skipped; a 至今 record runs to `today`.
 */
export function overlappingRecord<T extends Dated>(candidate: Dated, others: readonly T[], today: string): T | null {
  if (!candidate.startDate) return null;
  const period: Period = { startDate: candidate.startDate, endDate: candidate.endDate ?? null };
  for (const other of others) {
    if (!other.startDate || other.endDate === undefined) continue;
    if (periodsOverlap(period, { startDate: other.startDate, endDate: other.endDate ?? null }, today)) return other;
  }
  return null;
}

/** The refusal of an education record that overlaps `other` (named by its school). */
export const educationOverlapMessage = (school: string) => `${EDUCATION_OVERLAP_MESSAGE}（与“${school}”的教育经历重叠）`;

/** The refusal of a work record that overlaps `other` (named by its unit; seeds 000/003 §4 forbid it too). */
export const workOverlapMessage = (unitName: string) => `工作时间与“${unitName}”的工作经历重叠，请核对`;

type EducationLike = {
  school: string;
  studyMode: string;
  educationLevel: string;
  endDate: string | null;
  degree: string;
  degreeCheck: DegreeCheck;
  attachments: Readonly<Record<string, string>>;
};
type WorkLike = { unitName: string; endDate: string | null; hasAccountingExperience: boolean; accountingPost?: string | null; attachments: Readonly<Record<string, string>> };

/** What the rules need of a collection: the state the wizard holds, or the server's rows. */
export type CollectionProgress = {
  scope: string | null;
  basic: { idProofFrontFileId?: string | null; idProofBackFileId?: string | null } | null;
  education: readonly EducationLike[];
  work: readonly WorkLike[];
  /** A 会计管理部门 has been chosen (step 5). */
  authority: boolean;
};

/** The part each problem belongs to; `basic` also carries the ID proofs. */
export type ProblemKey = 'scope' | 'basic' | 'education' | 'work' | 'authority';
export type CollectionStep = 'notice' | 'basic' | 'education' | 'work' | 'authority';

export const ID_PROOF_MISSING = '暂未工作且不属于在校学生的人员，须在基本信息中上传身份证明正面和背面';

const missingLabels = (slots: ReturnType<typeof workAttachmentSlots>, attachments: Readonly<Record<string, string>>) =>
  slots.filter((s) => s.required && !attachments[s.key]).map((s) => s.label);

/** The ID proofs a person neither working nor studying must upload on 基本信息, when lacking. */
function idProofProblem(p: CollectionProgress): string | null {
  if (!p.basic) return null;
  const situation = { working: p.work.some((w) => w.endDate === null), studying: p.education.some((e) => e.endDate === null) };
  if (!idProofRequired(situation)) return null;
  return p.basic.idProofFrontFileId && p.basic.idProofBackFileId ? null : ID_PROOF_MISSING;
}

function educationProblem(p: CollectionProgress): string | null {
  if (p.education.length === 0) return '请至少填写一条教育经历';
  if (p.scope) {
    const scoped = scopeProblems(p.scope, { education: p.education, work: p.work });
    if (scoped.education) return scoped.education;
  }
  for (const e of p.education) {
    const missing = missingLabels(educationAttachmentSlots(e, { degreeCheck: e.degreeCheck, scope: p.scope }), e.attachments);
    if (missing.length) return `教育经历“${e.school}”缺少附件：${missing.join('、')}`;
  }
  return null;
}

function workProblem(p: CollectionProgress): string | null {
  if (p.scope) {
    const scoped = scopeProblems(p.scope, { education: p.education, work: p.work });
    if (scoped.work) return scoped.work;
  }
  for (const w of p.work) {
    const missing = missingLabels(workAttachmentSlots(w), w.attachments);
    if (missing.length) return `工作经历“${w.unitName}”缺少附件：${missing.join('、')}`;
  }
  return null;
}

/**
 * Everything 提交审核 needs, keyed by the part that lacks it ({} when complete): the scope, 基本信息
 * with its ID proofs, at least one education record, what the scope demands, each record's required
 * attachments, the 会计管理部门. The server refuses a submission with these (400 collection/incomplete).
 */
export function collectionProblems(p: CollectionProgress): Partial<Record<ProblemKey, string>> {
  const out: Partial<Record<ProblemKey, string>> = {};
  if (!p.scope) out.scope = '请在“采集须知”中选择采集范围';
  if (!p.basic) out.basic = '请填写基本信息';
  const education = educationProblem(p);
  if (education) out.education = education;
  const work = workProblem(p);
  if (work) out.work = work;
  const idProof = idProofProblem(p);
  if (idProof) out.basic = idProof;
  if (!p.authority) out.authority = '请选择会计管理部门';
  return out;
}

/**
 * What leaving a step with 下一步 checks: the step's own part, by the same rules as 提交审核. The ID
 * proofs depend on the records (在职, 在校), so 基本信息 asks for them once a record exists, and
 * 工作经历, after which the person's situation is known, names them too.
 */
export function stepProblems(step: CollectionStep, p: CollectionProgress): Partial<Record<ProblemKey, string>> {
  const all = collectionProblems(p);
  const pick = (...keys: ProblemKey[]) => Object.fromEntries(keys.filter((k) => all[k]).map((k) => [k, all[k]!])) as Partial<Record<ProblemKey, string>>;
  switch (step) {
    case 'notice':
      return pick('scope');
    case 'basic': {
      if (!p.basic) return { basic: '请填写基本信息' };
      const known = p.education.length > 0 || p.work.length > 0;
      return known ? pick('basic') : {};
    }
    case 'education':
      return pick('education');
    case 'work': {
      const out = pick('work');
      const idProof = idProofProblem(p);
      if (idProof) out.basic = idProof;
      return out;
    }
    case 'authority':
      return all;
  }
}
