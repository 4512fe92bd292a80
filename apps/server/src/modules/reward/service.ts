import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNull, like, type SQL } from 'drizzle-orm';
import {
  maskIdNumber,
  maskName,
  REWARD_APPLICATION_STATUSES,
  REWARD_KIND,
  REWARD_SOURCES,
  rewardKindName,
  type RewardApplicationStatus,
  type RewardKind,
  type RewardSource,
  type TRewardApplication,
  type TRewardRecordInput,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { ApprovedRecord, CollectionService } from '../collection';
import type { FileService } from '../files';
import type { StaffContext } from '../staff';
import { rewardApplications, rewardRecords, type RewardApplicationRow, type RewardRecordRow } from './tables';

export const REWARD_COLLECTION_REQUIRED = '信息采集审核通过后才能申请添加奖励记录';
const PROOF_LABEL = '奖励证明材料';
const DUPLICATE_RECORD = '该人员已有相同文件编号的奖惩记录';
const DUPLICATE_APPLICATION = '该文件编号的奖励已申请或已记录，不能重复申请';

const recordNotFound = () => new AppError(404, 'reward/not_found', '奖惩记录不存在或不在您的管辖范围内');
const applicationNotFound = () => new AppError(404, 'reward/application_not_found', '奖惩申请不存在');
/** Same answer for "no such person" and "not yours": numbers cannot be probed. */
const personNotFound = () => new AppError(404, 'reward/person_not_found', '未找到该证件号码的会计人员，或其信息采集不在您的管辖范围内', { field: 'idNumber' });

export type RewardRecordView = {
  id: string;
  kind: RewardKind;
  kindName: string;
  reason: string;
  occurredOn: string;
  docNumber: string;
  issuer: string;
  source: RewardSource;
  sourceName: string;
  authorityLabel: string;
  createdAt: Date;
};
export type RewardApplicationView = {
  id: string;
  reason: string;
  occurredOn: string;
  docNumber: string;
  issuer: string;
  proofFileId: string;
  status: RewardApplicationStatus;
  statusLabel: string;
  opinion: string | null;
  reviewItemId: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
};
export type ConsoleRewardRecord = RewardRecordView & { name: string; idNumberMasked: string; revokedAt: Date | null };

/**
 * 会计人员奖惩记录 (issue 26): staff of the authority holding a person's approved record enter rewards and
 * penalties; the person may apply to add a reward (奖惩申请, review kind `reward_application`, which holds a
 * transfer back while open: seed 003 §5.1); approval writes the record in the decision's transaction.
 */
export class RewardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly collection: CollectionService,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly audit: AuditLog,
  ) {}

  // ---- the person ----

  /** 我的奖惩记录: the records (not revoked) and the applications, newest first. */
  async mine(accountId: string): Promise<{ refusal: string | null; records: RewardRecordView[]; applications: RewardApplicationView[] }> {
    await this.collection.person(accountId);
    const records = await this.db
      .select()
      .from(rewardRecords)
      .where(and(eq(rewardRecords.accountId, accountId), isNull(rewardRecords.revokedAt)))
      .orderBy(desc(rewardRecords.occurredOn), desc(rewardRecords.createdAt))
      .limit(500);
    const apps = await this.db.select().from(rewardApplications).where(eq(rewardApplications.accountId, accountId)).orderBy(desc(rewardApplications.submittedAt)).limit(500);
    const refusal = (await this.collection.status(accountId)) === 'approved' ? null : REWARD_COLLECTION_REQUIRED;
    return { refusal, records: await this.recordViews(records), applications: await this.applicationViews(apps) };
  }

  async application(accountId: string, id: string): Promise<RewardApplicationView> {
    if (!isUuid(id)) throw applicationNotFound();
    const [row] = await this.db.select().from(rewardApplications).where(and(eq(rewardApplications.id, id), eq(rewardApplications.accountId, accountId)));
    if (!row) throw applicationNotFound();
    return (await this.applicationViews([row]))[0]!;
  }

  /** 申请添加奖励 → 提交审核: filed with the authority holding the person's approved record. */
  async apply(accountId: string, input: TRewardApplication): Promise<RewardApplicationView> {
    const person = await this.collection.person(accountId);
    if ((await this.collection.status(accountId)) !== 'approved') throw new AppError(409, 'reward/collection_required', REWARD_COLLECTION_REQUIRED);
    const record = await this.approved.read(accountId);
    const authority = record?.profile.authorityId ? await this.authorities.byId(record.profile.authorityId) : null;
    if (!authority) throw new AppError(409, 'reward/collection_required', REWARD_COLLECTION_REQUIRED);
    const id = randomUUID();
    const { proofFileId, ...fields } = input;
    try {
      await this.db.transaction(async (tx) => {
        const [recorded] = await tx
          .select({ id: rewardRecords.id })
          .from(rewardRecords)
          .where(and(eq(rewardRecords.accountId, accountId), eq(rewardRecords.kind, 'reward'), eq(rewardRecords.docNumber, fields.docNumber), isNull(rewardRecords.revokedAt)));
        if (recorded) throw new AppError(409, 'reward/duplicate', DUPLICATE_APPLICATION, { field: 'docNumber' });
        await this.files.claim(tx, accountId, proofFileId, 'reward_proof', { usedBy: `reward:${id}`, field: 'proofFileId', label: PROOF_LABEL });
        await tx.insert(rewardApplications).values({ id, accountId, ...fields, proofFileId, status: 'pending', authorityId: authority.id, submittedAt: this.clock.now() });
        const item = await this.reviews.submit(tx, {
          kind: REWARD_KIND,
          accountId,
          authorityId: authority.id,
          authorityPath: authority.path,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: `申请添加奖励：${fields.issuer} ${fields.docNumber}`,
          before: null,
          // applicationId: how the decision finds its application (not a field: fieldsOf leaves it out).
          after: { kind: '奖励', reason: fields.reason, occurredOn: fields.occurredOn, docNumber: fields.docNumber, issuer: fields.issuer, applicationId: id },
          attachments: [{ id: proofFileId, label: PROOF_LABEL }],
        });
        await tx.update(rewardApplications).set({ reviewItemId: item.id }).where(eq(rewardApplications.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'reward_applications_document_uq')) throw new AppError(409, 'reward/duplicate', DUPLICATE_APPLICATION, { field: 'docNumber' });
      throw err;
    }
    return this.application(accountId, id);
  }

  /** 撤回 while 待审核: through the engine, whose hook marks the application. */
  async withdraw(accountId: string, id: string): Promise<RewardApplicationView> {
    const app = await this.application(accountId, id);
    if (app.status !== 'pending' || !app.reviewItemId) throw new AppError(409, 'reward/decided', '该申请已审核完毕，不能撤回');
    await this.reviews.withdraw(accountId, app.reviewItemId);
    return this.application(accountId, id);
  }

  reviewKind(): ReviewKindHandler {
    return {
      kind: REWARD_KIND,
      label: '奖惩申请',
      fields: [
        { key: 'kind', label: '奖惩类型' },
        { key: 'reason', label: '奖惩事由' },
        { key: 'occurredOn', label: '奖惩日期' },
        { key: 'docNumber', label: '文件编号' },
        { key: 'issuer', label: '奖惩单位' },
      ],
      onApproved: async (tx, item) => {
        const row = await this.lockPending(tx, item);
        if (!row) return;
        const now = this.clock.now();
        try {
          await tx.insert(rewardRecords).values({
            id: randomUUID(),
            accountId: row.accountId,
            kind: 'reward',
            reason: row.reason,
            occurredOn: row.occurredOn,
            docNumber: row.docNumber,
            issuer: row.issuer,
            source: 'application',
            applicationId: row.id,
            authorityId: item.authorityId,
            authorityPath: item.authorityPath,
            createdBy: null,
            createdAt: now,
          });
        } catch (err) {
          if (isUniqueViolation(err, 'reward_records_document_uq')) throw new AppError(409, 'reward/duplicate', '该人员已有相同文件编号的奖励记录，请审核不通过并说明原因');
          throw err;
        }
        await tx.update(rewardApplications).set({ status: 'approved', decidedAt: now }).where(eq(rewardApplications.id, row.id));
      },
      onRejected: (tx, item) => this.close(tx, item, 'rejected'),
      onWithdrawn: (tx, item) => this.close(tx, item, 'withdrawn'),
    };
  }

  private async lockPending(tx: Tx, item: ReviewItem): Promise<RewardApplicationRow | undefined> {
    const id = item.after.applicationId;
    if (typeof id !== 'string' || !isUuid(id)) return undefined;
    const [row] = await tx
      .select()
      .from(rewardApplications)
      .where(and(eq(rewardApplications.id, id), eq(rewardApplications.accountId, item.accountId), eq(rewardApplications.status, 'pending')))
      .for('update');
    return row;
  }

  private async close(tx: Tx, item: ReviewItem, status: 'rejected' | 'withdrawn'): Promise<void> {
    const row = await this.lockPending(tx, item);
    if (row) await tx.update(rewardApplications).set({ status, decidedAt: this.clock.now() }).where(eq(rewardApplications.id, row.id));
  }

  // ---- the console ----

  /** 录入奖惩记录: for a person whose approved record an authority of the staff member's subtree holds. */
  async record(ctx: StaffContext, input: TRewardRecordInput, origin: RequestOrigin): Promise<ConsoleRewardRecord> {
    const [accountId] = await this.accounts.idsByIdNumbers([input.idNumber]);
    if (!accountId) throw personNotFound();
    const { idNumber: _n, ...fields } = input;
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        // The profile lock orders this after a transfer's acceptance of the same person.
        const record = await this.approved.read(accountId, tx, true);
        const authority = record?.profile.reviewStatus === 'approved' && record.profile.authorityId ? await this.authorities.byId(record.profile.authorityId) : null;
        if (!authority || !authority.path.startsWith(ctx.authorityPath)) throw personNotFound();
        await tx.insert(rewardRecords).values({
          id,
          accountId,
          ...fields,
          source: 'staff',
          applicationId: null,
          authorityId: authority.id,
          authorityPath: authority.path,
          createdBy: ctx.staffId,
          createdAt: this.clock.now(),
        });
        await this.audit.record(tx, { kind: 'reward_record', actor: ctx, accountId, detail: { recordId: id, kind: fields.kind, docNumber: fields.docNumber } }, origin);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'reward_records_document_uq')) throw new AppError(409, 'reward/duplicate', DUPLICATE_RECORD, { field: 'docNumber' });
      throw err;
    }
    return this.consoleOne(ctx, id);
  }

  /** The records of the staff member's subtree (revoked ones included, marked), newest first. */
  async consoleList(ctx: StaffContext, q: { kind?: RewardKind; idNumber?: string; page: number; pageSize: number }): Promise<{ total: number; items: ConsoleRewardRecord[] }> {
    const conds: SQL[] = [like(rewardRecords.authorityPath, `${ctx.authorityPath}%`)];
    if (q.kind) conds.push(eq(rewardRecords.kind, q.kind));
    if (q.idNumber) {
      const [accountId] = await this.accounts.idsByIdNumbers([q.idNumber.trim().toUpperCase()]);
      if (!accountId) return { total: 0, items: [] };
      conds.push(eq(rewardRecords.accountId, accountId));
    }
    const where = and(...conds);
    const [n] = await this.db.select({ n: count() }).from(rewardRecords).where(where);
    const rows = await this.db
      .select()
      .from(rewardRecords)
      .where(where)
      .orderBy(desc(rewardRecords.createdAt), desc(rewardRecords.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { total: Number(n?.n ?? 0), items: await this.consoleViews(rows) };
  }

  async consoleOne(ctx: StaffContext, id: string): Promise<ConsoleRewardRecord> {
    if (!isUuid(id)) throw recordNotFound();
    const [row] = await this.db.select().from(rewardRecords).where(and(eq(rewardRecords.id, id), like(rewardRecords.authorityPath, `${ctx.authorityPath}%`)));
    if (!row) throw recordNotFound();
    return (await this.consoleViews([row]))[0]!;
  }

  /** 撤销: a record entered in error leaves the person's list; it is kept, marked, with who and when. */
  async revoke(ctx: StaffContext, id: string, origin: RequestOrigin): Promise<ConsoleRewardRecord> {
    if (!isUuid(id)) throw recordNotFound();
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(rewardRecords)
        .where(and(eq(rewardRecords.id, id), like(rewardRecords.authorityPath, `${ctx.authorityPath}%`)))
        .for('update');
      if (!row) throw recordNotFound();
      if (row.revokedAt) throw new AppError(409, 'reward/revoked', '该奖惩记录已撤销');
      await tx.update(rewardRecords).set({ revokedAt: this.clock.now(), revokedBy: ctx.staffId }).where(eq(rewardRecords.id, id));
      await this.audit.record(tx, { kind: 'reward_revoke', actor: ctx, accountId: row.accountId, detail: { recordId: id, docNumber: row.docNumber } }, origin);
    });
    return this.consoleOne(ctx, id);
  }

  // ---- views ----

  private labels = new Map<string, Promise<string>>();
  private label(id: string): Promise<string> {
    return this.labels.get(id) ?? this.labels.set(id, this.authorities.label(id)).get(id)!;
  }

  private async recordViews(rows: RewardRecordRow[]): Promise<RewardRecordView[]> {
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        kind: r.kind,
        kindName: rewardKindName(r.kind),
        reason: r.reason,
        occurredOn: r.occurredOn,
        docNumber: r.docNumber,
        issuer: r.issuer,
        source: r.source,
        sourceName: REWARD_SOURCES[r.source],
        authorityLabel: await this.label(r.authorityId),
        createdAt: r.createdAt,
      })),
    );
  }

  private async consoleViews(rows: RewardRecordRow[]): Promise<ConsoleRewardRecord[]> {
    const views = await this.recordViews(rows);
    const names = await this.accounts.realNames(rows.map((r) => r.accountId));
    return Promise.all(
      rows.map(async (r, i) => {
        const applicant = await this.accounts.applicant(r.accountId);
        const name = names.get(r.accountId);
        return { ...views[i]!, name: name ?? applicant?.maskedName ?? '', idNumberMasked: applicant?.maskedIdNumber ?? '', revokedAt: r.revokedAt };
      }),
    );
  }

  private async applicationViews(rows: RewardApplicationRow[]): Promise<RewardApplicationView[]> {
    const items = new Map<string, ReviewItem>();
    const byAccount = new Map<string, string[]>();
    for (const r of rows) if (r.reviewItemId) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r.reviewItemId]);
    for (const [accountId, ids] of byAccount) for (const i of await this.reviews.forAccountByIds(accountId, ids)) items.set(i.id, i);
    return rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      occurredOn: r.occurredOn,
      docNumber: r.docNumber,
      issuer: r.issuer,
      proofFileId: r.proofFileId,
      status: r.status,
      statusLabel: REWARD_APPLICATION_STATUSES[r.status],
      opinion: r.reviewItemId ? (items.get(r.reviewItemId)?.opinion ?? null) : null,
      reviewItemId: r.reviewItemId,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
    }));
  }
}
