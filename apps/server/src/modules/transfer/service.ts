import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, inArray, like, lt, or, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  codeName,
  INDUSTRIES,
  maskIdNumber,
  maskName,
  OPEN_TRANSFER_STATUSES,
  STUDY_MODES,
  transferReasonName,
  transferRefusal,
  TRANSFER_REFUSALS,
  TRANSFER_STATUSES,
  TRANSFER_TYPES,
  transferType,
  UNIT_TYPES,
  type TEducationRequest,
  type TransferReason,
  type TransferRecord,
  type TransferStatus,
  type TTransferRequest,
  type WorkData,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewerScope, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { Authority, AuthorityService } from '../authority';
import type { ChangeService } from '../change';
import type { ApprovedRecord, ApprovedRecordView, CollectionService } from '../collection';
import { regionName } from '../collection/regions';
import type { FileService } from '../files';
import { transferRequests, type TransferRow } from './tables';

/** The two decisions of a transfer: 调出 at the authority the person leaves, 调入 at the one they chose. */
export const TRANSFER_KINDS = { out: 'transfer_out', in: 'transfer_in' } as const;

type Place = { province: string; city: string; county: string; label: string };

/** GET /api/transfer: the current authority, what 提交审核 would refuse now, and 调转记录. */
export type TransferState = {
  currentAuthority: { id: string; label: string } | null;
  /** A refusal that holds whatever authority is chosen (图 5-4), or null. */
  refusal: string | null;
  records: Array<TransferRecord<Date>>;
};

/** The console's list of people transferred out of / into the staff member's subtree. */
export type TransferFilters = {
  direction?: 'in' | 'out';
  status?: TransferStatus;
  from?: Date;
  to?: Date;
  /** A whole real name, as a subquery of account ids. */
  qAccounts?: SQLWrapper;
  page: number;
  pageSize: number;
};

const FIELD_SETS: Record<TransferReason, ReadonlyArray<{ key: string; label: string }>> = {
  work: [
    { key: 'reason', label: '调转原因' },
    { key: 'authority', label: '会计管理机构' },
    { key: 'unitName', label: '单位名称' },
    { key: 'uscc', label: '统一社会信用代码' },
    { key: 'unitType', label: '经济类型' },
    { key: 'industry', label: '所属行业' },
    { key: 'address', label: '单位地址' },
    { key: 'phone', label: '联系电话' },
    { key: 'startDate', label: '工作开始时间' },
  ],
  school: [
    { key: 'reason', label: '调转原因' },
    { key: 'authority', label: '会计管理机构' },
    { key: 'school', label: '学校名称' },
    { key: 'major', label: '所学专业' },
    { key: 'studyMode', label: '培养方式' },
    { key: 'startDate', label: '入学时间' },
  ],
  household: [
    { key: 'reason', label: '调转原因' },
    { key: 'authority', label: '会计管理机构' },
    { key: 'place', label: '户籍所在地或居住地' },
  ],
};

const notFound = () => new AppError(404, 'transfer/not_found', '调转申请不存在');

/**
 * 属地关系调转 (seeds 003 §5, 000 §5; issue 20). An application is refused at once for the reasons of
 * 图 5-4; else it is decided twice through the review engine, 调出 then 调入, and the 调入 acceptance moves
 * the person, their record, their open items and their future submissions to the new authority in its
 * own transaction (docs/record-life.md, docs/decisions/0017-transfers.md).
 */
export class TransferService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly collection: CollectionService,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly changes: ChangeService,
    private readonly audit: AuditLog,
  ) {}

  /** A list of people leaving the console as a file (调入调出人员.csv) is recorded: who, how many, which filter. */
  async recordExport(scope: ReviewerScope, rows: number, filter: Record<string, unknown>, origin: RequestOrigin): Promise<void> {
    await this.audit.record(this.db, { kind: 'personal_data_export', actor: { staffId: scope.staffId, username: scope.username }, detail: { list: 'transfers', rows, filter } }, origin);
  }

  async state(accountId: string): Promise<TransferState> {
    await this.collection.person(accountId);
    const [status, record, openKinds, rows] = await Promise.all([
      this.collection.status(accountId),
      this.approved.read(accountId),
      this.reviews.openKinds(this.db, accountId),
      this.rows(accountId),
    ]);
    const current = record?.profile.authorityId ?? null;
    const refusal = transferRefusal({ collectionStatus: status, currentAuthorityId: current, chosenAuthorityId: '', openKinds });
    return {
      currentAuthority: current && status === 'approved' ? { id: current, label: await this.authorities.label(current) } : null,
      refusal: refusal?.message ?? null,
      records: await Promise.all(rows.map((r) => this.toRecord(r))),
    };
  }

  /** One of the person's own transfers (调转详情); someone else's id and an unknown one look the same. */
  async one(accountId: string, id: string): Promise<TransferRecord<Date>> {
    if (!isUuid(id)) throw notFound();
    const [row] = await this.db.select().from(transferRequests).where(and(eq(transferRequests.id, id), eq(transferRequests.accountId, accountId)));
    if (!row) throw notFound();
    return this.toRecord(row);
  }

  /** 调转申请 → 提交审核: refused for the reasons of 图 5-4, else filed with the current authority (调出待审). */
  async apply(accountId: string, input: TTransferRequest): Promise<TransferRecord<Date>> {
    const person = await this.collection.person(accountId);
    const target = await this.chosenAuthority(input.authority);
    const record = await this.approved.read(accountId);
    const refusal = transferRefusal({
      collectionStatus: await this.collection.status(accountId),
      currentAuthorityId: record?.profile.authorityId ?? null,
      chosenAuthorityId: target.id,
      openKinds: await this.reviews.openKinds(this.db, accountId),
    });
    if (refusal) throw new AppError(409, `transfer/${refusal.code}`, refusal.message, refusal.code === 'same' ? { field: 'authority' } : undefined);
    const from = (await this.authorities.byId(record!.profile.authorityId!))!;
    const data = await this.prepare(input);
    const before = await this.currentDisplay(record!, input.reason, from);
    const after = await this.targetDisplay(data, target);
    const id = randomUUID();
    const fromPlace = await this.place(from.id);
    const toPlace = await this.place(target.id);
    try {
      await this.db.transaction(async (tx) => {
        // The profile lock orders this after any submission or acceptance of the same person.
        const locked = await this.approved.read(accountId, tx, true);
        if (locked?.profile.authorityId !== from.id) throw new AppError(409, 'transfer/stale', '信息已变更，请刷新页面后重新提交');
        // An application filed meanwhile (a change the moment before) holds this one back too. Only the
        // transaction's own connection is read here: on PGlite another query would wait for it to end.
        const open = transferRefusal({ collectionStatus: 'approved', currentAuthorityId: from.id, chosenAuthorityId: target.id, openKinds: await this.reviews.openKinds(tx, accountId) });
        if (open) throw new AppError(409, `transfer/${open.code}`, open.message);
        await this.files.claim(tx, accountId, input.proofFileId, 'transfer_proof', { usedBy: `transfer:${id}`, field: 'proofFileId', label: '调转证明材料' });
        await tx.insert(transferRequests).values({
          id,
          accountId,
          reason: input.reason,
          status: 'out_pending',
          data,
          fromAuthorityId: from.id,
          fromAuthorityPath: from.path,
          toAuthorityId: target.id,
          toAuthorityPath: target.path,
          proofFileId: input.proofFileId,
          submittedAt: this.clock.now(),
        });
        const item = await this.reviews.submit(tx, {
          kind: TRANSFER_KINDS.out,
          accountId,
          authorityId: from.id,
          authorityPath: from.path,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: `${transferReasonName(input.reason)}：${fromPlace.label} → ${toPlace.label}`,
          before,
          // transferId: how the decision finds its transfer (not a field: the console does not show it).
          after: { ...after, transferId: id },
          attachments: [{ id: input.proofFileId, label: '调转证明材料' }],
        });
        await tx.update(transferRequests).set({ outReviewItemId: item.id }).where(eq(transferRequests.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'transfer_requests_open_uq')) throw new AppError(409, 'transfer/open', TRANSFER_REFUSALS.openApplication('调转'));
      throw err;
    }
    return this.one(accountId, id);
  }

  // ---- the two review kinds ----

  reviewKinds(): ReviewKindHandler[] {
    const fieldsOf = (item: ReviewItem) => FIELD_SETS[(item.after.reasonCode as TransferReason) ?? 'household'] ?? FIELD_SETS.household;
    return [
      {
        kind: TRANSFER_KINDS.out,
        label: '属地关系调转（调出）',
        fieldsOf,
        onApproved: async (tx, item) => {
          const row = await this.lockOpen(tx, item, 'out_pending');
          if (!row) return;
          const now = this.clock.now();
          const inItem = await this.reviews.submit(tx, {
            kind: TRANSFER_KINDS.in,
            accountId: row.accountId,
            authorityId: row.toAuthorityId,
            authorityPath: row.toAuthorityPath,
            applicantName: item.applicantName,
            applicantIdMasked: item.applicantIdMasked,
            title: item.title,
            before: item.before,
            after: item.after,
            attachments: item.attachments,
          });
          await tx.update(transferRequests).set({ status: 'in_pending', outDecidedAt: now, inReviewItemId: inItem.id }).where(eq(transferRequests.id, row.id));
        },
        onRejected: (tx, item) => this.close(tx, item, 'out_pending', 'out_rejected'),
        onWithdrawn: (tx, item) => this.close(tx, item, 'out_pending', 'withdrawn'),
      },
      {
        kind: TRANSFER_KINDS.in,
        label: '属地关系调转（调入）',
        fieldsOf,
        onApproved: async (tx, item) => {
          const row = await this.lockOpen(tx, item, 'in_pending');
          if (!row) return;
          // The profile first, as every submission of the person locks it: none lands half on either side.
          await this.approved.read(row.accountId, tx, true);
          await this.approved.moveTo(tx, row.accountId, row.toAuthorityId);
          let workRecordId: string | null = null;
          if (row.reason === 'work') {
            workRecordId = randomUUID();
            await this.approved.startJob(tx, row.accountId, workRecordId, row.data.job as WorkData, item.id);
          }
          await this.reviews.reassignOpen(tx, row.accountId, { id: row.toAuthorityId, path: row.toAuthorityPath }, item.id);
          await this.changes.moveOpen(tx, row.accountId, row.toAuthorityId);
          await tx.update(transferRequests).set({ status: 'accepted', inDecidedAt: this.clock.now(), workRecordId }).where(eq(transferRequests.id, row.id));
        },
        onRejected: (tx, item) => this.close(tx, item, 'in_pending', 'in_rejected'),
        onWithdrawn: (tx, item) => this.close(tx, item, 'in_pending', 'withdrawn'),
      },
    ];
  }

  // ---- the console's list ----

  /** People transferred out of (调出) or into (调入) the staff member's subtree, newest first. */
  async list(scope: { authorityPath: string }, f: TransferFilters) {
    const pattern = `${scope.authorityPath}%`;
    const out = like(transferRequests.fromAuthorityPath, pattern);
    const into = like(transferRequests.toAuthorityPath, pattern);
    const conds: SQL[] = [f.direction === 'out' ? out : f.direction === 'in' ? into : or(out, into)!];
    if (f.status) conds.push(eq(transferRequests.status, f.status));
    if (f.from) conds.push(gte(transferRequests.submittedAt, f.from));
    if (f.to) conds.push(lt(transferRequests.submittedAt, f.to));
    if (f.qAccounts) conds.push(inArray(transferRequests.accountId, f.qAccounts));
    const where = and(...conds);
    const [{ total }] = (await this.db.select({ total: count() }).from(transferRequests).where(where)) as [{ total: number }];
    const rows = await this.db
      .select()
      .from(transferRequests)
      .where(where)
      .orderBy(desc(transferRequests.submittedAt), desc(transferRequests.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    // One lookup per authority, not per row: an export holds thousands of rows of a few authorities.
    const places = new Map<string, Promise<Place>>();
    const placeOf = (id: string) => places.get(id) ?? places.set(id, this.place(id)).get(id)!;
    const items = await Promise.all(
      rows.map(async (r) => ({
        ...(await this.toRecord(r, { placeOf, withItems: false })),
        accountId: r.accountId,
        direction: (r.fromAuthorityPath.startsWith(scope.authorityPath) ? 'out' : 'in') as 'in' | 'out',
      })),
    );
    return { total: Number(total), items };
  }

  // ---- internals ----

  /** 调入会计管理机构 as 省 · 市 · 区县 of the authority tree (a city's own department has no county). */
  private async chosenAuthority(a: TTransferRequest['authority']): Promise<Authority> {
    const province = await this.authorities.byId(a.provinceId);
    if (!province || province.level !== 'province') throw new AppError(400, 'transfer/authority_invalid', '请选择调入会计管理机构所在省份', { field: 'authority' });
    const city = await this.authorities.byId(a.cityId);
    if (!city || city.parentId !== province.id) throw new AppError(400, 'transfer/authority_invalid', '请选择调入会计管理机构所在地市', { field: 'authority' });
    if (!a.countyId) return city;
    const county = await this.authorities.byId(a.countyId);
    if (!county || county.parentId !== city.id) throw new AppError(400, 'transfer/authority_invalid', '所选区县不属于所选地市，请重新选择', { field: 'authority' });
    return county;
  }

  /** What acceptance writes: for a new employer, the work record it becomes (address with its region names). */
  private async prepare(input: TTransferRequest): Promise<Record<string, unknown>> {
    if (input.reason !== 'work') return { request: input };
    const region = await regionName(this.authorities, input.address, 'address');
    const job: WorkData = {
      startDate: input.startDate,
      endDate: null,
      unitName: input.unitName,
      uscc: input.uscc,
      unitType: input.unitType,
      industry: input.industry,
      address: { provinceId: input.address.provinceId, cityId: input.address.cityId, countyId: input.address.countyId, detail: input.address.detail, regionName: region },
      phone: input.phone,
      hasAccountingExperience: false,
      experiences: [],
      accountingPost: null,
      appointmentDate: null,
      attachments: {},
    };
    return { request: input, job };
  }

  /** The person's record as the reviewer compares it: what the reason changes, as it is now. */
  private async currentDisplay(record: ApprovedRecordView, reason: TransferReason, from: Authority): Promise<Record<string, unknown>> {
    const base = { reason: transferReasonName(reason), reasonCode: reason, authority: await this.authorities.label(from.id) };
    if (reason === 'work') {
      const job = record.work.map((w) => w.data as WorkData).find((w) => w.endDate === null);
      return {
        ...base,
        unitName: job?.unitName ?? '',
        uscc: job?.uscc ?? '',
        unitType: job ? codeName(UNIT_TYPES, job.unitType) : '',
        industry: job ? codeName(INDUSTRIES, job.industry) : '',
        address: job ? [job.address.regionName, job.address.detail].filter(Boolean).join(' ') : '',
        phone: job?.phone ?? '',
        startDate: job?.startDate ?? '',
      };
    }
    if (reason === 'school') {
      const study = record.education.map((e) => e.data as TEducationRequest).find((e) => e.endDate === null);
      return { ...base, school: study?.school ?? '', major: study?.major ?? '', studyMode: study ? codeName(STUDY_MODES, study.studyMode) : '', startDate: study?.startDate ?? '' };
    }
    return { ...base, place: '' };
  }

  private async targetDisplay(data: Record<string, unknown>, target: Authority): Promise<Record<string, unknown>> {
    const r = data.request as TTransferRequest;
    const base = { reason: transferReasonName(r.reason), reasonCode: r.reason, authority: await this.authorities.label(target.id) };
    if (r.reason === 'work') {
      const job = data.job as WorkData;
      return {
        ...base,
        unitName: r.unitName,
        uscc: r.uscc,
        unitType: codeName(UNIT_TYPES, r.unitType),
        industry: codeName(INDUSTRIES, r.industry),
        address: [job.address.regionName, job.address.detail].filter(Boolean).join(' '),
        phone: r.phone ?? '',
        startDate: r.startDate,
      };
    }
    if (r.reason === 'school') return { ...base, school: r.school, major: r.major, studyMode: codeName(STUDY_MODES, r.studyMode), startDate: r.startDate };
    return { ...base, place: r.place };
  }

  private async place(authorityId: string): Promise<Place> {
    const chain = await this.authorities.chain(authorityId);
    const [province, city, county] = chain.map((a) => a.name);
    return { province: province ?? '', city: city ?? '', county: county ?? '', label: chain.map((a) => a.name).join('-') };
  }

  private rows(accountId: string): Promise<TransferRow[]> {
    return this.db.select().from(transferRequests).where(eq(transferRequests.accountId, accountId)).orderBy(desc(transferRequests.submittedAt), desc(transferRequests.id)).limit(200);
  }

  /** `withItems: false` (the console's list) leaves out the review items' opinion and the open item's id. */
  private async toRecord(row: TransferRow, opts: { placeOf?: (id: string) => Promise<Place>; withItems?: boolean } = {}): Promise<TransferRecord<Date>> {
    const placeOf = opts.placeOf ?? ((id: string) => this.place(id));
    const [from, to] = await Promise.all([placeOf(row.fromAuthorityId), placeOf(row.toAuthorityId)]);
    const type = transferType(row.fromAuthorityPath.split('/').filter(Boolean)[1] ?? '', row.toAuthorityPath.split('/').filter(Boolean)[1] ?? '');
    const itemIds = [row.outReviewItemId, row.inReviewItemId].filter((i): i is string => !!i);
    const items = opts.withItems === false ? [] : await this.reviews.forAccountByIds(row.accountId, itemIds);
    const decided = items.filter((i) => i.status === 'rejected').map((i) => i.opinion)[0] ?? null;
    const openItem = items.find((i) => i.status === 'pending' || i.status === 'in_review');
    const request = row.data.request as TTransferRequest;
    const job = row.data.job as WorkData | undefined;
    return {
      id: row.id,
      status: row.status,
      statusLabel: TRANSFER_STATUSES[row.status],
      type,
      typeLabel: TRANSFER_TYPES[type],
      reason: row.reason,
      reasonLabel: transferReasonName(row.reason),
      outAt: row.submittedAt,
      inAt: row.status === 'accepted' ? row.inDecidedAt : null,
      from,
      to,
      details: detailsOf(request, job),
      proofFileId: row.proofFileId,
      opinion: decided,
      openReviewItemId: OPEN_TRANSFER_STATUSES.includes(row.status) ? (openItem?.id ?? null) : null,
    };
  }

  private async lockOpen(tx: Tx, item: ReviewItem, status: TransferStatus): Promise<TransferRow | undefined> {
    const id = item.after.transferId;
    if (typeof id !== 'string') return undefined;
    const [row] = await tx
      .select()
      .from(transferRequests)
      .where(and(eq(transferRequests.id, id), eq(transferRequests.accountId, item.accountId), eq(transferRequests.status, status)))
      .for('update');
    return row;
  }

  private async close(tx: Tx, item: ReviewItem, from: TransferStatus, to: TransferStatus): Promise<void> {
    const row = await this.lockOpen(tx, item, from);
    if (!row) return;
    const now = this.clock.now();
    await tx
      .update(transferRequests)
      .set({ status: to, ...(from === 'out_pending' ? { outDecidedAt: now } : { inDecidedAt: now }) })
      .where(eq(transferRequests.id, row.id));
  }
}

/** 调转详情 (seed 000 图 5-5): the reason's fields, label and value. */
function detailsOf(r: TTransferRequest, job: WorkData | undefined): Array<{ label: string; value: string }> {
  if (r.reason === 'work') {
    return [
      { label: '单位名称', value: r.unitName },
      { label: '统一社会信用代码', value: r.uscc },
      { label: '经济类型', value: codeName(UNIT_TYPES, r.unitType) },
      { label: '所属行业', value: codeName(INDUSTRIES, r.industry) },
      { label: '单位地址', value: [job?.address.regionName.replaceAll(' ', '-'), r.address.detail].filter(Boolean).join(' ') },
      { label: '联系电话', value: r.phone ?? '' },
      { label: '工作开始时间', value: r.startDate },
    ];
  }
  if (r.reason === 'school') {
    return [
      { label: '学校名称', value: r.school },
      { label: '所学专业', value: r.major },
      { label: '培养方式', value: codeName(STUDY_MODES, r.studyMode) },
      { label: '入学时间', value: r.startDate },
    ];
  }
  return [{ label: '转入户籍所在地或居住地', value: r.place }];
}

