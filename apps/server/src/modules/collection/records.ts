import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  appointmentBeforeQualification,
  chinaToday,
  educationAttachmentSlots,
  educationOverlapMessage,
  workOverlapMessage,
  overlappingRecord,
  missingAttachments,
  needsDegreeCheck,
  POST_QUALIFICATION_LEVEL,
  workAttachmentSlots,
  workOverlaps,
  type AttachmentSlot,
  type EducationView,
  type WorkData,
  type WorkView,
  type TEducationRequest,
  type TWorkRequest,
} from '@ausm/domain';
import { isUuid, type Db, type Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { DegreeServiceUnavailable, type DegreeVerifier } from '../../platform/degree';
import { AppError } from '../../platform/errors';
import { QualificationServiceUnavailable, type QualificationRegistry } from '../../platform/qualification';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { FileService } from '../files';
import { assertWritable } from './lock';
import { regionName } from './regions';
import { CollectionRepo, type EducationRow, type RecordTable, type WorkRow } from './repo';
import { educationRecords, workRecords, workUsccOf, type DegreeCheckState, type PartStatus } from './tables';

export type { EducationView, WorkView };
type RecordMeta = Pick<EducationView, 'id' | 'source' | 'lockedFields' | 'reviewStatus' | 'reviewOpinion' | 'reviewItemId'>;

/** Enough for 200 rows of each (issue 5) with room; more is not a person's history. */
export const MAX_RECORDS = 300;

const OPEN: PartStatus[] = ['pending', 'in_review'];
const notFound = () => new AppError(404, 'collection/record_not_found', '该记录不存在');
const underReview = () => new AppError(409, 'collection/under_review', '该信息正在审核中，不能修改');

/**
 * 教育经历 and 工作经历 (seed 000 §3.3–3.4, 001 §3.3–3.4): add, edit, delete; the attachments each
 * record needs; the 学信网 check of a degree; the 历史 records a province imported.
 */
export class CollectionRecords {
  private readonly repo = new CollectionRepo();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly files: FileService,
    private readonly degrees: DegreeVerifier,
    private readonly qualifications: QualificationRegistry,
  ) {}

  async education(accountId: string): Promise<EducationView[]> {
    return (await this.repo.education(this.db, accountId)).map(educationView);
  }

  async work(accountId: string): Promise<WorkView[]> {
    return (await this.repo.work(this.db, accountId)).map(workView);
  }

  // ---- 教育经历 ----

  async addEducation(accountId: string, input: TEducationRequest): Promise<{ record: EducationView; degreeCheck: DegreeCheckState }> {
    await assertWritable(this.repo, this.db, accountId);
    const others = await this.repo.education(this.db, accountId);
    if (others.length >= MAX_RECORDS) throw new AppError(400, 'collection/too_many', `教育经历最多${MAX_RECORDS}条`);
    this.checkEducationOverlap(input, others);
    const degreeCheck = await this.checkDegree(accountId, input);
    const scope = await this.scope(accountId);
    const attachments = this.requireEducationAttachments(input, degreeCheck, scope);
    const id = randomUUID();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await assertWritable(this.repo, tx, accountId, true);
      this.checkEducationOverlap(input, await this.repo.education(tx, accountId));
      await this.claimAll(tx, accountId, `education_record:${id}`, attachments, educationAttachmentSlots(input, { degreeCheck, scope }));
      await tx.insert(educationRecords).values({ id, accountId, source: 'self', data: { ...input, attachments }, degreeCheck, createdAt: now, updatedAt: now });
    });
    const [row] = await this.db.select().from(educationRecords).where(eq(educationRecords.id, id));
    return { record: educationView(row!), degreeCheck };
  }

  async updateEducation(accountId: string, id: string, input: TEducationRequest): Promise<{ record: EducationView; degreeCheck: DegreeCheckState }> {
    await assertWritable(this.repo, this.db, accountId);
    const before = await this.owned(educationRecords, accountId, id);
    if (OPEN.includes(before.reviewStatus)) throw underReview();
    checkLocked(before.lockedFields, before.data, input);
    this.checkEducationOverlap(input, (await this.repo.education(this.db, accountId)).filter((e) => e.id !== id));
    const old = before.data as TEducationRequest;
    // The national check runs again only when what it checked changed, or when it did not verify.
    const same = CHECKED_FIELDS.every((f) => old[f] === input[f]);
    const degreeCheck = same && before.degreeCheck === 'verified' ? 'verified' : await this.checkDegree(accountId, input);
    const scope = await this.scope(accountId);
    const attachments = this.requireEducationAttachments(input, degreeCheck, scope);
    await this.db.transaction(async (tx) => {
      await assertWritable(this.repo, tx, accountId, true);
      this.checkEducationOverlap(input, (await this.repo.education(tx, accountId)).filter((e) => e.id !== id));
      const row = await this.repo.record(tx, educationRecords, accountId, id);
      if (!row) throw notFound();
      if (OPEN.includes(row.reviewStatus)) throw underReview();
      await this.claimAll(tx, accountId, `education_record:${id}`, attachments, educationAttachmentSlots(input, { degreeCheck, scope }));
      await tx
        .update(educationRecords)
        .set({ data: { ...input, attachments }, degreeCheck, reviewStatus: 'draft', updatedAt: this.clock.now() })
        .where(eq(educationRecords.id, id));
    });
    const [row] = await this.db.select().from(educationRecords).where(eq(educationRecords.id, id));
    return { record: educationView(row!), degreeCheck };
  }

  // ---- 工作经历 ----

  async addWork(accountId: string, input: TWorkRequest): Promise<{ record: WorkView }> {
    await assertWritable(this.repo, this.db, accountId);
    const others = await this.repo.work(this.db, accountId);
    if (others.length >= MAX_RECORDS) throw new AppError(400, 'collection/too_many', `工作经历最多${MAX_RECORDS}条`);
    const data = await this.checkWork(accountId, input, others);
    const id = randomUUID();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await assertWritable(this.repo, tx, accountId, true);
      await this.claimAll(tx, accountId, `work_record:${id}`, data.attachments, workAttachmentSlots(input));
      await tx.insert(workRecords).values({ id, accountId, source: 'self', data, uscc: workUsccOf(data), createdAt: now, updatedAt: now });
    });
    const [row] = await this.db.select().from(workRecords).where(eq(workRecords.id, id));
    return { record: workView(row!) };
  }

  async updateWork(accountId: string, id: string, input: TWorkRequest): Promise<{ record: WorkView }> {
    await assertWritable(this.repo, this.db, accountId);
    const before = await this.owned(workRecords, accountId, id);
    if (OPEN.includes(before.reviewStatus)) throw underReview();
    checkLocked(before.lockedFields, before.data, input);
    const others = (await this.repo.work(this.db, accountId)).filter((w) => w.id !== id);
    const data = await this.checkWork(accountId, input, others);
    await this.db.transaction(async (tx) => {
      await assertWritable(this.repo, tx, accountId, true);
      const row = await this.repo.record(tx, workRecords, accountId, id);
      if (!row) throw notFound();
      if (OPEN.includes(row.reviewStatus)) throw underReview();
      await this.claimAll(tx, accountId, `work_record:${id}`, data.attachments, workAttachmentSlots(input));
      await tx.update(workRecords).set({ data, uscc: workUsccOf(data), reviewStatus: 'draft', updatedAt: this.clock.now() }).where(eq(workRecords.id, id));
    });
    const [row] = await this.db.select().from(workRecords).where(eq(workRecords.id, id));
    return { record: workView(row!) };
  }

  /** 删除: a record under review stays; an imported one may go (seed 001: 删掉本条记录后新增). */
  async remove(part: 'education' | 'work', accountId: string, id: string): Promise<void> {
    const table: RecordTable = part === 'education' ? educationRecords : workRecords;
    await this.db.transaction(async (tx) => {
      await assertWritable(this.repo, tx, accountId, true);
      const row = isUuid(id) ? await this.repo.record(tx, table, accountId, id) : undefined;
      if (!row) throw notFound();
      if (OPEN.includes(row.reviewStatus)) throw underReview();
      await tx.delete(table).where(eq(table.id, id));
    });
  }

  // ---- attachments ----

  /** The labels of required attachments a record lacks, or null (checked again at submission). */
  missingAttachments(record: EducationView | WorkView, scope: string | null): string | null {
    const slots =
      'school' in record ? educationAttachmentSlots(record, { degreeCheck: record.degreeCheck, scope }) : workAttachmentSlots(record);
    const missing = slots.filter((s) => s.required && !record.attachments[s.key]);
    return missing.length ? missing.map((s) => s.label).join('、') : null;
  }

  educationAttachmentList(data: TEducationRequest, degreeCheck: DegreeCheckState, scope: string | null) {
    return attachmentList(educationAttachmentSlots(data, { degreeCheck, scope }), data.attachments);
  }

  workAttachmentList(data: TWorkRequest) {
    return attachmentList(workAttachmentSlots(data), data.attachments);
  }

  // ---- 历史 records ----

  /**
   * Turns rows a province imported for this person into their records, once: those imported by an
   * authority whose subtree holds the person's 会计管理部门, or all while the person has chosen none
   * (issue 17 item 14). Rows of another subtree stay where they are, never shown to the person.
   */
  async takeImports(accountId: string, idType: string, idNumber: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const profile = await this.repo.profile(tx, accountId);
      const personPath = profile?.authorityId ? ((await this.authorities.byId(profile.authorityId))?.path ?? null) : null;
      const rows = (await this.repo.pendingImports(tx, idType, idNumber)).filter(
        (r) => r.authorityPath !== null && (personPath === null || personPath.startsWith(r.authorityPath)),
      );
      const now = this.clock.now();
      for (const r of rows) {
        const table = r.part === 'education' ? educationRecords : workRecords;
        const lockedFields = Object.keys(r.data).filter((k) => r.data[k] !== null && r.data[k] !== '' && k !== 'attachments');
        await tx.insert(table).values({
          id: randomUUID(),
          accountId,
          source: 'import',
          lockedFields,
          data: { attachments: {}, ...r.data },
          ...(r.part === 'education' ? { degreeCheck: 'unchecked' as const } : { uscc: workUsccOf(r.data) }),
          createdAt: now,
          updatedAt: now,
        });
        await this.repo.markImportTaken(tx, r.id, accountId, now);
      }
    });
  }

  // ---- 信息变更 (modules/change): the same rules, on the approved record ----

  /**
   * An education record as 信息变更 would make it: the 学信网 check (again only when what it checked
   * changed), the attachments by rule, and no period shared with the person's other records (seed 000
   * §4.2: 新增教育经历时间不得和已新增的教育经历时间交叉). Nothing is written.
   */
  async prepareEducationChange(
    accountId: string,
    input: TEducationRequest,
    current: { data: Record<string, unknown>; degreeCheck: DegreeCheckState } | null,
    others: Array<{ id: string; data: Record<string, unknown> }>,
    scope: string | null,
  ): Promise<{ data: TEducationRequest; degreeCheck: DegreeCheckState }> {
    const today = chinaToday(this.clock.now());
    const clash = workOverlaps([...others.map((e) => ({ id: e.id, ...(e.data as TEducationRequest) })), { id: 'new', ...input }], today);
    if (clash) {
      const other = others.find((e) => clash.includes(e.id));
      throw new AppError(400, 'change/education_overlap', `教育经历时间与“${(other?.data as TEducationRequest | undefined)?.school ?? ''}”的教育经历交叉，请核对`, { field: 'startDate' });
    }
    const old = current?.data as TEducationRequest | undefined;
    const same = !!old && CHECKED_FIELDS.every((f) => old[f] === input[f]);
    const degreeCheck = same && current!.degreeCheck === 'verified' ? 'verified' : await this.checkDegree(accountId, input);
    const attachments = this.requireEducationAttachments(input, degreeCheck, scope);
    return { data: { ...input, attachments }, degreeCheck };
  }

  /** A work record as 信息变更 would make it: overlaps with `others`, 聘任时间, attachments, region names. */
  async prepareWorkChange(accountId: string, input: TWorkRequest, others: WorkRow[]): Promise<WorkData> {
    return this.checkWork(accountId, input, others);
  }

  /** Claims a changed record's files for the record they will belong to, inside the change's transaction. */
  async claimEducationFiles(tx: Tx, accountId: string, recordId: string, data: TEducationRequest, degreeCheck: DegreeCheckState, scope: string | null): Promise<void> {
    await this.claimAll(tx, accountId, `education_record:${recordId}`, data.attachments, educationAttachmentSlots(data, { degreeCheck, scope }));
  }

  async claimWorkFiles(tx: Tx, accountId: string, recordId: string, data: WorkData): Promise<void> {
    await this.claimAll(tx, accountId, `work_record:${recordId}`, data.attachments, workAttachmentSlots(data));
  }

  // ---- internals ----

  private async owned<T extends RecordTable>(table: T, accountId: string, id: string): Promise<T['$inferSelect']> {
    if (!isUuid(id)) throw notFound();
    const rows = await this.db.select().from(table as RecordTable).where(eq(table.id, id));
    const row = rows[0];
    if (!row || row.accountId !== accountId) throw notFound();
    return row as T['$inferSelect'];
  }

  private async scope(accountId: string): Promise<string | null> {
    return (await this.repo.profile(this.db, accountId))?.scope ?? null;
  }

  /**
   * 大专 and above: the national degree database first (seed 003 §3.4); certificates are asked for
   * only when it did not verify, or could not answer in time.
   */
  private async checkDegree(accountId: string, input: TEducationRequest): Promise<DegreeCheckState> {
    if (!needsDegreeCheck(input)) return 'not_applicable';
    const identity = (await this.accounts.identity(accountId))!;
    const query = { name: identity.realName, idNumber: identity.idNumber, school: input.school, graduationDate: input.endDate! };
    try {
      const checks = [this.degrees.verify({ ...query, kind: 'diploma', certificateNo: input.diplomaNo ?? '' })];
      if (input.degree !== 'none' && input.degreeNo) checks.push(this.degrees.verify({ ...query, kind: 'degree', certificateNo: input.degreeNo }));
      const results = await Promise.all(checks);
      return results.every((r) => r.result === 'verified') ? 'verified' : 'failed';
    } catch (err) {
      if (err instanceof DegreeServiceUnavailable) return 'unavailable';
      throw err;
    }
  }

  private requireEducationAttachments(input: TEducationRequest, degreeCheck: DegreeCheckState, scope: string | null): Record<string, string> {
    const slots = educationAttachmentSlots(input, { degreeCheck, scope });
    const missing = missingAttachments(slots, input.attachments);
    if (Object.keys(missing).length) {
      const message =
        degreeCheck === 'failed'
          ? '学信网核验未通过，请核对证书编号，或上传学历证书、学位证书'
          : degreeCheck === 'unavailable'
            ? '学信网核验服务暂时无法访问，请上传学历证书、学位证书'
            : Object.values(missing)[0]!;
      const code = degreeCheck === 'failed' || degreeCheck === 'unavailable' ? 'collection/degree_check_failed' : 'collection/attachment_missing';
      throw new AppError(400, code, message, { fields: missing, data: { degreeCheck } });
    }
    return keepSlots(slots, input.attachments);
  }

  /** seeds 000/003 §4: 新增教育经历时间不得和已新增的教育经历时间交叉. */
  private checkEducationOverlap(input: TEducationRequest, others: EducationRow[]): void {
    const today = chinaToday(this.clock.now());
    const clash = overlappingRecord(input, others.map((e) => e.data as Partial<TEducationRequest>), today);
    if (clash) throw new AppError(400, 'collection/education_overlap', educationOverlapMessage(clash.school ?? ''), { field: 'startDate' });
  }

  /** The rules of a work record that need the person's other records or the national registry. */
  private async checkWork(accountId: string, input: TWorkRequest, others: WorkRow[]): Promise<WorkData> {
    const today = chinaToday(this.clock.now());
    const clash = workOverlaps([...others.map((w) => ({ id: w.id, ...(w.data as TWorkRequest) })), { id: 'new', ...input }], today);
    if (clash) {
      const other = others.find((w) => clash.includes(w.id));
      const name = other ? (other.data as TWorkRequest).unitName : '';
      throw new AppError(400, 'collection/work_overlap', workOverlapMessage(name), { field: 'startDate' });
    }
    const level = input.accountingPost ? POST_QUALIFICATION_LEVEL[input.accountingPost] : undefined;
    if (level && input.appointmentDate) {
      const identity = (await this.accounts.identity(accountId))!;
      try {
        const certs = await this.qualifications.lookup({ idNumber: identity.idNumber, name: identity.realName });
        const dates = certs.filter((c) => c.level === level).map((c) => c.obtainedAt);
        const problem = appointmentBeforeQualification(input.appointmentDate, dates);
        if (problem) throw new AppError(400, 'collection/appointment_before_qualification', problem, { field: 'appointmentDate' });
      } catch (err) {
        // The registry is down: the reviewer checks the date against the certificate instead.
        if (!(err instanceof QualificationServiceUnavailable)) throw err;
      }
    }
    const slots = workAttachmentSlots(input);
    const missing = missingAttachments(slots, input.attachments);
    if (Object.keys(missing).length) throw new AppError(400, 'collection/attachment_missing', Object.values(missing)[0]!, { fields: missing });
    const region = await regionName(this.authorities, input.address, 'address');
    return { ...input, attachments: keepSlots(slots, input.attachments), address: { ...input.address, regionName: region } };
  }

  private async claimAll(tx: Tx, accountId: string, usedBy: string, attachments: Record<string, string>, slots: AttachmentSlot[]): Promise<void> {
    for (const slot of slots) {
      const fileId = attachments[slot.key];
      if (fileId) await this.files.claim(tx, accountId, fileId, 'proof', { usedBy, field: `attachments.${slot.key}`, label: slot.label });
    }
  }
}

// What the 学信网 check looked at: a change of any of them asks it again.
const CHECKED_FIELDS = ['school', 'educationLevel', 'endDate', 'diplomaNo', 'degree', 'degreeNo', 'studyMode'] as const;

/** An imported record's original fields stay as they were (seed 001: 原始信息是无法进行编辑的). */
function checkLocked(locked: string[], data: Record<string, unknown>, input: Record<string, unknown>): void {
  for (const field of locked) {
    if (JSON.stringify(data[field] ?? null) !== JSON.stringify(input[field] ?? null)) {
      throw new AppError(400, 'collection/locked_field', '原省平台采集的信息不能修改；如有误，请删除本条记录后重新新增', { field });
    }
  }
}

const keepSlots = (slots: AttachmentSlot[], attachments: Record<string, string>) =>
  Object.fromEntries(slots.filter((s) => attachments[s.key]).map((s) => [s.key, attachments[s.key]!]));

const attachmentList = (slots: AttachmentSlot[], attachments: Record<string, string>) =>
  slots.filter((s) => attachments[s.key]).map((s) => ({ id: attachments[s.key]!, label: s.label }));

const meta = (r: EducationRow | WorkRow): RecordMeta => ({
  id: r.id,
  source: r.source,
  lockedFields: r.lockedFields,
  reviewStatus: r.reviewStatus,
  reviewOpinion: r.reviewOpinion,
  reviewItemId: r.reviewItemId,
});
const educationView = (r: EducationRow): EducationView => ({ ...(r.data as TEducationRequest), ...meta(r), degreeCheck: r.degreeCheck });
const workView = (r: WorkRow): WorkView => ({ ...(r.data as WorkData), ...meta(r) });

