import { collectionReadOnly, stepProblems, type CollectionProgress, type CollectionStep, type ProblemKey } from '@ausm/domain';
import type { CollectionState, NoticePart, PartStatus } from '../../api/collection';

/** The six steps of 会计人员信息采集 (seed 000 图 3-3), in order. */
export const STEPS = [
  { key: 'notice', no: '01', title: '采集须知' },
  { key: 'basic', no: '02', title: '基本信息' },
  { key: 'education', no: '03', title: '教育经历' },
  { key: 'work', no: '04', title: '工作经历' },
  { key: 'authority', no: '05', title: '会计管理部门' },
  { key: 'result', no: '06', title: '审核告知' },
] as const;

export type StepKey = (typeof STEPS)[number]['key'];

export const stepPath = (key: StepKey) => `/collection/${key}`;

export const PART_STATUS_LABELS: Record<PartStatus, string> = {
  draft: '未提交审核',
  pending: '待审核',
  in_review: '审核中',
  approved: '审核通过',
  rejected: '审核不通过',
};

export const COLLECTION_STATUS_LABELS: Record<CollectionState['collectionStatus'], string> = {
  none: '未填写',
  draft: '未提交审核',
  pending: '审核中',
  rejected: '审核不通过',
  approved: '信息采集审核通过',
};

/** A part a reviewer holds cannot be changed (409 collection/under_review). */
export const isLocked = (status: PartStatus | undefined | null) => status === 'pending' || status === 'in_review';

export const UNDER_REVIEW = '该信息正在审核中，不能修改';

/** Where the part of a 审核告知 line, or a missing part named by 400 collection/incomplete, is fixed. */
export const STEP_OF: Record<string, StepKey> = {
  scope: 'notice',
  basic: 'basic',
  education: 'education',
  work: 'work',
  authority: 'authority',
} satisfies Record<NoticePart | 'scope' | 'authority', StepKey>;

/**
 * The step a person opening /collection should see: the result once something was submitted,
 * otherwise the first step not yet filled in.
 */
export function currentStep(s: CollectionState): StepKey {
  if (s.collectionStatus === 'pending' || s.collectionStatus === 'rejected' || s.collectionStatus === 'approved') return 'result';
  if (!s.scope) return 'notice';
  if (!s.basic) return 'basic';
  if (s.education.length === 0) return 'education';
  if (s.work.length === 0 && s.scope === 'accountant') return 'work';
  return 'authority';
}

/** 2024-09-01, 至今 for an open end (null), nothing for a date an imported record lacks. */
export const untilNow = (d: string | null | undefined) => (d === null ? '至今' : (d ?? ''));

/** issue 18: once 审核通过 the wizard only shows the record; changes go through 信息变更 (/change). */
export const isReadOnly = (s: CollectionState | null | undefined) => !!s && collectionReadOnly(s.collectionStatus);

/** What the domain's rules need of the wizard's state. */
export const progressOf = (s: CollectionState): CollectionProgress => ({
  scope: s.scope,
  basic: s.basic,
  education: s.education,
  work: s.work,
  authority: !!s.authority,
});

export type StepProblem = { key: ProblemKey; message: string; step: (typeof STEPS)[number] | null };

/** What leaving `step` with 下一步 finds missing (the same rules as 提交审核), each with the step that fixes it. */
export function problemsLeaving(step: CollectionStep, s: CollectionState): StepProblem[] {
  return Object.entries(stepProblems(step, progressOf(s))).map(([key, message]) => ({
    key: key as ProblemKey,
    message: message!,
    step: STEPS.find((x) => x.key === STEP_OF[key]) ?? null,
  }));
}
