import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  ACCOUNTING_POSITIONS,
  ACCOUNTING_POSTS,
  CE_CATEGORY_NAMES,
  EMPLOYER_CE_STATUSES,
  EMPLOYMENT_DECISIONS,
  POST_LEVELS,
  ceCategoryOf,
  ceClaimedCredits,
  ceFormName,
  ceRuleCredits,
  ceYear,
  ceYearClosedMessage,
  chinaToday,
  codeName,
  employerCeReason,
  isCeYearClosed,
  maskIdNumber,
  type CeYearProgress,
  type EmployerCeForm,
  type EmploymentDecision,
  type TEmployerCeFiling,
  type WorkData,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import { provinceOfPath, type CeService } from '../ce/service';
import { collectionProfiles, workRecords, workUsccOf } from '../collection/tables';
import type { FileService } from '../files';
import type { EmployerService } from './service';
import { employerCeFilings, employers, employerStaffDecisions, type EmployerCeFilingRow } from './tables';

/** The review engine's kind of a 单位申报继续教育. */
export const EMPLOYER_CE_KIND = 'employer_ce';
const PROOF_LABEL = '单位申报继续教育证明材料';
/** The most people one list (and one export) holds. */
export const EMPLOYER_STAFF_MAX = 5000;

const toTenths = (n: number) => Math.round(n * 10);
const fromTenths = (t: number) => t / 10;

export type EmployerStaffRow = {
  accountId: string;
  name: string;
  idNumberMasked: string;
  postLevel: string;
  position: string;
  title: string;
  startDate: string;
  decision: EmploymentDecision | null;
  decisionLabel: string;
  decidedAt: Date | null;
  ce: Pick<CeYearProgress, 'year' | 'total' | 'professional' | 'public' | 'reached' | 'summary'>;
};

type Current = { accountId: string; workRecordId: string; authorityId: string; data: WorkData };

/**
 * 单位会计人员信息管理 and 单位会计人员继续教育管理 (issue 26): the people whose current approved work record
 * names the employer's 统一社会信用代码, the employer's word on their employment, and the trainings it files
 * for those it confirmed (reviewed once by the employer's authority, crediting each person once).
 */
export class EmployerStaffService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly employers: EmployerService,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly ce: CeService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The people whose approved 信息采集 has an approved work record, running (至今), that names `uscc`: the
   * latest such record of each. Found by the plain uscc column, then checked against the sealed record itself.
   */
  private async current(uscc: string): Promise<Map<string, Current>> {
    const rows = await this.db
      .select({ id: workRecords.id, accountId: workRecords.accountId, data: workRecords.data, createdAt: workRecords.createdAt, authorityId: collectionProfiles.authorityId })
      .from(workRecords)
      .innerJoin(collectionProfiles, eq(collectionProfiles.accountId, workRecords.accountId))
      .where(and(eq(workRecords.uscc, uscc), eq(workRecords.reviewStatus, 'approved'), eq(collectionProfiles.reviewStatus, 'approved')))
      .orderBy(desc(workRecords.createdAt))
      .limit(EMPLOYER_STAFF_MAX * 2);
    const out = new Map<string, Current>();
    for (const r of rows) {
      const data = r.data as unknown as WorkData;
      if (data.uscc !== uscc || data.endDate !== null || !r.authorityId || out.has(r.accountId)) continue;
      out.set(r.accountId, { accountId: r.accountId, workRecordId: r.id, authorityId: r.authorityId, data });
      if (out.size >= EMPLOYER_STAFF_MAX) break;
    }
    return out;
  }

  /** 单位会计人员信息管理: the list, with the employer's word on each and the year's continuing education. */
  async list(employerId: string): Promise<{ year: number; items: EmployerStaffRow[] }> {
    const employer = await this.employers.approved(employerId);
    await backfillWorkUscc(this.db);
    const current = await this.current(employer.uscc);
    const people = [...current.values()];
    const year = Number(chinaToday(this.clock.now()).slice(0, 4));
    const ids = people.map((p) => p.accountId);
    const [decisions, names, progress] = await Promise.all([
      ids.length ? this.db.select().from(employerStaffDecisions).where(and(eq(employerStaffDecisions.employerId, employerId), inArray(employerStaffDecisions.accountId, ids))) : [],
      this.accounts.realNames(ids),
      this.ce.progressOf(people, year),
    ]);
    const decided = new Map(decisions.map((d) => [d.accountId, d]));
    const items: EmployerStaffRow[] = [];
    for (const p of people) {
      const applicant = await this.accounts.applicant(p.accountId);
      // A word about an earlier job at the same employer (another work record) is not a word about this one.
      const d = decided.get(p.accountId);
      const decision = d && d.workRecordId === p.workRecordId ? d : null;
      const running = (p.data.experiences ?? []).find((e) => e.endDate === null) ?? null;
      const ce = progress.get(p.accountId)!;
      items.push({
        accountId: p.accountId,
        name: names.get(p.accountId) ?? '',
        idNumberMasked: applicant?.maskedIdNumber ?? '',
        postLevel: running ? codeName(POST_LEVELS, running.postLevel) : '',
        position: running ? codeName(ACCOUNTING_POSITIONS, running.position) : '',
        title: p.data.accountingPost ? codeName(ACCOUNTING_POSTS, p.data.accountingPost) : '',
        startDate: p.data.startDate,
        decision: decision?.decision ?? null,
        decisionLabel: decision ? EMPLOYMENT_DECISIONS[decision.decision] : '待确认',
        decidedAt: decision?.decidedAt ?? null,
        ce: { year: ce.year, total: ce.total, professional: ce.professional, public: ce.public, reached: ce.reached, summary: ce.summary },
      });
    }
    items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.accountId.localeCompare(b.accountId));
    return { year, items };
  }

  /** 确认在职 / 非本单位人员: only of a person on the list (anyone else's id is 404, as one that does not exist). */
  async decide(employerId: string, accountId: string, decision: EmploymentDecision, origin: RequestOrigin): Promise<EmployerStaffRow> {
    const employer = await this.employers.approved(employerId);
    const person = isUuid(accountId) ? (await this.current(employer.uscc)).get(accountId) : undefined;
    if (!person) throw new AppError(404, 'employer/staff_not_found', '该人员不在本单位会计人员名单中');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx
        .insert(employerStaffDecisions)
        .values({ employerId, accountId, workRecordId: person.workRecordId, decision, decidedAt: now })
        .onConflictDoUpdate({ target: [employerStaffDecisions.employerId, employerStaffDecisions.accountId], set: { workRecordId: person.workRecordId, decision, decidedAt: now } });
      await this.audit.record(tx, { kind: 'employer_employment', accountId, detail: { employerId, uscc: employer.uscc, decision } }, origin);
    });
    return (await this.list(employerId)).items.find((i) => i.accountId === accountId)!;
  }

  /** A list leaving the platform as a file is recorded: which employer, how many. */
  async recordExport(employerId: string, rows: number, origin: RequestOrigin): Promise<void> {
    await this.audit.record(this.db, { kind: 'employer_staff_export', detail: { employerId, rows } }, origin);
  }

  /**
   * What reviewers of a person's later submissions see: each employer's word on the person's employment,
   * with the work record it was about still the person's current one or not.
   */
  async employmentOf(accountId: string): Promise<Array<{ unitName: string; uscc: string; decision: EmploymentDecision; decisionLabel: string; decidedAt: Date }>> {
    if (!isUuid(accountId)) return [];
    const rows = await this.db
      .select({ d: employerStaffDecisions, unitName: employers.unitName, uscc: employers.uscc })
      .from(employerStaffDecisions)
      .innerJoin(employers, eq(employers.id, employerStaffDecisions.employerId))
      .where(eq(employerStaffDecisions.accountId, accountId))
      .orderBy(desc(employerStaffDecisions.decidedAt));
    return rows.map((r) => ({ unitName: r.unitName, uscc: r.uscc, decision: r.d.decision, decisionLabel: EMPLOYMENT_DECISIONS[r.d.decision], decidedAt: r.d.decidedAt }));
  }

  // ---- 单位会计人员继续教育管理 ----

  /** The employer's filings, newest first, with the review's opinion. */
  async filings(employerId: string) {
    await this.employers.approved(employerId);
    const rows = await this.db.select().from(employerCeFilings).where(eq(employerCeFilings.employerId, employerId)).orderBy(desc(employerCeFilings.submittedAt)).limit(500);
    return this.views(employerId, rows);
  }

  /**
   * 新增单位申报: one training for many CONFIRMED staff, one proof PDF, one review item at the employer's
   * authority. The same training for the same people while one is pending or approved is refused (the unique
   * index decides between identical filings at once).
   */
  async file(employerId: string, input: TEmployerCeFiling) {
    const employer = await this.employers.approved(employerId);
    const accountIds = [...new Set(input.accountIds)];
    const { items } = await this.list(employerId);
    const confirmed = new Map(items.filter((i) => i.decision === 'confirmed').map((i) => [i.accountId, i]));
    const missing = accountIds.filter((id) => !confirmed.has(id));
    if (missing.length) throw new AppError(400, 'employer/staff_not_confirmed', '只能为已确认在职的本单位会计人员申报继续教育', { field: 'accountIds' });
    const t = input.training;
    const form = t.form as EmployerCeForm;
    const data = t as unknown as Record<string, unknown>;
    const year = ceYear(form, data)!;
    const setting = await this.ce.settingFor(provinceOfPath(employer.authorityPath), year);
    if (isCeYearClosed(setting, chinaToday(this.clock.now()))) throw new AppError(409, 'ce/year_closed', ceYearClosedMessage(year), { field: 'startDate' });
    const computed = ceRuleCredits({ form, rows: t.rows }, setting);
    const claimed = ceClaimedCredits({ form, rows: t.rows });
    const { proofFileId, ...fields } = t;
    const people = accountIds.map((id) => confirmed.get(id)!);
    const duplicateKey = createHash('sha256')
      .update(JSON.stringify([form, t.startDate, t.endDate, 'institution' in t ? t.institution : t.unitName, [...accountIds].sort()]))
      .digest('hex');
    const id = randomUUID();
    const unit = 'institution' in t ? { label: '培训机构名称', value: t.institution } : { label: '培训单位名称', value: t.unitName };
    try {
      await this.db.transaction(async (tx) => {
        await this.files.claim(tx, employerId, proofFileId, 'ce_proof', { usedBy: `employer_ce:${id}`, field: 'proofFileId', label: PROOF_LABEL });
        await tx.insert(employerCeFilings).values({
          id,
          employerId,
          form,
          year,
          data: fields,
          accountIds,
          claimedTenths: toTenths(claimed),
          computedTenths: toTenths(computed),
          status: 'pending',
          duplicateKey,
          proofFileId,
          authorityId: employer.authorityId!,
          submittedAt: this.clock.now(),
        });
        const item = await this.reviews.submit(tx, {
          kind: EMPLOYER_CE_KIND,
          accountId: employerId,
          authorityId: employer.authorityId!,
          authorityPath: employer.authorityPath,
          applicantName: employer.unitName,
          applicantIdMasked: employer.uscc,
          title: `单位申报继续教育：${employer.unitName}，${CE_CATEGORY_NAMES[ceCategoryOf(form)]}·${formLabel(form)}，${year}年度，${people.length}人，每人按规则折算${computed}学分`,
          before: null,
          after: {
            filingId: id,
            unit: `${employer.unitName}（${employer.uscc}）`,
            form: `${CE_CATEGORY_NAMES[ceCategoryOf(form)]}·${formLabel(form)}`,
            year: `${year}`,
            period: `${t.startDate} 至 ${t.endDate}`,
            institution: unit.value,
            rows: t.rows
              .map((r, i) => `${i + 1}. ${'subjectName' in r ? `${r.subjectName} / ${r.subSubjectName}：` : ''}${r.content}，${r.minutes}分钟，${r.credits}学分`)
              .join('\n'),
            people: people.map((p) => `${p.name}（${p.idNumberMasked}，${EMPLOYMENT_DECISIONS.confirmed}）`).join('\n'),
            claimed: `${claimed}`,
            computed: `${computed}`,
          },
          attachments: [{ id: proofFileId, label: PROOF_LABEL }],
        });
        await tx.update(employerCeFilings).set({ reviewItemId: item.id }).where(eq(employerCeFilings.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'employer_ce_filings_duplicate_uq')) throw new AppError(409, 'employer/ce_duplicate', '该培训已为这些人员申报过，不能重复申报');
      throw err;
    }
    const [row] = await this.db.select().from(employerCeFilings).where(eq(employerCeFilings.id, id));
    return (await this.views(employerId, [row!]))[0]!;
  }

  reviewKind(): ReviewKindHandler {
    const lockPending = async (tx: Tx, item: ReviewItem): Promise<EmployerCeFilingRow | undefined> => {
      const id = item.after.filingId;
      if (typeof id !== 'string' || !isUuid(id)) return undefined;
      const [row] = await tx
        .select()
        .from(employerCeFilings)
        .where(and(eq(employerCeFilings.id, id), eq(employerCeFilings.employerId, item.accountId), eq(employerCeFilings.status, 'pending')))
        .for('update');
      return row;
    };
    return {
      kind: EMPLOYER_CE_KIND,
      label: '单位申报继续教育',
      fields: [
        { key: 'unit', label: '申报单位' },
        { key: 'form', label: '继续教育形式' },
        { key: 'year', label: '继续教育年度' },
        { key: 'period', label: '培训时间' },
        { key: 'institution', label: '培训机构（单位）名称' },
        { key: 'rows', label: '培训经历' },
        { key: 'people', label: '参加培训人员' },
        { key: 'claimed', label: '每人申请学分' },
        { key: 'computed', label: '每人按规则折算学分' },
      ],
      onApproved: async (tx, item) => {
        const row = await lockPending(tx, item);
        if (!row) return;
        const setting = await this.ce.settingFor(provinceOfPath(item.authorityPath), row.year, tx);
        if (isCeYearClosed(setting, chinaToday(this.clock.now()))) throw new AppError(409, 'ce/year_closed', `${ceYearClosedMessage(row.year)}，请审核不通过并说明原因`);
        const [employer] = await tx.select({ unitName: employers.unitName }).from(employers).where(eq(employers.id, row.employerId));
        await this.ce.grantFromEmployer(tx, {
          filingId: row.id,
          accountIds: row.accountIds,
          year: row.year,
          category: ceCategoryOf(row.form),
          tenths: row.computedTenths,
          reason: employerCeReason(row.form, employer?.unitName ?? ''),
        });
        await tx.update(employerCeFilings).set({ status: 'approved', decidedAt: this.clock.now() }).where(eq(employerCeFilings.id, row.id));
      },
      onRejected: async (tx, item) => {
        const row = await lockPending(tx, item);
        if (row) await tx.update(employerCeFilings).set({ status: 'rejected', decidedAt: this.clock.now() }).where(eq(employerCeFilings.id, row.id));
      },
    };
  }

  private async views(employerId: string, rows: EmployerCeFilingRow[]) {
    const items = await this.reviews.forAccountByIds(
      employerId,
      rows.map((r) => r.reviewItemId).filter((v): v is string => !!v),
    );
    const opinions = new Map(items.map((i) => [i.id, i.opinion]));
    const names = await this.accounts.realNames(rows.flatMap((r) => r.accountIds));
    return rows.map((r) => ({
      id: r.id,
      form: r.form,
      formName: `${CE_CATEGORY_NAMES[ceCategoryOf(r.form)]}·${formLabel(r.form)}`,
      year: r.year,
      startDate: String(r.data.startDate ?? ''),
      endDate: String(r.data.endDate ?? ''),
      institution: String(r.data.institution ?? r.data.unitName ?? ''),
      people: r.accountIds.map((id) => names.get(id) ?? ''),
      claimed: fromTenths(r.claimedTenths),
      computed: fromTenths(r.computedTenths),
      status: r.status,
      statusLabel: EMPLOYER_CE_STATUSES[r.status],
      opinion: r.reviewItemId ? (opinions.get(r.reviewItemId) ?? null) : null,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
    }));
  }
}

const formLabel = (form: EmployerCeForm) => (form === 'public' ? '公需科目培训' : ceFormName(form));

/**
 * Work records written before the plain uscc column existed get it from their sealed data, a batch at a time
 * (at start, and before an employer's list is read), so the list misses nobody.
 */
export async function backfillWorkUscc(db: Db, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.select({ id: workRecords.id, data: workRecords.data }).from(workRecords).where(isNull(workRecords.uscc)).limit(batch);
    for (const r of rows) {
      await db
        .update(workRecords)
        .set({ uscc: workUsccOf(r.data) })
        .where(and(eq(workRecords.id, r.id), isNull(workRecords.uscc)));
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
}

