import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  CE_APPLICATION_STATUSES,
  CE_AUTHOR_RANKS,
  CE_CATEGORY_NAMES,
  CE_EDUCATION_LEVELS,
  CE_METHODS,
  CE_SUBJECT_TYPES,
  CE_YEAR_SOURCES,
  ceCategoryOf,
  ceClaimedCredits,
  ceDuplicateKey,
  ceDuplicateMessage,
  ceExamTypeName,
  ceFormName,
  ceReasonOf,
  ceRuleCredits,
  ceYear,
  ceYearClosedMessage,
  ceYearProgress,
  chinaToday,
  defaultCeYearSetting,
  examLevelName,
  isCeYearClosed,
  maskIdNumber,
  maskName,
  subjectName,
  type CeApplicationView,
  type CeDetailLine,
  type CeForm,
  type CeLedgerEntry,
  type CeRuleInput,
  type CeYearProgress,
  type CeYearSetting,
  type TCeApplication,
  type TCeYearSettingInput,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewerScope, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { ApprovedRecord, CollectionService } from '../collection';
import type { FileService } from '../files';
import type { PassedSubject } from '../score/service';
import type { StaffContext } from '../staff';
import { ceApplications, ceCredits, ceYearSettings, type CeApplicationRow } from './tables';

/** The review engine's kind of a 继续教育学分申请. */
export const CE_KIND = 'ce_application';

export const CE_COLLECTION_REQUIRED = '信息采集审核通过后才能申请继续教育学分';
const PROOF_LABEL = '继续教育个人申请附件';

const toTenths = (n: number) => Math.round(n * 10);
const fromTenths = (t: number) => t / 10;
const notFound = () => new AppError(404, 'ce/not_found', '继续教育学分申请不存在');

/** The provincial-level authority of a path ('/100000/370000/370100/' → 370000); null for 财政部 itself. */
export const provinceOfPath = (path: string) => path.split('/').filter(Boolean)[1] ?? null;

/** One person of the per-authority year view. */
export type CeYearPerson = {
  accountId: string;
  authorityId: string;
  total: number;
  professional: number;
  public: number;
  missingTotal: number;
  missingProfessional: number;
  reached: boolean;
};

/**
 * 会计人员继续教育 (seed 003 §8; issue 25; docs/decisions/0020-continuing-education.md). Applications are
 * decided through the review engine; approval writes one ledger row in the decision's transaction, in the
 * application's year, unless that year is closed.
 */
export class CeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly collection: CollectionService,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly audit: AuditLog,
  ) {}

  /** Where the passed exam subjects come from (modules/score), set by app.ts. */
  private passedSubjects: ((accountId: string) => Promise<PassedSubject[]>) | null = null;
  setPassedSubjectsSource(source: (accountId: string) => Promise<PassedSubject[]>): void {
    this.passedSubjects = source;
  }

  /**
   * 考试 credits from the score ledger (issue 24), with 获得方式 系统记录: for each subject passed, the 考试 rule's
   * credits (90) as 专业科目 of the exam's year, once (`source_key` score:<id> is unique, so a repeat or a
   * concurrent call grants nothing more). Called after an import and whenever the person's pages are read.
   */
  async syncExamCredits(accountId: string): Promise<void> {
    if (!this.passedSubjects) return;
    const passed = await this.passedSubjects(accountId);
    if (!passed.length) return;
    const credits = ceRuleCredits({ form: 'exam' }, { minutesPerCredit: 1 });
    const now = this.clock.now();
    await this.db
      .insert(ceCredits)
      .values(
        passed.map((p) => ({
          id: randomUUID(),
          accountId,
          year: p.year,
          professionalTenths: toTenths(credits),
          publicTenths: 0,
          method: 'system' as const,
          reason: `${p.year}年全国会计专业技术资格考试（${examLevelName(p.level)}）${subjectName(p.subject)}成绩合格`,
          applicationId: null,
          sourceKey: `score:${p.id}`,
          grantedAt: now,
        })),
      )
      .onConflictDoNothing({ target: ceCredits.sourceKey });
  }

  private today(): string {
    return chinaToday(this.clock.now());
  }

  // ---- year settings ----

  /** A province's figures for the year, or the national rule where it set none. */
  async settingFor(provinceId: string | null, year: number, db: Db | Tx = this.db): Promise<CeYearSetting & { custom: boolean }> {
    if (provinceId) {
      const [row] = await db.select().from(ceYearSettings).where(and(eq(ceYearSettings.provinceId, provinceId), eq(ceYearSettings.year, year)));
      if (row) return { year, requiredTotal: row.requiredTotal, professionalMin: row.professionalMin, minutesPerCredit: row.minutesPerCredit, closesOn: row.closesOn, custom: true };
    }
    return { ...defaultCeYearSetting(year), custom: false };
  }

  /** The province whose figures apply to the person: that of the authority holding their approved record. */
  private async provinceOf(accountId: string): Promise<{ provinceId: string | null; authorityId: string | null; authorityPath: string | null }> {
    const record = await this.approved.read(accountId);
    const authorityId = record?.profile.reviewStatus === 'approved' ? record.profile.authorityId : null;
    const authority = authorityId ? await this.authorities.byId(authorityId) : null;
    return { provinceId: authority ? provinceOfPath(authority.path) : null, authorityId: authority?.id ?? null, authorityPath: authority?.path ?? null };
  }

  private requireSettingsAdmin(ctx: StaffContext, provinceId: string): void {
    if (!ctx.roles.includes('admin') || (ctx.authorityLevel !== 'national' && ctx.authorityId !== provinceId)) {
      throw new AppError(403, 'ce/forbidden', '仅本省级会计管理部门的管理员可以设置本省的继续教育年度要求');
    }
  }

  /** The province a staff member's settings page shows: their own, or (财政部) the one asked for. */
  private async settingsProvince(ctx: StaffContext, asked: string | undefined): Promise<{ id: string; name: string }> {
    const own = provinceOfPath(ctx.authorityPath);
    const id = ctx.authorityLevel === 'national' ? (asked ?? null) : own;
    if (!id) throw new AppError(400, 'ce/province_required', '请选择省份', { field: 'provinceId' });
    if (asked && asked !== id) throw new AppError(403, 'ce/forbidden', '只能查看本省的继续教育年度要求');
    const province = await this.authorities.byId(id);
    if (!province || province.level !== 'province') throw new AppError(400, 'ce/province_required', '请选择省份', { field: 'provinceId' });
    return { id: province.id, name: province.name };
  }

  async consoleSetting(ctx: StaffContext, year: number, provinceId?: string) {
    const province = await this.settingsProvince(ctx, provinceId);
    const setting = await this.settingFor(province.id, year);
    const editable = ctx.roles.includes('admin') && (ctx.authorityLevel === 'national' || ctx.authorityId === province.id);
    return { provinceId: province.id, provinceName: province.name, setting, closed: isCeYearClosed(setting, this.today()), editable };
  }

  async saveSetting(ctx: StaffContext, year: number, provinceId: string | undefined, input: TCeYearSettingInput, origin: RequestOrigin) {
    const province = await this.settingsProvince(ctx, provinceId);
    this.requireSettingsAdmin(ctx, province.id);
    if (input.closesOn < `${year}-12-31`) throw new AppError(400, 'ce/closes_on', `截止登记日期不能早于${year}-12-31`, { field: 'closesOn' });
    const current = await this.settingFor(province.id, year);
    // A closed year never changes: its figures decided who reached it.
    if (isCeYearClosed(current, this.today())) throw new AppError(409, 'ce/year_closed', `${year}年度继续教育已截止登记，年度要求不能再修改`);
    const values = { ...input, updatedBy: ctx.staffId, updatedAt: this.clock.now() };
    await this.db.transaction(async (tx) => {
      await tx
        .insert(ceYearSettings)
        .values({ provinceId: province.id, year, ...values })
        .onConflictDoUpdate({ target: [ceYearSettings.provinceId, ceYearSettings.year], set: values });
      await this.audit.record(tx, { kind: 'ce_year_settings', actor: ctx, detail: { provinceId: province.id, year, ...input } }, origin);
    });
    return this.consoleSetting(ctx, year, provinceId);
  }

  // ---- the person's side ----

  /** 继续教育记录: one row a year with credits (and the current year always), newest first, each with its progress. */
  async state(accountId: string): Promise<{ refusal: string | null; currentYear: number; years: CeYearProgress[] }> {
    await this.collection.person(accountId);
    await this.syncExamCredits(accountId);
    const { provinceId } = await this.provinceOf(accountId);
    const sums = await this.yearSums([accountId]);
    const currentYear = Number(this.today().slice(0, 4));
    const years = new Set<number>([currentYear, ...[...(sums.get(accountId)?.keys() ?? [])]]);
    const today = this.today();
    const rows = await Promise.all(
      [...years]
        .sort((a, b) => b - a)
        .map(async (year) => ceYearProgress(sums.get(accountId)?.get(year) ?? { professional: 0, public: 0 }, await this.settingFor(provinceId, year), today)),
    );
    const refusal = (await this.collection.status(accountId)) === 'approved' ? null : CE_COLLECTION_REQUIRED;
    return { refusal, currentYear, years: rows };
  }

  /** 某年继续教育明细: the year's ledger, oldest first, and its progress. */
  async yearDetail(accountId: string, year: number): Promise<{ progress: CeYearProgress; entries: Array<CeLedgerEntry<Date>> }> {
    await this.collection.person(accountId);
    await this.syncExamCredits(accountId);
    const { provinceId } = await this.provinceOf(accountId);
    const rows = await this.db
      .select()
      .from(ceCredits)
      .where(and(eq(ceCredits.accountId, accountId), eq(ceCredits.year, year)))
      .orderBy(asc(ceCredits.grantedAt), asc(ceCredits.id));
    const totals = rows.reduce((acc, r) => ({ professional: acc.professional + r.professionalTenths, public: acc.public + r.publicTenths }), { professional: 0, public: 0 });
    return {
      progress: ceYearProgress({ professional: fromTenths(totals.professional), public: fromTenths(totals.public) }, await this.settingFor(provinceId, year), this.today()),
      entries: rows.map((r) => ({
        id: r.id,
        grantedAt: r.grantedAt,
        total: fromTenths(r.professionalTenths + r.publicTenths),
        professional: fromTenths(r.professionalTenths),
        public: fromTenths(r.publicTenths),
        method: r.method,
        methodName: CE_METHODS[r.method],
        reason: r.reason,
      })),
    };
  }

  /** The figures of the person's province for a year (the form's preview of the duration cap, and the closing). */
  async personSetting(accountId: string, year: number) {
    const { provinceId } = await this.provinceOf(accountId);
    const setting = await this.settingFor(provinceId, year);
    return { setting, closed: isCeYearClosed(setting, this.today()) };
  }

  async list(accountId: string): Promise<Array<CeApplicationView<Date>>> {
    const rows = await this.db.select().from(ceApplications).where(eq(ceApplications.accountId, accountId)).orderBy(desc(ceApplications.submittedAt), desc(ceApplications.id)).limit(500);
    return this.views(rows);
  }

  async one(accountId: string, id: string): Promise<CeApplicationView<Date>> {
    if (!isUuid(id)) throw notFound();
    const [row] = await this.db.select().from(ceApplications).where(and(eq(ceApplications.id, id), eq(ceApplications.accountId, accountId)));
    if (!row) throw notFound();
    return (await this.views([row]))[0]!;
  }

  /** 新增 → 提交审核: filed with the authority holding the person's approved record. */
  async apply(accountId: string, input: TCeApplication): Promise<CeApplicationView<Date>> {
    const person = await this.collection.person(accountId);
    if ((await this.collection.status(accountId)) !== 'approved') throw new AppError(409, 'ce/collection_required', CE_COLLECTION_REQUIRED);
    const { provinceId, authorityId, authorityPath } = await this.provinceOf(accountId);
    if (!authorityId || !authorityPath) throw new AppError(409, 'ce/collection_required', CE_COLLECTION_REQUIRED);
    const data = input as unknown as Record<string, unknown>;
    const year = ceYear(input.form, data)!;
    const setting = await this.settingFor(provinceId, year);
    if (isCeYearClosed(setting, this.today())) throw new AppError(409, 'ce/year_closed', ceYearClosedMessage(year), { field: CE_YEAR_SOURCES[input.form].field });
    const rule = ruleInput(input);
    const computed = ceRuleCredits(rule, setting);
    const claimed = ceClaimedCredits(rule);
    const category = ceCategoryOf(input.form);
    const id = randomUUID();
    const { proofFileId, ...fields } = input;
    try {
      await this.db.transaction(async (tx) => {
        await this.files.claim(tx, accountId, proofFileId, 'ce_proof', { usedBy: `ce:${id}`, field: 'proofFileId', label: PROOF_LABEL });
        await tx.insert(ceApplications).values({
          id,
          accountId,
          form: input.form,
          category,
          year,
          data: fields,
          claimedTenths: toTenths(claimed),
          computedTenths: toTenths(computed),
          status: 'pending',
          duplicateKey: ceDuplicateKey(input.form, data),
          proofFileId,
          authorityId,
          submittedAt: this.clock.now(),
        });
        const item = await this.reviews.submit(tx, {
          kind: CE_KIND,
          accountId,
          authorityId,
          authorityPath,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: `${CE_CATEGORY_NAMES[category]}·${ceFormName(input.form)}：${year}年度，申请${claimed}学分，按规则折算${computed}学分`,
          before: null,
          // applicationId: how the decision finds its application (not shown: fieldsOf leaves it out).
          after: { ...displayOf(input.form, fields, year, claimed, computed), applicationId: id },
          attachments: [{ id: proofFileId, label: PROOF_LABEL }],
        });
        await tx.update(ceApplications).set({ reviewItemId: item.id }).where(eq(ceApplications.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'ce_applications_duplicate_uq')) throw new AppError(409, 'ce/duplicate', ceDuplicateMessage(input.form));
      throw err;
    }
    return this.one(accountId, id);
  }

  /** 撤回 while 待审核: through the engine, whose hook marks the application. */
  async withdraw(accountId: string, id: string): Promise<CeApplicationView<Date>> {
    const app = await this.one(accountId, id);
    if (app.status !== 'pending' || !app.reviewItemId) throw new AppError(409, 'ce/decided', '该申请已审核完毕，不能撤回');
    await this.reviews.withdraw(accountId, app.reviewItemId);
    return this.one(accountId, id);
  }

  // ---- the review kind ----

  reviewKind(): ReviewKindHandler {
    return {
      kind: CE_KIND,
      label: '继续教育学分申请',
      fieldsOf: (item) => fieldLabelsOf(item.after.formCode as CeForm),
      onApproved: async (tx, item, decision) => {
        const row = await this.lockPending(tx, item);
        if (!row) return;
        const setting = await this.settingFor(provinceOfPath(item.authorityPath), row.year, tx);
        if (isCeYearClosed(setting, this.today())) {
          throw new AppError(409, 'ce/year_closed', `${ceYearClosedMessage(row.year)}，请审核不通过并说明原因`);
        }
        let granted = row.computedTenths;
        let correction: string | null = null;
        const corrected = decision?.credits;
        if (typeof corrected === 'number' && toTenths(corrected) !== row.computedTenths) {
          if (!item.opinion) throw new AppError(400, 'ce/correction_reason', '调整核定学分时请在审核意见中填写调整原因', { field: 'opinion' });
          granted = toTenths(corrected);
          correction = `核定学分由${fromTenths(row.computedTenths)}调整为${fromTenths(granted)}：${item.opinion}`;
        }
        const now = this.clock.now();
        await tx.insert(ceCredits).values({
          id: randomUUID(),
          accountId: row.accountId,
          year: row.year,
          professionalTenths: row.category === 'professional' ? granted : 0,
          publicTenths: row.category === 'public' ? granted : 0,
          method: 'application',
          reason: ceReasonOf(row.form),
          applicationId: row.id,
          grantedAt: now,
        });
        await tx.update(ceApplications).set({ status: 'approved', grantedTenths: granted, correction, decidedAt: now }).where(eq(ceApplications.id, row.id));
      },
      onRejected: (tx, item) => this.close(tx, item, 'rejected'),
      onWithdrawn: (tx, item) => this.close(tx, item, 'withdrawn'),
    };
  }

  private async lockPending(tx: Tx, item: ReviewItem): Promise<CeApplicationRow | undefined> {
    const id = item.after.applicationId;
    if (typeof id !== 'string') return undefined;
    const [row] = await tx
      .select()
      .from(ceApplications)
      .where(and(eq(ceApplications.id, id), eq(ceApplications.accountId, item.accountId), eq(ceApplications.status, 'pending')))
      .for('update');
    return row;
  }

  private async close(tx: Tx, item: ReviewItem, status: 'rejected' | 'withdrawn'): Promise<void> {
    const row = await this.lockPending(tx, item);
    if (row) await tx.update(ceApplications).set({ status, decidedAt: this.clock.now() }).where(eq(ceApplications.id, row.id));
  }

  // ---- the console ----

  /** The applications of these review items (already filtered by the reviewer's scope), by item id. */
  async byReviewItems(items: ReviewItem[]): Promise<Map<string, CeApplicationView<Date>>> {
    const ids = items.map((i) => i.after.applicationId).filter((v): v is string => typeof v === 'string' && isUuid(v));
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(ceApplications).where(inArray(ceApplications.id, ids));
    const views = await this.views(rows);
    return new Map(views.filter((v) => v.reviewItemId).map((v) => [v.reviewItemId!, v]));
  }

  /**
   * The year in a subtree: everyone whose approved record its authorities hold, with their credits of the
   * year against their province's figures.
   */
  async yearView(scope: Pick<ReviewerScope, 'authorityPath'>, year: number, authorityId?: string) {
    let path = scope.authorityPath;
    if (authorityId) {
      const a = await this.authorities.byId(authorityId);
      if (!a || !a.path.startsWith(scope.authorityPath)) throw new AppError(404, 'ce/authority_not_found', '会计管理部门不存在或不在您的管辖范围内', { field: 'authorityId' });
      path = a.path;
    }
    const people = await this.approved.peopleWithin(this.authorities.idsWithin(path));
    const sums = await this.yearSums(people.map((p) => p.accountId), year);
    const settings = new Map<string, Promise<CeYearSetting>>();
    const paths = new Map<string, Promise<string | null>>();
    const provinceOfAuthority = (id: string) => paths.get(id) ?? paths.set(id, this.authorities.byId(id).then((a) => (a ? provinceOfPath(a.path) : null))).get(id)!;
    const settingOf = (p: string | null) => settings.get(p ?? '') ?? settings.set(p ?? '', this.settingFor(p, year)).get(p ?? '')!;
    const today = this.today();
    const rows: CeYearPerson[] = await Promise.all(
      people.map(async (p) => {
        const progress = ceYearProgress(sums.get(p.accountId)?.get(year) ?? { professional: 0, public: 0 }, await settingOf(await provinceOfAuthority(p.authorityId)), today);
        return {
          accountId: p.accountId,
          authorityId: p.authorityId,
          total: progress.total,
          professional: progress.professional,
          public: progress.public,
          missingTotal: progress.missingTotal,
          missingProfessional: progress.missingProfessional,
          reached: progress.reached,
        };
      }),
    );
    return { people: rows.length, reached: rows.filter((r) => r.reached).length, notReached: rows.filter((r) => !r.reached) };
  }

  /** A list of people leaving the console as a file is recorded: who, how many, which filter. */
  async recordExport(scope: ReviewerScope, rows: number, filter: Record<string, unknown>, origin: RequestOrigin): Promise<void> {
    await this.audit.record(this.db, { kind: 'personal_data_export', actor: { staffId: scope.staffId, username: scope.username }, detail: { list: 'ce_not_reached', rows, filter } }, origin);
  }

  // ---- 单位申报 (modules/employer, issue 26) ----

  /** The year's progress of these people, each against the figures of the province holding their record. */
  async progressOf(people: Array<{ accountId: string; authorityId: string }>, year: number): Promise<Map<string, CeYearProgress>> {
    const sums = await this.yearSums(
      people.map((p) => p.accountId),
      year,
    );
    const today = this.today();
    const out = new Map<string, CeYearProgress>();
    for (const p of people) {
      const authority = await this.authorities.byId(p.authorityId);
      const setting = await this.settingFor(authority ? provinceOfPath(authority.path) : null, year);
      out.set(p.accountId, ceYearProgress(sums.get(p.accountId)?.get(year) ?? { professional: 0, public: 0 }, setting, today));
    }
    return out;
  }

  /**
   * An employer's approved filing credits each person once, in the decision's transaction: one ledger row a
   * person, 获得方式 单位申报, whose `source_key` (employer_ce:<filing>:<account>) is unique, so a second
   * approval, or two at once, grant nothing more.
   */
  async grantFromEmployer(
    tx: Tx,
    grant: { filingId: string; accountIds: string[]; year: number; category: 'professional' | 'public'; tenths: number; reason: string },
  ): Promise<number> {
    const now = this.clock.now();
    const rows = await tx
      .insert(ceCredits)
      .values(
        grant.accountIds.map((accountId) => ({
          id: randomUUID(),
          accountId,
          year: grant.year,
          professionalTenths: grant.category === 'professional' ? grant.tenths : 0,
          publicTenths: grant.category === 'public' ? grant.tenths : 0,
          method: 'employer' as const,
          reason: grant.reason,
          applicationId: null,
          sourceKey: `employer_ce:${grant.filingId}:${accountId}`,
          grantedAt: now,
        })),
      )
      .onConflictDoNothing({ target: ceCredits.sourceKey })
      .returning({ id: ceCredits.id });
    return rows.length;
  }

  // ---- internals ----

  /** Credits per person and year (in credits, not tenths), of one year or all. */
  private async yearSums(accountIds: string[], year?: number): Promise<Map<string, Map<number, { professional: number; public: number }>>> {
    const out = new Map<string, Map<number, { professional: number; public: number }>>();
    for (let i = 0; i < accountIds.length; i += 1000) {
      const chunk = accountIds.slice(i, i + 1000);
      const conds = [inArray(ceCredits.accountId, chunk)];
      if (year !== undefined) conds.push(eq(ceCredits.year, year));
      const rows = await this.db.select().from(ceCredits).where(and(...conds));
      for (const r of rows) {
        const years = out.get(r.accountId) ?? out.set(r.accountId, new Map()).get(r.accountId)!;
        const y = years.get(r.year) ?? { professional: 0, public: 0 };
        years.set(r.year, { professional: y.professional + r.professionalTenths, public: y.public + r.publicTenths });
      }
    }
    for (const years of out.values()) for (const [y, t] of years) years.set(y, { professional: fromTenths(t.professional), public: fromTenths(t.public) });
    return out;
  }

  private async views(rows: CeApplicationRow[]): Promise<Array<CeApplicationView<Date>>> {
    const byAccount = new Map<string, string[]>();
    for (const r of rows) if (r.reviewItemId) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r.reviewItemId]);
    const items = new Map<string, ReviewItem>();
    for (const [accountId, ids] of byAccount) for (const i of await this.reviews.forAccountByIds(accountId, ids)) items.set(i.id, i);
    return rows.map((r) => {
      const item = r.reviewItemId ? items.get(r.reviewItemId) : undefined;
      return {
        id: r.id,
        form: r.form,
        formName: ceFormName(r.form),
        category: r.category,
        categoryName: CE_CATEGORY_NAMES[r.category],
        year: r.year,
        claimed: fromTenths(r.claimedTenths),
        computed: fromTenths(r.computedTenths),
        granted: r.grantedTenths === null ? null : fromTenths(r.grantedTenths),
        status: r.status,
        statusLabel: CE_APPLICATION_STATUSES[r.status],
        opinion: item?.opinion ?? null,
        correction: r.correction,
        submittedAt: r.submittedAt,
        decidedAt: r.decidedAt,
        reviewItemId: r.reviewItemId,
        proofFileId: r.proofFileId,
        details: detailsOf(r.form, r.data),
        rows: rowsOf(r.form, r.data),
      };
    });
  }
}

/** The fields each conversion rule reads. */
function ruleInput(input: TCeApplication): CeRuleInput {
  switch (input.form) {
    case 'online_training':
    case 'offline_training':
    case 'public':
      return { form: input.form, rows: input.rows };
    case 'paper':
    case 'book':
      return { form: input.form, authorRank: input.authorRank };
    case 'meeting':
      return { form: 'meeting', days: input.days };
    case 'exam':
    case 'degree':
      return { form: input.form };
    case 'project':
      return { form: 'project', independent: input.independent, host: input.host };
  }
}

const nameIn = (table: ReadonlyArray<{ code: string; name: string }>, code: unknown) => table.find((t) => t.code === code)?.name ?? String(code ?? '');
const yesNo = (v: unknown) => (v === true ? '是' : v === false ? '否' : '');

/** Each form's fields in the seed's order, with the value as read (names, not codes). */
const FIELDS: Record<CeForm, ReadonlyArray<[key: string, label: string, show?: (v: unknown) => string]>> = {
  online_training: [
    ['startDate', '培训开始时间'],
    ['endDate', '培训结束时间'],
    ['institution', '培训机构名称'],
  ],
  offline_training: [
    ['startDate', '培训开始时间'],
    ['endDate', '培训结束时间'],
    ['institution', '培训机构名称'],
  ],
  paper: [
    ['publishedOn', '论文发表时间'],
    ['title', '论文题目'],
    ['authors', '论文作者'],
    ['journal', '期刊名称'],
    ['issue', '期刊期数'],
    ['serialNo', '期刊刊号'],
    ['authorRank', '作者位次', (v) => nameIn(CE_AUTHOR_RANKS, v)],
  ],
  meeting: [
    ['startDate', '会议开始时间'],
    ['endDate', '会议结束时间'],
    ['days', '与会天数'],
    ['place', '会议地点'],
    ['content', '会议内容'],
  ],
  book: [
    ['publishedMonth', '著作出版年月'],
    ['name', '著作名称'],
    ['authors', '著作作者'],
    ['authorRank', '作者位次', (v) => nameIn(CE_AUTHOR_RANKS, v)],
    ['publisher', '出版社'],
    ['isbn', '书号'],
  ],
  exam: [
    ['examType', '考试类型', (v) => ceExamTypeName(String(v))],
    ['subject', '考试科目'],
    ['examDate', '考试时间'],
    ['score', '考试成绩'],
  ],
  degree: [
    ['enrolledOn', '入学时间'],
    ['passedOn', '成绩合格时间'],
    ['school', '所在院校'],
    ['major', '所学专业'],
    ['course', '所学课程'],
    ['courseScore', '课程成绩'],
    ['education', '学历', (v) => nameIn(CE_EDUCATION_LEVELS, v)],
  ],
  project: [
    ['finishedOn', '结项时间'],
    ['startedOn', '立项时间'],
    ['name', '课题名称'],
    ['number', '课题编号'],
    ['sponsor', '课题委托单位'],
    ['undertaker', '课题承接人'],
    ['independent', '是否独立承担', yesNo],
    ['host', '是否主持', yesNo],
  ],
  public: [
    ['startDate', '培训开始时间'],
    ['endDate', '培训结束时间'],
    ['unitName', '培训单位名称'],
  ],
};

function detailsOf(form: CeForm, data: Record<string, unknown>): CeDetailLine[] {
  return FIELDS[form]
    .filter(([key]) => !(form === 'project' && key === 'host' && data.independent === true))
    .map(([key, label, show]) => ({ label, value: show ? show(data[key]) : String(data[key] ?? '') }));
}

/** 培训经历 rows as the tables show them (names, not codes). */
function rowsOf(form: CeForm, data: Record<string, unknown>): Array<Record<string, string | number>> {
  if (form !== 'online_training' && form !== 'offline_training' && form !== 'public') return [];
  const rows = (data.rows as Array<Record<string, unknown>>) ?? [];
  return rows.map((r) => {
    const base = { content: String(r.content ?? ''), minutes: Number(r.minutes), credits: Number(r.credits) };
    return form === 'public'
      ? base
      : { ...base, subjectType: nameIn(CE_SUBJECT_TYPES, r.subjectType), subjectName: String(r.subjectName ?? ''), subSubjectName: String(r.subSubjectName ?? '') };
  });
}

/** What the reviewer's detail page shows, field by field, with the claim and the rule's figure last. */
function displayOf(form: CeForm, data: Record<string, unknown>, year: number, claimed: number, computed: number): Record<string, unknown> {
  const out: Record<string, unknown> = { formCode: form, form: `${CE_CATEGORY_NAMES[ceCategoryOf(form)]}·${ceFormName(form)}`, year: `${year}` };
  for (const line of detailsOf(form, data)) out[`f_${FIELDS[form].find(([, l]) => l === line.label)![0]}`] = line.value;
  const rows = rowsOf(form, data);
  if (rows.length) {
    out.rows = rows
      .map((r, i) => `${i + 1}. ${[r.subjectType, r.subjectName, r.subSubjectName].filter(Boolean).join(' / ')}${r.subjectType ? '：' : ''}${r.content}，${r.minutes}分钟，${r.credits}学分`)
      .join('\n');
  }
  out.claimed = `${claimed}`;
  out.computed = `${computed}`;
  return out;
}

function fieldLabelsOf(form: CeForm): ReadonlyArray<{ key: string; label: string }> {
  const fields = FIELDS[form] ?? [];
  const training = form === 'online_training' || form === 'offline_training' || form === 'public';
  return [
    { key: 'form', label: '继续教育形式' },
    { key: 'year', label: '继续教育年度' },
    ...fields.map(([key, label]) => ({ key: `f_${key}`, label })),
    ...(training ? [{ key: 'rows', label: '培训经历' }] : []),
    { key: 'claimed', label: '申请学分' },
    { key: 'computed', label: '按规则折算学分' },
  ];
}
