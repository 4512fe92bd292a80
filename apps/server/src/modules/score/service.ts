import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { chinaToday, EXAM_LEVELS, examLevelName, parseScoreCsv, scoreStanding, subjectName, type ExamLevel, type ScoreImportError, type ScoreStanding } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import type { AccountService } from '../account';
import type { StaffContext } from '../staff/service';
import { scoreResults } from './tables';

/** 成绩查询: every subject's score by year, and what each level's results mean now. */
export type ScoreQuery = {
  results: Array<{ year: number; level: ExamLevel; levelLabel: string; subject: string; subjectLabel: string; score: number; passLine: number; passed: boolean }>;
  standings: ScoreStanding[];
};

const hundredths = (n: number) => Math.round(n * 100);

export type PassedSubject = { id: string; year: number; level: ExamLevel; subject: string };

/**
 * The score ledger (issue 24): a 财政部 administrator imports one exam's results (CSV); every line is checked
 * before anything is written, and the import is one transaction, so a failed import keeps nothing.
 */
export class ScoreService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly audit: AuditLog,
  ) {}

  async import(ctx: StaffContext, input: { year: number; level: ExamLevel; csv: string }, origin: RequestOrigin): Promise<{ imported: number }> {
    if (!ctx.roles.includes('admin') || ctx.authorityLevel !== 'national') throw new AppError(403, 'score/forbidden', '仅财政部管理员可以导入考试成绩');
    const now = this.clock.now();
    if (input.year > Number(chinaToday(now).slice(0, 4))) throw new AppError(400, 'score/year', '考试年度不能晚于今年', { field: 'year' });
    const { lines, errors } = parseScoreCsv(input.csv, input.level, now);
    if (errors.length) {
      const shown: ScoreImportError[] = errors.slice(0, 100);
      throw new AppError(400, 'score/bad_lines', `导入失败，共${errors.length}行有误，未导入任何成绩：第${shown[0]!.line}行${shown[0]!.message}`, { data: { errors: shown } });
    }
    const importId = randomUUID();
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < lines.length; i += 500) {
        await tx
          .insert(scoreResults)
          .values(
            lines.slice(i, i + 500).map((l) => ({
              id: randomUUID(),
              examYear: input.year,
              level: input.level,
              subject: l.subject,
              idNumber: l.idNumber,
              idNumberIndex: blindIndex(l.idNumber),
              score: hundredths(l.score),
              passLine: hundredths(l.passLine),
              importId,
              importedAt: now,
            })),
          )
          .onConflictDoUpdate({
            target: [scoreResults.examYear, scoreResults.level, scoreResults.subject, scoreResults.idNumberIndex],
            set: { score: sql`excluded.score`, passLine: sql`excluded.pass_line`, importId, importedAt: now },
          });
      }
      await this.audit.record(tx, { kind: 'score_import', actor: { staffId: ctx.staffId, username: ctx.username }, detail: { importId, year: input.year, level: input.level, rows: lines.length } }, origin);
    });
    // After the commit: the listeners (继续教育's 考试 credits) catch up those who have accounts now; a person
    // who registers later is caught up when their own page is read.
    const passed = lines.filter((l) => l.score >= l.passLine).map((l) => l.idNumber);
    if (passed.length && this.importListeners.length) {
      const accountIds = await this.accounts.idsByIdNumbers(passed);
      for (const listener of this.importListeners) await listener(accountIds);
    }
    return { imported: lines.length };
  }

  /**
   * The subjects a person passed, found by their account's ID number: 继续教育 grants 考试 credits from them
   * (modules/ce, `syncExamCredits`). Nothing for a person not yet verified (the number is not theirs yet).
   */
  async passedOf(accountId: string): Promise<PassedSubject[]> {
    const identity = await this.accounts.identity(accountId);
    if (!identity?.verified) return [];
    const rows = await this.db
      .select()
      .from(scoreResults)
      .where(and(eq(scoreResults.idNumberIndex, blindIndex(identity.idNumber)), gte(scoreResults.score, scoreResults.passLine)));
    return rows.map((r) => ({ id: r.id, year: r.examYear, level: r.level, subject: r.subject }));
  }

  /** Told after an import commits, with the accounts of the people who passed a subject in it. */
  private importListeners: Array<(accountIds: string[]) => Promise<void>> = [];
  onImported(listener: (accountIds: string[]) => Promise<void>): void {
    this.importListeners.push(listener);
  }

  /** The person's own results (by their verified ID number) and what they mean at this year. */
  async mine(accountId: string): Promise<ScoreQuery> {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (!identity.verified) throw new AppError(403, 'score/identity_required', '请先完成实名认证后再查询成绩');
    const rows = await this.db
      .select()
      .from(scoreResults)
      .where(eq(scoreResults.idNumberIndex, blindIndex(identity.idNumber)))
      .orderBy(asc(scoreResults.examYear), asc(scoreResults.level), asc(scoreResults.subject));
    const results = rows.map((r) => ({
      year: r.examYear,
      level: r.level,
      levelLabel: examLevelName(r.level),
      subject: r.subject,
      subjectLabel: subjectName(r.subject),
      score: r.score / 100,
      passLine: r.passLine / 100,
      passed: r.score >= r.passLine,
    }));
    const year = Number(chinaToday(this.clock.now()).slice(0, 4));
    const levels = EXAM_LEVELS.map((l) => l.code).filter((l) => results.some((r) => r.level === l));
    return { results, standings: levels.map((l) => scoreStanding(l, results, year)) };
  }
}
