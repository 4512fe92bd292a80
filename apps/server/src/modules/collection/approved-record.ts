import { and, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import type { BasicData, TBasicInfoRequest, TEducationRequest, WorkData } from '@ausm/domain';
import { batchedRead, groupRows, isUuid, preparedOnce, type Db, type Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { AuthorityService } from '../authority';
import type { FileService } from '../files';
import { regionName } from './regions';
import { CollectionRepo, type EducationRow, type ProfileRow, type WorkRow } from './repo';
import { collectionProfiles, educationRecords, workRecords, workUsccOf, type DegreeCheckState } from './tables';

export type ApprovedRecordView = { profile: ProfileRow; education: EducationRow[]; work: WorkRow[] };

/**
 * The approved 信息采集 record as 信息变更 (modules/change) reads and changes it. Once approved, the
 * wizard's writes no longer touch the record; this is the one other path that does, and only inside the
 * transaction of a change's approval (the review engine's decision hook), so the record is always
 * either the old version or the new one (docs/record-life.md).
 */
export class ApprovedRecord {
  private readonly repo = new CollectionRepo();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly authorities: AuthorityService,
    private readonly files: FileService,
  ) {}

  /** The person's record, or undefined before 信息采集 has a profile. `tx` with `lock` locks the profile. */
  async read(accountId: string, tx?: Tx, lock = false): Promise<ApprovedRecordView | undefined> {
    // Outside a transaction, with the other requests' of the moment (the exam's peak reads it with every submit).
    if (!tx) return this.readBatched(accountId);
    const db = tx;
    const profile = await this.repo.profile(db, accountId, lock && !!tx);
    if (!profile) return undefined;
    const [education, work] = await Promise.all([this.repo.education(db, accountId), this.repo.work(db, accountId)]);
    return { profile, education, work };
  }

  private readonly readBatched = batchedRead(async (accountIds: readonly string[]) => {
    const ids = accountIds.filter(isUuid);
    const [profiles, education, work] = await Promise.all([this.profilesOf().execute({ ids }), this.educationOf().execute({ ids }), this.workOf().execute({ ids })]);
    const p = groupRows(accountIds, profiles, (r) => r.accountId);
    const e = groupRows(accountIds, education, (r) => r.accountId);
    const w = groupRows(accountIds, work, (r) => r.accountId);
    return accountIds.map((_, i): ApprovedRecordView | undefined => (p[i]![0] ? { profile: p[i]![0], education: e[i]!, work: w[i]! } : undefined));
  });

  private readonly profilesOf = preparedOnce(() => this.repo.profilesOf(this.db, sql.placeholder('ids')).prepare('collection_profiles_of'));
  private readonly educationOf = preparedOnce(() => this.repo.educationOf(this.db, sql.placeholder('ids')).prepare('education_records_of'));
  private readonly workOf = preparedOnce(() => this.repo.workOf(this.db, sql.placeholder('ids')).prepare('work_records_of'));

  /**
   * The people whose approved record an authority of `authorityIds` (a subquery, AuthorityService.idsWithin)
   * holds: the population of a per-authority view (继续教育: who reached the year's credits).
   */
  async peopleWithin(authorityIds: SQLWrapper): Promise<Array<{ accountId: string; authorityId: string }>> {
    const rows = await this.db
      .select({ accountId: collectionProfiles.accountId, authorityId: collectionProfiles.authorityId })
      .from(collectionProfiles)
      .where(and(inArray(collectionProfiles.authorityId, authorityIds), eq(collectionProfiles.reviewStatus, 'approved')));
    return rows.map((r) => ({ accountId: r.accountId, authorityId: r.authorityId! }));
  }

  /**
   * 基本信息 as a change would save it: what registration fixed (a mainland ID's sex and birth date)
   * stays as it is, the address gets its region names. Checks the files are the person's.
   */
  async prepareBasic(person: { mainland: boolean; sex: 'male' | 'female' | null; birthDate: string | null }, input: TBasicInfoRequest): Promise<BasicData> {
    const fields: Record<string, string> = {};
    if (!person.mainland) {
      if (!input.sex) fields.sex = '请选择性别';
      if (!input.birthDate) fields.birthDate = '请选择出生年月';
    }
    if (Object.keys(fields).length) throw new AppError(400, 'validation/failed', Object.values(fields)[0]!, { fields });
    const region = await regionName(this.authorities, input.address, 'address');
    return {
      ...input,
      sex: person.mainland ? person.sex : input.sex,
      birthDate: person.mainland ? person.birthDate : input.birthDate,
      residencePermitNo: person.mainland ? null : (input.residencePermitNo ?? null),
      address: { ...input.address, regionName: region },
    };
  }

  /** Claims the files of a 基本信息 change for the profile, inside the change's transaction. */
  async claimBasicFiles(tx: Tx, accountId: string, basic: BasicData): Promise<void> {
    const use = (field: string, label: string) => ({ usedBy: `collection_profile:${accountId}`, field, label });
    await this.files.claim(tx, accountId, basic.photoFileId, 'standard_photo', use('photoFileId', '照片'));
    if (basic.idProofFrontFileId) await this.files.claim(tx, accountId, basic.idProofFrontFileId, 'proof', use('idProofFrontFileId', '身份证明正面'));
    if (basic.idProofBackFileId) await this.files.claim(tx, accountId, basic.idProofBackFileId, 'proof', use('idProofBackFileId', '身份证明背面'));
  }

  // ---- applying an approved change: only from a decision's transaction ----

  async applyBasic(tx: Tx, accountId: string, basic: BasicData): Promise<void> {
    await this.repo.updateProfile(tx, accountId, { basic, updatedAt: this.clock.now() });
  }

  async applyScope(tx: Tx, accountId: string, scope: string): Promise<void> {
    // The national qualification lookup belonged to the old scope.
    await this.repo.updateProfile(tx, accountId, { scope, qualification: null, updatedAt: this.clock.now() });
  }

  // ---- 属地关系调转 (modules/transfer): only from the 调入 acceptance's transaction ----

  /** The person, their record and what they submit from now on belong to `authorityId`. */
  async moveTo(tx: Tx, accountId: string, authorityId: string): Promise<void> {
    await this.repo.updateProfile(tx, accountId, { authorityId, updatedAt: this.clock.now() });
  }

  /**
   * 工作单位所在地变动: the new employer becomes a work record starting on `job.startDate`, approved by the
   * acceptance; the jobs (and their 会计工作经历) still running end the day before it. The 会计工作 the person
   * was doing goes on at the new employer (same 岗位层级 and 岗位), so a 会计人员 stays one (seed 001).
   */
  async startJob(tx: Tx, accountId: string, recordId: string, job: WorkData, reviewItemId: string): Promise<void> {
    const now = this.clock.now();
    const dayBefore = new Date(Date.parse(`${job.startDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const rows = await this.repo.work(tx, accountId);
    const running = rows.flatMap((r) => (r.data as WorkData).experiences ?? []).find((e) => e.endDate === null);
    const newJob: WorkData = running
      ? { ...job, hasAccountingExperience: true, experiences: [{ postLevel: running.postLevel, position: running.position, startDate: job.startDate, endDate: null }] }
      : job;
    for (const row of rows) {
      const data = row.data as WorkData;
      if (data.endDate !== null) continue;
      // A job that began on the new one's first day or later cannot end before it: it stays as it is.
      if (data.startDate > dayBefore) continue;
      const experiences = data.experiences.map((e) => (e.endDate === null ? { ...e, endDate: e.startDate > dayBefore ? e.startDate : dayBefore } : e));
      await tx
        .update(workRecords)
        .set({ data: { ...data, endDate: dayBefore, experiences } as Record<string, unknown>, uscc: workUsccOf(data), updatedAt: now })
        .where(and(eq(workRecords.id, row.id), eq(workRecords.accountId, accountId)));
    }
    await tx.insert(workRecords).values({
      id: recordId,
      accountId,
      source: 'self',
      data: newJob as unknown as Record<string, unknown>,
      uscc: workUsccOf(newJob),
      reviewStatus: 'approved',
      reviewItemId,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** 新增 / 修改 / 删除 of an education or work record; the record is approved by the decision that applies it. */
  async applyRecord(
    tx: Tx,
    part: 'education' | 'work',
    method: 'add' | 'modify' | 'delete',
    accountId: string,
    recordId: string,
    change: {
      data: TEducationRequest | WorkData | null;
      degreeCheck: DegreeCheckState | null;
      reviewItemId: string;
      /** The record's version the 修改 was written against: another write since (a 属地关系调转 ending the job) refuses it. */
      baseUpdatedAt?: Date | null;
    },
  ): Promise<void> {
    const table = part === 'education' ? educationRecords : workRecords;
    const now = this.clock.now();
    const gone = () => new AppError(409, 'change/record_gone', '该记录已不存在，变更无法生效');
    if (method === 'add') {
      await tx.insert(table).values({
        id: recordId,
        accountId,
        source: 'self',
        data: change.data as Record<string, unknown>,
        ...(part === 'education' ? { degreeCheck: change.degreeCheck ?? 'unchecked' } : { uscc: workUsccOf(change.data ?? {}) }),
        reviewStatus: 'approved',
        reviewItemId: change.reviewItemId,
        createdAt: now,
        updatedAt: now,
      });
      return;
    }
    const where = and(eq(table.id, recordId), eq(table.accountId, accountId));
    if (method === 'delete') {
      const deleted = await tx.delete(table).where(where).returning({ id: table.id });
      if (!deleted.length) throw gone();
      return;
    }
    const updated = await tx
      .update(table)
      .set({
        data: change.data as Record<string, unknown>,
        ...(part === 'education' ? { degreeCheck: change.degreeCheck ?? 'unchecked' } : { uscc: workUsccOf(change.data ?? {}) }),
        reviewStatus: 'approved',
        reviewOpinion: null,
        reviewItemId: change.reviewItemId,
        updatedAt: now,
      })
      .where(change.baseUpdatedAt ? and(where, eq(table.updatedAt, change.baseUpdatedAt)) : where)
      .returning({ id: table.id });
    if (!updated.length) {
      const [exists] = await tx.select({ id: table.id }).from(table).where(where);
      if (!exists) throw gone();
      throw new AppError(409, 'change/record_changed', '该记录在提交变更后已发生变化（如属地关系调转结束了原工作），本次变更无法生效，请审核不通过，由本人按现有信息重新提交');
    }
  }
}
