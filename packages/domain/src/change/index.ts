// 信息变更 (seed 003 §4, 000 §4): the rules both the server and the pages read. An approved 信息采集
// record changes only through a change request; each part has at most one open at a time.

/** The four parts a person may change, in the left menu's order. */
export const CHANGE_PARTS = [
  { code: 'basic', name: '基本信息', kindLabel: '基本信息变更' },
  { code: 'education', name: '教育经历', kindLabel: '教育经历变更' },
  { code: 'work', name: '工作经历', kindLabel: '工作经历变更' },
  { code: 'scope', name: '采集范围', kindLabel: '采集范围变更' },
] as const;
export type ChangePart = (typeof CHANGE_PARTS)[number]['code'];

/** 变更方式 as the 变更记录 table writes it. */
export const CHANGE_METHODS = { add: '新增', modify: '修改', delete: '删除' } as const;
export type ChangeMethod = keyof typeof CHANGE_METHODS;

/** open: 待审核 or 审核中 (the review item says which); the rest are final. */
export type ChangeStatus = 'open' | 'approved' | 'rejected' | 'withdrawn';

export const CHANGE_NOT_ALLOWED = '仅在信息采集审核通过状态下允许变更';

/**
 * seed 000 §4.1 / 003 §4.1: a 基本信息 change that leaves the 身份证明 images as they were is approved
 * at once (自动审核); one that uploads, replaces or removes either goes to the authority (人工审核).
 * Both arguments carry the file ids of the two images (null or absent: none).
 */
export function basicChangeReview(
  before: { idProofFrontFileId?: unknown; idProofBackFileId?: unknown } | null,
  after: { idProofFrontFileId?: unknown; idProofBackFileId?: unknown },
): 'auto' | 'manual' {
  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  return same(before?.idProofFrontFileId, after.idProofFrontFileId) && same(before?.idProofBackFileId, after.idProofBackFileId) ? 'auto' : 'manual';
}

/** The review of each part's change: only 基本信息 may be decided by the rule above. */
export function changeReview(part: ChangePart, before: Record<string, unknown> | null, after: Record<string, unknown>): 'auto' | 'manual' {
  return part === 'basic' ? basicChangeReview(before, after) : 'manual';
}

export type ChangeDiffRow = { key: string; label: string; before: string; after: string; changed: boolean };

/**
 * 变更前 | 变更后 field by field, in the order of `fields`; `changed` marks what the page shows in red.
 * A 新增 has no before (every field given counts as changed); a 删除 has no after.
 */
export function changeDiff(
  fields: ReadonlyArray<{ key: string; label: string }>,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): ChangeDiffRow[] {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return fields.map(({ key, label }) => {
    const b = before ? text(before[key]) : '';
    const a = after ? text(after[key]) : '';
    return { key, label, before: b, after: a, changed: b !== a };
  });
}

/** A file of a change (身份证明正面, 学历证 …); `changed` when the other side has no file of that label, or another. */
export type ChangeAttachment = { id: string; label: string; changed: boolean };

/**
 * 变更前 | 变更后 of the attachments (seed 001 §4.2, 000 §4.1: 身份证明正面 and 背面, 学历证, 教育部留学服务中心认证书 …):
 * a file is shown in red when the other side does not have the same file under its label.
 */
export function attachmentDiff(
  before: ReadonlyArray<{ id: string; label: string }>,
  after: ReadonlyArray<{ id: string; label: string }>,
): { before: ChangeAttachment[]; after: ChangeAttachment[] } {
  const kept = (a: { id: string; label: string }, other: ReadonlyArray<{ id: string; label: string }>) => other.some((o) => o.id === a.id && o.label === a.label);
  return {
    before: before.map((a) => ({ id: a.id, label: a.label, changed: !kept(a, after) })),
    after: after.map((a) => ({ id: a.id, label: a.label, changed: !kept(a, before) })),
  };
}

/** One row of 变更记录 as GET /api/change answers it; `D` is a Date on the server, a string in the browser. */
export type ChangeRecord<D = string> = {
  id: string;
  part: ChangePart;
  /** 基本信息变更 … */
  kindLabel: string;
  method: ChangeMethod;
  /** The education or work record the change is about (null for 基本信息 and 采集范围). */
  recordId: string | null;
  /** 自动审核 / 人工审核 */
  mode: 'auto' | 'manual';
  /** open is 待审核 until a reviewer takes it (审核中). */
  status: 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
  reviewItemId: string | null;
  authorityName: string;
  opinion: string | null;
  submittedAt: D;
  decidedAt: D | null;
  diff: ChangeDiffRow[];
  /** The files before and after (none before for a 新增, none after for a 删除). */
  attachments: { before: ChangeAttachment[]; after: ChangeAttachment[] };
};
