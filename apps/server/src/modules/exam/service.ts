import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import {
  EXAM_LEVELS,
  EXAM_SUBJECTS,
  examName,
  feeProblems,
  formatBeijingDateTime,
  parseBeijingDateTime,
  withinWindow,
  type ExamLevel,
  type ExamView,
  type ProvinceRow,
  type ProvinceSettingsView,
  type TExamCreate,
  type TProvinceSettings,
} from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { FixedJson } from '../../platform/fixed-json';
import type { Authority, AuthorityService } from '../authority';
import type { StaffContext } from '../staff';
import { examProvinces, exams, type ExamProvinceRow, type ExamRow } from './tables';

const notFound = () => new AppError(404, 'exam/not_found', '考试不存在');
const provinceNotSet = () => new AppError(404, 'exam/province_not_set', '该省份尚未发布本次考试的报名安排');
const LIST_TTL_MS = 5_000;

/**
 * 会计专业技术资格考试 (issue 21): exams a 财政部 administrator creates, and each province-level
 * authority's settings of them. The candidate's side (报名, 资格审核) is modules/enrollment.
 */
export class ExamService {
  /**
   * 省份选择 is read by every candidate of a province in the window's first second: the rows come from this
   * process's memory for a few seconds (the window flags are computed per request, by the clock).
   */
  private listCache = new Map<string, { at: number; rows: ExamProvinceRow[] }>();
  /** An exam never changes once created: its row, once read, from memory. */
  private examCache = new Map<string, ExamRow>();
  /**
   * A province's settings row, as every submit and 报名 page reads it: from memory for LIST_TTL_MS. A change
   * saved on this process applies at once; on another process within those seconds (docs/decisions/0018).
   */
  private settingsCache = new Map<string, { at: number; row: ExamProvinceRow | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly authorities: AuthorityService,
    private readonly audit: AuditLog,
  ) {}

  // ---- exams ----

  /** Only a 财政部 administrator creates exams. */
  async create(ctx: StaffContext, input: TExamCreate, origin: RequestOrigin): Promise<ExamView> {
    if (!ctx.roles.includes('admin') || ctx.authorityLevel !== 'national') throw new AppError(403, 'exam/forbidden', '仅财政部管理员可以创建考试');
    const id = randomUUID();
    const name = examName(input.year, input.level);
    try {
      await this.db.transaction(async (tx) => {
        await tx.insert(exams).values({ id, year: input.year, level: input.level, name, createdBy: ctx.staffId, createdAt: this.clock.now() });
        await this.audit.record(tx, { kind: 'exam_create', actor: ctx, detail: { examId: id, name } }, origin);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'exams_year_level_uq')) throw new AppError(409, 'exam/exists', `${name}已创建，不能重复创建`, { field: 'level' });
      throw err;
    }
    return this.view((await this.row(id))!);
  }

  async list(): Promise<ExamView[]> {
    const rows = await this.db.select().from(exams).orderBy(desc(exams.year), asc(exams.createdAt));
    const order = EXAM_LEVELS.map((l) => l.code as string);
    return rows.sort((a, b) => b.year - a.year || order.indexOf(a.level) - order.indexOf(b.level)).map((r) => this.view(r));
  }

  async get(id: string): Promise<ExamView> {
    const row = await this.row(id);
    if (!row) throw notFound();
    return this.view(row);
  }

  private async row(id: string): Promise<ExamRow | undefined> {
    if (!isUuid(id)) return undefined;
    const hit = this.examCache.get(id);
    if (hit) return hit;
    const [row] = await this.db.select().from(exams).where(eq(exams.id, id));
    if (row) this.examCache.set(id, row);
    return row;
  }

  private async cachedSettingsRow(examId: string, provinceId: string): Promise<ExamProvinceRow | undefined> {
    if (!isUuid(examId)) return undefined;
    const key = `${examId}/${provinceId}`;
    const now = this.clock.now().getTime();
    const hit = this.settingsCache.get(key);
    if (hit && now - hit.at <= LIST_TTL_MS && now >= hit.at) return hit.row;
    const [row] = await this.db.select().from(examProvinces).where(and(eq(examProvinces.examId, examId), eq(examProvinces.provinceId, provinceId)));
    this.settingsCache.set(key, { at: now, row });
    return row;
  }

  private view(r: ExamRow): ExamView {
    return { id: r.id, year: r.year, level: r.level, levelName: EXAM_LEVELS.find((l) => l.code === r.level)!.name, name: r.name, subjects: [...EXAM_SUBJECTS[r.level]] };
  }

  // ---- the province-level authorities ----

  /** Provinces, autonomous regions, municipalities and the 计划单列市 (seed 003 §6.1's table: 大连市 after 辽宁省). */
  async examProvinces(): Promise<Authority[]> {
    // The org tree changes only with a release: read once per process.
    this.provinces ??= this.authorities
      .subtree('/')
      .then((all) => all.filter((a) => a.level === 'province' || a.examProvince).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return this.provinces;
  }
  private provinces: Promise<Authority[]> | null = null;

  private async requireExamProvince(provinceId: string): Promise<Authority> {
    const a = await this.authorities.byId(provinceId);
    if (!a || !(a.level === 'province' || a.examProvince)) throw new AppError(404, 'exam/province_not_found', '报考省份不存在');
    return a;
  }

  /** 财政部 administrators set any province; a province's administrators their own. */
  private requireSettingsAdmin(ctx: StaffContext, provinceId: string): void {
    if (!ctx.roles.includes('admin') || (ctx.authorityLevel !== 'national' && ctx.authorityId !== provinceId)) {
      throw new AppError(403, 'exam/forbidden', '仅本省级会计管理部门的管理员可以设置本省的考试报名');
    }
  }

  // ---- a province's settings ----

  async saveSettings(ctx: StaffContext, examId: string, provinceId: string, input: TProvinceSettings, origin: RequestOrigin): Promise<ProvinceSettingsView> {
    this.requireSettingsAdmin(ctx, provinceId);
    const exam = await this.get(examId);
    const province = await this.requireExamProvince(provinceId);
    const fee = feeProblems(exam.level, input.fees);
    if (fee) throw new AppError(400, 'exam/fees', fee, { field: 'fees' });
    for (const [i, site] of input.sites.entries()) await this.checkSite(province, site.authorityId, i);
    const values = {
      signupStart: parseBeijingDateTime(input.signupStart)!,
      signupEnd: parseBeijingDateTime(input.signupEnd)!,
      payStart: parseBeijingDateTime(input.payStart)!,
      payEnd: parseBeijingDateTime(input.payEnd)!,
      phone: input.phone,
      noticeUrl: input.noticeUrl,
      readingNotice: input.readingNotice,
      announcements: input.announcements,
      sites: input.sites,
      fees: Object.fromEntries(Object.entries(input.fees).map(([k, v]) => [k, Number(v).toFixed(2)])),
      reviewMode: input.reviewMode,
      updatedBy: ctx.staffId,
      updatedAt: this.clock.now(),
    };
    await this.db.transaction(async (tx) => {
      await tx
        .insert(examProvinces)
        .values({ examId, provinceId, ...values })
        .onConflictDoUpdate({ target: [examProvinces.examId, examProvinces.provinceId], set: values });
      await this.audit.record(tx, { kind: 'exam_province_settings', actor: ctx, detail: { examId, provinceId, reviewMode: input.reviewMode, sites: input.sites.length } }, origin);
    });
    this.listCache.delete(examId);
    this.settingsCache.delete(`${examId}/${provinceId}`);
    return (await this.settings(examId, provinceId))!;
  }

  /**
   * A 报名点 is a city or county authority of the province; a 计划单列市's belong to it, not to the
   * province around it (青岛 sets its own).
   */
  private async checkSite(province: Authority, authorityId: string, i: number): Promise<void> {
    const field = `sites.${i}.authorityId`;
    const a = await this.authorities.byId(authorityId);
    if (!a || !a.path.startsWith(province.path) || (a.level !== 'city' && a.level !== 'county')) {
      throw new AppError(400, 'exam/site_outside', '报名点须为本省（市）的市级或区县级会计管理部门', { field });
    }
    if (!province.examProvince) {
      const chain = await this.authorities.chain(a.id);
      if (chain.some((c) => c.examProvince)) throw new AppError(400, 'exam/site_plan_city', `${chain.find((c) => c.examProvince)!.name}为计划单列市，自行设置报名点`, { field });
    }
  }

  /** The settings, or null when the province has not set this exam. */
  async settings(examId: string, provinceId: string): Promise<ProvinceSettingsView | null> {
    const row = await this.cachedSettingsRow(examId, provinceId);
    if (!row) return null;
    const province = await this.authorities.byId(provinceId);
    const sites = await Promise.all(
      row.sites.map(async (s) => {
        const chain = await this.authorities.chain(s.authorityId);
        const city = chain.find((c) => c.level === 'city') ?? chain[chain.length - 1]!;
        return { ...s, cityId: city.id, cityName: city.name, label: chain.map((c) => c.name).join('-') };
      }),
    );
    return {
      examId,
      provinceId,
      provinceName: province?.name ?? provinceId,
      signupStart: formatBeijingDateTime(row.signupStart),
      signupEnd: formatBeijingDateTime(row.signupEnd),
      payStart: formatBeijingDateTime(row.payStart),
      payEnd: formatBeijingDateTime(row.payEnd),
      phone: row.phone,
      noticeUrl: row.noticeUrl,
      readingNotice: row.readingNotice,
      announcements: row.announcements,
      sites,
      fees: row.fees,
      reviewMode: row.reviewMode,
    };
  }

  /** The raw settings row (enrollment reads windows and the review mode from it). */
  async settingsRow(examId: string, provinceId: string): Promise<ExamProvinceRow> {
    if (!isUuid(examId)) throw notFound();
    const row = await this.cachedSettingsRow(examId, provinceId);
    if (!row) throw provinceNotSet();
    return row;
  }

  /** True inside the province's 报名时间, by the platform clock. */
  signupOpen(row: Pick<ExamProvinceRow, 'signupStart' | 'signupEnd'>): boolean {
    return withinWindow(this.clock.now(), row.signupStart, row.signupEnd);
  }

  /**
   * 省份选择: the provinces that published this exam, as a prepared answer (platform/fixed-json.ts: serialised,
   * compressed and given its ETag once) that serves every candidate until the rows are read again
   * (LIST_TTL_MS) or a window opens or closes by the clock. At the window's first second a province's
   * candidates all ask for it at once.
   */
  async provinceAnswer(examId: string): Promise<FixedJson> {
    const exam = await this.get(examId);
    const now = this.clock.now().getTime();
    let cached = this.listCache.get(examId);
    if (!cached || now - cached.at > LIST_TTL_MS || now < cached.at) {
      cached = { at: now, rows: await this.db.select().from(examProvinces).where(eq(examProvinces.examId, examId)) };
      this.listCache.set(examId, cached);
    }
    const key = `${cached.at}:${cached.rows.map((r) => (this.signupOpen(r) ? 1 : 0)).join('')}`;
    const hit = this.listAnswers.get(examId);
    if (hit?.key === key) return hit.answer;
    const names = new Map((await this.examProvinces()).map((a) => [a.id, a.name]));
    const rows: ProvinceRow[] = cached.rows
      .filter((r) => names.has(r.provinceId))
      .sort((a, b) => (a.provinceId < b.provinceId ? -1 : 1))
      .map((r) => ({
        provinceId: r.provinceId,
        provinceName: names.get(r.provinceId)!,
        signupWindow: `${formatBeijingDateTime(r.signupStart)} 至 ${formatBeijingDateTime(r.signupEnd)}`,
        payWindow: `${formatBeijingDateTime(r.payStart)} 至 ${formatBeijingDateTime(r.payEnd)}`,
        phone: r.phone,
        noticeUrl: r.noticeUrl,
        open: this.signupOpen(r),
      }));
    // Revalidated every few seconds: 点击进入 follows the clock at the window's first second.
    const answer = new FixedJson({ exam, rows }, 'public, max-age=5, must-revalidate');
    this.listAnswers.set(examId, { key, answer });
    return answer;
  }
  private listAnswers = new Map<string, { key: string; answer: FixedJson }>();

  /** The console's list of one exam's provinces: every province-level authority, set or not. */
  async consoleProvinces(ctx: StaffContext, examId: string) {
    await this.get(examId);
    const set = new Set((await this.db.select({ p: examProvinces.provinceId }).from(examProvinces).where(eq(examProvinces.examId, examId))).map((r) => r.p));
    const all = await this.examProvinces();
    // A city's or a county's staff see the province (or 计划单列市) their authority lies in: its 报名统计 shows
    // their own 报名点. Only the province's own administrators (and 财政部's) edit its settings.
    const national = ctx.authorityLevel === 'national';
    const mine = national ? all : all.filter((a) => a.id === ctx.authorityId || ctx.authorityPath.startsWith(a.path));
    return mine.map((a) => ({
      provinceId: a.id,
      provinceName: a.name,
      configured: set.has(a.id),
      editable: ctx.roles.includes('admin') && (national || a.id === ctx.authorityId),
    }));
  }

  /** The console's form: only an administrator who may save it may read it this way. */
  async consoleSettings(ctx: StaffContext, examId: string, provinceId: string) {
    this.requireSettingsAdmin(ctx, provinceId);
    const exam = await this.get(examId);
    const province = await this.requireExamProvince(provinceId);
    return { exam, provinceName: province.name, settings: await this.settings(examId, provinceId) };
  }
}

