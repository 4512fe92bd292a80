import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import {
  CHANGE_METHODS,
  CHANGE_NOT_ALLOWED,
  CHANGE_PARTS,
  attachmentDiff,
  changeDiff,
  changeReview,
  codeName,
  COLLECTION_SCOPES,
  idProofRequired,
  idTypeLabel,
  maskIdNumber,
  maskName,
  scopeProblems,
  type BasicData,
  type ChangeMethod,
  type ChangePart,
  type ChangeRecord,
  type TBasicInfoRequest,
  type TEducationRequest,
  type TScopeRequest,
  type TWorkRequest,
  type WorkData,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { ReviewAttachment } from '../../platform/review/tables';
import type { AuthorityService } from '../authority';
import {
  BASIC_FIELDS,
  basicDisplay,
  EDUCATION_FIELDS,
  educationDisplay,
  WORK_FIELDS,
  workDisplay,
  type ApprovedRecord,
  type ApprovedRecordView,
  type CollectionRecords,
  type CollectionService,
  type CollectionState,
  type DegreeCheckState,
} from '../collection';
import { changeRequests, type ChangeRow } from './tables';

export const CHANGE_KINDS: Record<ChangePart, string> = {
  basic: 'change_basic',
  education: 'change_education',
  work: 'change_work',
  scope: 'change_scope',
};
const PART_OF_KIND = new Map(Object.entries(CHANGE_KINDS).map(([part, kind]) => [kind, part as ChangePart]));
const SCOPE_FIELDS = [{ key: 'scope', label: '采集范围' }];
const FIELDS: Record<ChangePart, ReadonlyArray<{ key: string; label: string }>> = {
  basic: BASIC_FIELDS,
  education: EDUCATION_FIELDS,
  work: WORK_FIELDS,
  scope: SCOPE_FIELDS,
};
const partName = (part: ChangePart) => CHANGE_PARTS.find((p) => p.code === part)!.name;
const kindLabel = (part: ChangePart) => CHANGE_PARTS.find((p) => p.code === part)!.kindLabel;

/** GET /api/change: whether the person may change, the approved record as the wizard shows it, and 变更记录. */
export type ChangeState = {
  allowed: boolean;
  collectionStatus: CollectionState['collectionStatus'];
  /** The approved record (null unless allowed): the wizard's view of it, fixed fields masked. */
  record: Pick<CollectionState, 'scope' | 'readonly' | 'basic' | 'education' | 'work' | 'authority' | 'idProofRequired'> | null;
  /** The open change of each part, if any (its id). */
  open: Record<ChangePart, string | null>;
  changes: Array<ChangeRecord<Date>>;
};

const notFound = () => new AppError(404, 'change/record_not_found', '该记录不存在');
const openAlready = (part: ChangePart) => new AppError(409, 'change/open', `${partName(part)}已有待审核的变更，请等待审核完成或撤回后再提交`);

type Prepared = {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** What the approval writes. */
  data: Record<string, unknown>;
  attachments: ReviewAttachment[];
  /** The record's files before the change (变更详情 shows them beside `attachments`); none for a 新增. */
  beforeAttachments: ReviewAttachment[];
  title: string;
  /** Claims the change's files inside its transaction. */
  claim?: (tx: Tx) => Promise<void>;
};

/**
 * 信息变更 (seed 003 §4, 000 §4): changes of an approved 信息采集 record, each one review item of the
 * person's authority; approval applies it to the record in the decision's transaction (docs/record-life.md).
 */
export class ChangeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly collection: CollectionService,
    private readonly records: CollectionRecords,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
  ) {}

  /**
   * The last approved change of each part (信息查询 prints it beside the part): when it was decided and how
   * (信息变更·新增/修改/删除). 采集范围 is part of 基本信息 there.
   */
  async lastApproved(accountId: string): Promise<Partial<Record<'basic' | 'education' | 'work', { at: Date; kind: string }>>> {
    const rows = await this.db
      .select({ part: changeRequests.part, method: changeRequests.method, decidedAt: changeRequests.decidedAt })
      .from(changeRequests)
      .where(and(eq(changeRequests.accountId, accountId), eq(changeRequests.status, 'approved')))
      .orderBy(desc(changeRequests.decidedAt));
    const out: Partial<Record<'basic' | 'education' | 'work', { at: Date; kind: string }>> = {};
    for (const r of rows) {
      const part = r.part === 'scope' ? 'basic' : r.part;
      if (!r.decidedAt || out[part]) continue;
      out[part] = { at: r.decidedAt, kind: `信息变更·${CHANGE_METHODS[r.method]}` };
    }
    return out;
  }

  async state(accountId: string): Promise<ChangeState> {
    const [collection, rows] = await Promise.all([this.collection.state(accountId), this.changes(accountId)]);
    const allowed = collection.collectionStatus === 'approved';
    const open = Object.fromEntries(CHANGE_PARTS.map((p) => [p.code, rows.find((r) => r.part === p.code && r.status === 'open')?.id ?? null])) as ChangeState['open'];
    const items = new Map((await this.reviews.forAccountByIds(accountId, rows.map((r) => r.reviewItemId).filter((id): id is string => !!id))).map((i) => [i.id, i]));
    const labels = new Map<string, string>();
    for (const r of rows) if (!labels.has(r.authorityId)) labels.set(r.authorityId, await this.authorities.label(r.authorityId));
    const { scope, readonly, basic, education, work, authority, idProofRequired: proofRequired } = collection;
    return {
      allowed,
      collectionStatus: collection.collectionStatus,
      record: allowed ? { scope, readonly, basic, education, work, authority, idProofRequired: proofRequired } : null,
      open,
      changes: rows.map((r) => toRecord(r, r.reviewItemId ? items.get(r.reviewItemId) : undefined, labels.get(r.authorityId) ?? '')),
    };
  }

  // ---- the parts ----

  async changeBasic(accountId: string, input: TBasicInfoRequest): Promise<ChangeRecord<Date>> {
    return this.submit(accountId, 'basic', 'modify', null, async (record, ctx) => {
      const person = await this.collection.person(accountId);
      const basic = await this.approved.prepareBasic(person, input);
      const old = record.profile.basic as BasicData;
      const situation = currentSituation(record);
      if (idProofRequired(situation) && (!basic.idProofFrontFileId || !basic.idProofBackFileId)) {
        throw new AppError(400, 'change/id_proof_required', '暂未工作且不属于在校学生的人员，须上传身份证明正面和背面', { field: 'idProofFrontFileId' });
      }
      const fixed = { idTypeLabel: idTypeLabel(person.idType), idNumber: person.idNumber, realName: person.realName };
      const display = (b: BasicData) => ({
        ...basicDisplay(record.profile.scope, b, { ...fixed, sex: b.sex ?? null, birthDate: b.birthDate ?? null }, ctx.authorityName, record.profile.qualification),
        // Not shown as fields: what the 自动审核 rule compares (the images are the item's attachments).
        idProofFrontFileId: b.idProofFrontFileId ?? null,
        idProofBackFileId: b.idProofBackFileId ?? null,
      });
      const proofChanged = changeReview('basic', old, basic) === 'manual';
      return {
        before: display(old),
        after: display(basic),
        data: { basic },
        attachments: basicAttachments(basic),
        beforeAttachments: basicAttachments(old),
        title: proofChanged ? '信息变更·基本信息（身份证明已变更）' : '信息变更·基本信息',
        claim: (tx) => this.approved.claimBasicFiles(tx, accountId, basic),
      };
    });
  }

  async changeScope(accountId: string, input: TScopeRequest): Promise<ChangeRecord<Date>> {
    return this.submit(accountId, 'scope', 'modify', null, async (record) => {
      if (input.scope === record.profile.scope) throw new AppError(400, 'change/nothing_changed', '采集范围未变更', { field: 'scope' });
      // seeds 001 / 003 §3.1: what the new scope asks of the record must already be in it.
      const problems = scopeProblems(input.scope, views(record));
      const first = Object.values(problems)[0];
      if (first) throw new AppError(400, 'change/scope_requirements', `${first}；请先变更相应的经历后再变更采集范围`, { field: 'scope' });
      const name = (s: string | null) => (s ? codeName(COLLECTION_SCOPES, s) : '');
      return { before: { scope: name(record.profile.scope) }, after: { scope: name(input.scope) }, data: { scope: input.scope }, attachments: [], beforeAttachments: [], title: '信息变更·采集范围' };
    });
  }

  async changeEducation(accountId: string, method: ChangeMethod, recordId: string | null, input: TEducationRequest | null): Promise<ChangeRecord<Date>> {
    return this.submit(accountId, 'education', method, recordId, async (record, ctx) => {
      const current = recordId ? record.education.find((e) => e.id === recordId) : undefined;
      const others = record.education.filter((e) => e.id !== recordId);
      const scope = record.profile.scope;
      const title = (school: string) => `信息变更·教育经历（${CHANGE_METHODS[method]}：${school}）`;
      const before = current ? educationDisplay(current.data as TEducationRequest, current.degreeCheck) : null;
      if (method === 'delete') {
        if (others.length === 0) throw new AppError(400, 'change/last_record', '至少须保留一条教育经历');
        this.checkAfter(record, { education: others.map((e) => e.data as TEducationRequest), situationOf: { education: others.map((e) => e.data as TEducationRequest) } });
        const old = current!.data as TEducationRequest;
        const files = this.records.educationAttachmentList(old, current!.degreeCheck, scope);
        return { before, after: null, data: {}, attachments: files, beforeAttachments: files, title: title(old.school) };
      }
      const prepared = await this.records.prepareEducationChange(accountId, input!, current ?? null, others, scope);
      const list = [...others.map((e) => e.data as TEducationRequest), prepared.data];
      this.checkAfter(record, { education: list, situationOf: { education: list } });
      if (before && sameJson(before, educationDisplay(prepared.data, prepared.degreeCheck)) && sameJson(current!.data.attachments, prepared.data.attachments)) {
        throw new AppError(400, 'change/nothing_changed', '信息未变更，无需提交');
      }
      const id = ctx.recordId;
      return {
        before,
        after: educationDisplay(prepared.data, prepared.degreeCheck),
        data: { record: prepared.data, degreeCheck: prepared.degreeCheck, baseUpdatedAt: current?.updatedAt.toISOString() ?? null },
        attachments: this.records.educationAttachmentList(prepared.data, prepared.degreeCheck, scope),
        beforeAttachments: current ? this.records.educationAttachmentList(current.data as TEducationRequest, current.degreeCheck, scope) : [],
        title: title(prepared.data.school),
        claim: (tx) => this.records.claimEducationFiles(tx, accountId, id, prepared.data, prepared.degreeCheck, scope),
      };
    });
  }

  async changeWork(accountId: string, method: ChangeMethod, recordId: string | null, input: TWorkRequest | null): Promise<ChangeRecord<Date>> {
    return this.submit(accountId, 'work', method, recordId, async (record, ctx) => {
      const current = recordId ? record.work.find((w) => w.id === recordId) : undefined;
      const others = record.work.filter((w) => w.id !== recordId);
      const title = (unit: string) => `信息变更·工作经历（${CHANGE_METHODS[method]}：${unit}）`;
      const before = current ? workDisplay(current.data as WorkData) : null;
      if (method === 'delete') {
        this.checkAfter(record, { work: others.map((w) => w.data as WorkData), situationOf: { work: others.map((w) => w.data as WorkData) } });
        const old = current!.data as WorkData;
        const files = this.records.workAttachmentList(old);
        return { before, after: null, data: {}, attachments: files, beforeAttachments: files, title: title(old.unitName) };
      }
      const data = await this.records.prepareWorkChange(accountId, input!, others);
      // seed 000 §4.3 温馨提示: a current job outside the authority's region is a 属地关系调转 first.
      if (data.endDate === null && ![data.address.provinceId, data.address.cityId, data.address.countyId].includes(record.profile.authorityId)) {
        throw new AppError(400, 'change/outside_authority', `变更后的工作单位不属于当前会计管理部门（${ctx.authorityName}）的行政区划，请先办理属地关系调转，在调入地进行信息变更`, {
          field: 'address',
        });
      }
      const list = [...others.map((w) => w.data as WorkData), data];
      this.checkAfter(record, { work: list, situationOf: { work: list } });
      if (before && sameJson(current!.data, data)) throw new AppError(400, 'change/nothing_changed', '信息未变更，无需提交');
      const id = ctx.recordId;
      return {
        before,
        after: workDisplay(data),
        data: { record: data, baseUpdatedAt: current?.updatedAt.toISOString() ?? null },
        attachments: this.records.workAttachmentList(data),
        beforeAttachments: current ? this.records.workAttachmentList(current.data as WorkData) : [],
        title: title(data.unitName),
        claim: (tx) => this.records.claimWorkFiles(tx, accountId, id, data),
      };
    });
  }

  // ---- the review kinds: a decision applies or closes the change, in the decision's transaction ----

  reviewKinds(): ReviewKindHandler[] {
    return CHANGE_PARTS.map(({ code: part, kindLabel: label }) => ({
      kind: CHANGE_KINDS[part],
      label,
      fields: FIELDS[part],
      autoDecide: ({ before, after }) => (changeReview(part, before, after) === 'auto' ? 'approve' : null),
      onApproved: async (tx: Tx, item: ReviewItem) => {
        const change = await this.lockOpen(tx, item);
        if (!change) return;
        await this.apply(tx, change, item);
        await this.close(tx, change.id, 'approved');
      },
      onRejected: async (tx: Tx, item: ReviewItem) => {
        const change = await this.lockOpen(tx, item);
        if (change) await this.close(tx, change.id, 'rejected');
      },
      onWithdrawn: async (tx: Tx, item: ReviewItem) => {
        const change = await this.lockOpen(tx, item);
        if (change) await this.close(tx, change.id, 'withdrawn');
      },
    }));
  }

  /** 属地关系调转 accepted: the person's open changes belong to the new authority (in the acceptance's transaction). */
  async moveOpen(tx: Tx, accountId: string, authorityId: string): Promise<void> {
    await tx.update(changeRequests).set({ authorityId }).where(and(eq(changeRequests.accountId, accountId), eq(changeRequests.status, 'open')));
  }

  // ---- internals ----

  /**
   * One change: the record must be the person's and approved, the part free of an open change; the
   * rules run before the transaction (学信网 and the national registry are outside calls), the change
   * row, the files and the review item are written in it.
   */
  private async submit(
    accountId: string,
    part: ChangePart,
    method: ChangeMethod,
    recordId: string | null,
    prepare: (record: ApprovedRecordView, ctx: { authorityName: string; recordId: string }) => Promise<Prepared>,
  ): Promise<ChangeRecord<Date>> {
    const person = await this.collection.person(accountId);
    const record = await this.approved.read(accountId);
    if (recordId !== null) {
      // Someone else's id and an unknown one look the same.
      const rows = part === 'education' ? record?.education : record?.work;
      if (!isUuid(recordId) || !rows?.some((r) => r.id === recordId)) throw notFound();
    }
    if ((await this.collection.status(accountId)) !== 'approved' || !record?.profile.authorityId) {
      throw new AppError(409, 'change/not_allowed', CHANGE_NOT_ALLOWED);
    }
    if (await this.openChange(this.db, accountId, part)) throw openAlready(part);
    const authority = (await this.authorities.byId(record.profile.authorityId))!;
    const authorityName = await this.authorities.label(authority.id);
    const id = randomUUID();
    const targetId = method === 'add' ? randomUUID() : recordId;
    const prepared = await prepare(record, { authorityName, recordId: targetId ?? '' });
    try {
      await this.db.transaction(async (tx) => {
        // The record read above is the version this change replaces: it must still be the approved one.
        const locked = await this.approved.read(accountId, tx, true);
        // A 属地关系调转 accepted meanwhile moved the person: the change goes to the new authority, so file it again.
        if (!locked || !sameRecords(locked, record, part) || locked.profile.authorityId !== record.profile.authorityId) {
          throw new AppError(409, 'change/stale', '信息已变更，请刷新页面后重新提交');
        }
        const now = this.clock.now();
        await tx.insert(changeRequests).values({
          id,
          accountId,
          part,
          method,
          recordId: targetId,
          status: 'open',
          before: prepared.before,
          after: prepared.after,
          // The files of both sides, for 变更详情 (the approval reads only what `prepared.data` holds).
          data: { ...prepared.data, files: { before: prepared.beforeAttachments, after: method === 'delete' ? [] : prepared.attachments } },
          authorityId: authority.id,
          submittedAt: now,
        });
        await prepared.claim?.(tx);
        const item = await this.reviews.submit(tx, {
          kind: CHANGE_KINDS[part],
          accountId,
          authorityId: authority.id,
          authorityPath: authority.path,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: prepared.title,
          // A 新增 compares with nothing: every value it gives is shown as changed (red) to the reviewer.
          before: prepared.before ?? (method === 'add' ? Object.fromEntries(Object.keys(prepared.after ?? {}).map((k) => [k, ''])) : null),
          // changeId: how the decision finds its change (not a field: the console does not show it).
          after: { ...(prepared.after ?? {}), changeId: id },
          attachments: prepared.attachments,
        });
        await tx.update(changeRequests).set({ reviewItemId: item.id }).where(eq(changeRequests.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'change_requests_open_part_uq')) throw openAlready(part);
      throw err;
    }
    const [row] = await this.db.select().from(changeRequests).where(eq(changeRequests.id, id));
    const [item] = await this.reviews.forAccountByIds(accountId, [row!.reviewItemId!]);
    return toRecord(row!, item, authorityName);
  }

  /** The rules that span the record, on the record as the change would leave it. */
  private checkAfter(
    record: ApprovedRecordView,
    next: { education?: TEducationRequest[]; work?: WorkData[]; situationOf: { education?: Array<{ endDate: string | null }>; work?: Array<{ endDate: string | null }> } },
  ): void {
    const current = views(record);
    const education = next.education ?? current.education;
    const work = next.work ?? current.work;
    if (record.profile.scope) {
      const first = Object.values(scopeProblems(record.profile.scope, { education, work }))[0];
      if (first) throw new AppError(400, 'change/scope_requirements', first);
    }
    const situation = { working: work.some((w) => w.endDate === null), studying: education.some((e) => e.endDate === null) };
    const basic = record.profile.basic as BasicData | null;
    if (idProofRequired(situation) && (!basic?.idProofFrontFileId || !basic?.idProofBackFileId)) {
      throw new AppError(400, 'change/id_proof_required', '变更后您既未在职也不在校，须先在基本信息变更中上传身份证明正面和背面');
    }
  }

  private openChange(db: Db | Tx, accountId: string, part: ChangePart) {
    return db
      .select({ id: changeRequests.id })
      .from(changeRequests)
      .where(and(eq(changeRequests.accountId, accountId), eq(changeRequests.part, part), eq(changeRequests.status, 'open')))
      .then((r) => r[0]);
  }

  private changes(accountId: string): Promise<ChangeRow[]> {
    return this.db.select().from(changeRequests).where(eq(changeRequests.accountId, accountId)).orderBy(desc(changeRequests.submittedAt), desc(changeRequests.id)).limit(500);
  }

  private async lockOpen(tx: Tx, item: ReviewItem): Promise<ChangeRow | undefined> {
    const changeId = item.after.changeId;
    if (typeof changeId !== 'string') return undefined;
    const [row] = await tx
      .select()
      .from(changeRequests)
      .where(and(eq(changeRequests.id, changeId), eq(changeRequests.accountId, item.accountId), eq(changeRequests.status, 'open')))
      .for('update');
    return row;
  }

  private async close(tx: Tx, id: string, status: 'approved' | 'rejected' | 'withdrawn'): Promise<void> {
    await tx.update(changeRequests).set({ status, decidedAt: this.clock.now() }).where(eq(changeRequests.id, id));
  }

  private async apply(tx: Tx, change: ChangeRow, item: ReviewItem): Promise<void> {
    const data = change.data ?? {};
    const part = PART_OF_KIND.get(item.kind) ?? change.part;
    if (part === 'basic') return this.approved.applyBasic(tx, change.accountId, data.basic as BasicData);
    if (part === 'scope') return this.approved.applyScope(tx, change.accountId, data.scope as string);
    await this.approved.applyRecord(tx, part, change.method, change.accountId, change.recordId!, {
      data: (data.record as TEducationRequest | WorkData | undefined) ?? null,
      degreeCheck: (data.degreeCheck as DegreeCheckState | undefined) ?? null,
      reviewItemId: item.id,
      baseUpdatedAt: typeof data.baseUpdatedAt === 'string' ? new Date(data.baseUpdatedAt) : null,
    });
  }
}

/** A change as 变更记录 shows it: the diff masked as the portal masks (证件号码 and 姓名). */
function toRecord(row: ChangeRow, item: ReviewItem | undefined, authorityName: string): ChangeRecord<Date> {
  const mask = (d: Record<string, unknown> | null) =>
    d && row.part === 'basic' ? { ...d, idNumber: maskIdNumber(String(d.idNumber ?? '')), realName: maskName(String(d.realName ?? '')) } : d;
  const status = row.status === 'open' ? (item?.status === 'in_review' ? 'in_review' : 'pending') : row.status;
  return {
    id: row.id,
    part: row.part,
    kindLabel: kindLabel(row.part),
    method: row.method,
    recordId: row.recordId,
    mode: item?.mode ?? 'manual',
    status,
    reviewItemId: row.reviewItemId,
    authorityName,
    opinion: item?.opinion ?? null,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    diff: changeDiff(FIELDS[row.part], mask(row.before), mask(row.after)),
    attachments: attachmentDiff(...filesOf(row, item)),
  };
}

/**
 * The files of a change's two sides. A change filed before they were kept (session 23) shows its review item's: the
 * files a 删除 takes away, or those a 新增 or 修改 gives.
 */
function filesOf(row: ChangeRow, item: ReviewItem | undefined): [ReviewAttachment[], ReviewAttachment[]] {
  const files = row.data?.files as { before: ReviewAttachment[]; after: ReviewAttachment[] } | undefined;
  if (files) return [files.before, files.after];
  const given = item?.attachments ?? [];
  return row.method === 'delete' ? [given, []] : [[], given];
}

/** 基本信息's files: the photo and, where given, both sides of the 身份证明. */
function basicAttachments(b: BasicData): ReviewAttachment[] {
  const files: ReviewAttachment[] = [{ id: b.photoFileId, label: '照片' }];
  if (b.idProofFrontFileId) files.push({ id: b.idProofFrontFileId, label: '身份证明正面' });
  if (b.idProofBackFileId) files.push({ id: b.idProofBackFileId, label: '身份证明背面' });
  return files;
}

/** The record's education and work as the domain's scope rules read them. */
function views(record: ApprovedRecordView) {
  return { education: record.education.map((e) => e.data as TEducationRequest), work: record.work.map((w) => w.data as WorkData) };
}

function currentSituation(record: ApprovedRecordView) {
  const { education, work } = views(record);
  return { working: work.some((w) => w.endDate === null), studying: education.some((e) => e.endDate === null) };
}

function sameRecords(a: ApprovedRecordView, b: ApprovedRecordView, part: ChangePart): boolean {
  if (part === 'education') return sameJson(a.education.map((e) => [e.id, e.updatedAt]), b.education.map((e) => [e.id, e.updatedAt]));
  if (part === 'work') return sameJson(a.work.map((w) => [w.id, w.updatedAt]), b.work.map((w) => [w.id, w.updatedAt]));
  return a.profile.updatedAt.getTime() === b.profile.updatedAt.getTime();
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
