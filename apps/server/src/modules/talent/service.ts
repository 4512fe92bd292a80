import { desc, eq } from 'drizzle-orm';
import type { TalentNotice, TTalentYearInput } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { StaffContext } from '../staff';
import { talentYears } from './tables';

export type TalentYearView = { year: number; title: string; intro: string; notices: TalentNotice[]; updatedAt: Date };

const notFound = (year: number) => new AppError(404, 'talent/not_found', `${year}年度高端会计人才培养项目尚未发布`);

/** 高端会计人才培养项目 (issue 26): the 财政部 keeps one page per project year; everybody reads them. */
export class TalentService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  requireEditor(ctx: StaffContext): void {
    if (ctx.authorityLevel !== 'national' || !ctx.roles.includes('admin')) {
      throw new AppError(403, 'talent/forbidden', '仅财政部管理员可以编辑高端会计人才培养项目');
    }
  }

  /** The project years with a page, newest first. */
  async years(): Promise<Array<{ year: number; title: string }>> {
    return this.db.select({ year: talentYears.year, title: talentYears.title }).from(talentYears).orderBy(desc(talentYears.year));
  }

  async one(year: number): Promise<TalentYearView> {
    const [row] = await this.db.select().from(talentYears).where(eq(talentYears.year, year));
    if (!row) throw notFound(year);
    // Notices newest first, whatever order they were typed in.
    return { year: row.year, title: row.title, intro: row.intro, notices: [...row.notices].sort((a, b) => b.date.localeCompare(a.date)), updatedAt: row.updatedAt };
  }

  /** The console's page of a year: its content, or an empty form for a year without one. */
  async consoleOne(ctx: StaffContext, year: number): Promise<TalentYearView & { exists: boolean }> {
    this.requireEditor(ctx);
    const [row] = await this.db.select().from(talentYears).where(eq(talentYears.year, year));
    return row
      ? { year, title: row.title, intro: row.intro, notices: row.notices, updatedAt: row.updatedAt, exists: true }
      : { year, title: `${year}年度全国高端会计人才培养项目`, intro: '', notices: [], updatedAt: this.clock.now(), exists: false };
  }

  /** 保存: the year's whole page at once (sixteen identical saves leave one row: the year is the key). */
  async save(ctx: StaffContext, year: number, input: TTalentYearInput, origin: RequestOrigin): Promise<TalentYearView & { exists: boolean }> {
    this.requireEditor(ctx);
    const values = { title: input.title, intro: input.intro, notices: input.notices, updatedBy: ctx.staffId, updatedAt: this.clock.now() };
    await this.db.transaction(async (tx) => {
      await tx.insert(talentYears).values({ year, ...values }).onConflictDoUpdate({ target: talentYears.year, set: values });
      await this.audit.record(tx, { kind: 'talent_year_save', actor: ctx, detail: { year, title: input.title, notices: input.notices.length } }, origin);
    });
    return this.consoleOne(ctx, year);
  }
}
