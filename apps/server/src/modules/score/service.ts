import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import {
  CERTIFICATE_TITLES,
  chinaToday,
  EXAM_LEVELS,
  examLevelName,
  parseScoreCsv,
  qualificationCertificateNo,
  scoreStanding,
  subjectName,
  type CertifiedLevel,
  type ExamLevel,
  type ScoreImportError,
  type ScoreResult,
  type ScoreStanding,
} from '@ausm/domain';
import { anyOf, batchedRead, groupRows, preparedOnce, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import type { AccountService } from '../account';
import type { QualificationRegistry } from '../../platform/qualification';
import type { StaffContext } from '../staff/service';
import { qualificationCertificates, scoreResults } from './tables';

/** 成绩查询: every subject's score by year, and what each level's results mean now. */
export type ScoreQuery = {
  results: Array<{ year: number; level: ExamLevel; levelLabel: string; subject: string; subjectLabel: string; score: number; passLine: number; passed: boolean }>;
  standings: ScoreStanding[];
  /** 资格证书 the ledger completed (电子证书). */
  certificates: CertificateView[];
};

/** A 资格证书 as its holder sees it. */
export type CertificateView = {
  id: string;
  level: CertifiedLevel;
  levelLabel: string;
  title: string;
  certificateNo: string;
  examYear: number;
  obtainedAt: string;
  revoked: boolean;
  revokedAt: string | null;
};

const hundredths = (n: number) => Math.round(n * 100);

export type PassedSubject = { id: string; year: number; level: ExamLevel; subject: string };

/**
 * The score ledger (issue 24): a 财政部 administrator imports one exam's results (CSV); every line is checked
 * before anything is written, and the import is one transaction, so a failed import keeps nothing.
 */
/** An account's ID number and whether it is verified, as `AccountService.identity` reads it. */
export type KnownIdentity = { idNumber: string; verified: boolean };

export class ScoreService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly audit: AuditLog,
    private readonly registry: QualificationRegistry,
    private readonly onError: (err: unknown) => void = () => {},
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
      const issued = await this.issueCertificates(tx, input.level, lines, importId, now);
      await this.audit.record(tx, { kind: 'score_import', actor: { staffId: ctx.staffId, username: ctx.username }, detail: { importId, year: input.year, level: input.level, rows: lines.length, certificates: issued } }, origin);
    });
    // The national records take in what this import completed (and anything an earlier attempt left).
    await this.recordNational();
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

  /**
   * 资格证书 (issue 24): the people of this file who now meet their level's rule (初级 both subjects in one year;
   * 中级 three within two consecutive years, counting earlier imports) and hold no certificate of it get one, in
   * the import's transaction. One per person and level (unique index): a repeated import issues nothing more.
   */
  private async issueCertificates(tx: Tx, level: ExamLevel, lines: ReadonlyArray<{ idNumber: string; score: number; passLine: number }>, importId: string, now: Date): Promise<number> {
    if (level !== 'junior' && level !== 'intermediate') return 0;
    const people = new Map<string, string>();
    for (const l of lines) if (l.score >= l.passLine) people.set(blindIndex(l.idNumber), l.idNumber);
    const keys = [...people.keys()];
    let issued = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const held = new Set(
        (await tx.select({ index: qualificationCertificates.idNumberIndex }).from(qualificationCertificates).where(and(eq(qualificationCertificates.level, level), inArray(qualificationCertificates.idNumberIndex, chunk)))).map(
          (r) => r.index,
        ),
      );
      const rows = await tx
        .select({ index: scoreResults.idNumberIndex, year: scoreResults.examYear, subject: scoreResults.subject, score: scoreResults.score, passLine: scoreResults.passLine })
        .from(scoreResults)
        .where(and(eq(scoreResults.level, level), inArray(scoreResults.idNumberIndex, chunk.filter((k) => !held.has(k)))));
      const byPerson = new Map<string, ScoreResult[]>();
      for (const r of rows) byPerson.set(r.index, [...(byPerson.get(r.index) ?? []), { year: r.year, level, subject: r.subject, score: r.score, passLine: r.passLine }]);
      const qualified = [...byPerson].flatMap(([index, results]) => {
        const s = scoreStanding(level, results, Math.max(...results.map((r) => r.year)));
        return s.qualified ? [{ index, year: s.qualifiedYear! }] : [];
      });
      if (!qualified.length) continue;
      const serials = (await tx.execute(sql`select nextval('qualification_certificate_serial')::int as n from generate_series(1, ${qualified.length}::int)`)) as unknown as {
        rows: Array<{ n: number }>;
      };
      const obtainedAt = chinaToday(now);
      const inserted = await tx
        .insert(qualificationCertificates)
        .values(
          qualified.map((q, k) => {
            const idNumber = people.get(q.index)!;
            const certificateNo = qualificationCertificateNo(q.year, idNumber, level, Number(serials.rows[k]!.n));
            return {
              id: randomUUID(),
              level,
              examYear: q.year,
              idNumber,
              idNumberIndex: q.index,
              certificateNo,
              certificateIndex: blindIndex(certificateNo),
              obtainedAt,
              importId,
              issuedAt: now,
            };
          }),
        )
        .onConflictDoNothing({ target: [qualificationCertificates.idNumberIndex, qualificationCertificates.level] })
        .returning({ id: qualificationCertificates.id });
      issued += inserted.length;
    }
    return issued;
  }

  /**
   * Enters the certificates not yet in the national records (platform/qualification `record`, idempotent by
   * certificate number) and marks them; one the registry cannot take now stays for the next call (after the
   * next import, and before a person's 自动获取). `idNumber` narrows it to one person.
   */
  async recordNational(idNumber?: string): Promise<number> {
    const pending = await this.db
      .select()
      .from(qualificationCertificates)
      .where(and(isNull(qualificationCertificates.recordedAt), idNumber ? eq(qualificationCertificates.idNumberIndex, blindIndex(idNumber)) : undefined))
      .orderBy(asc(qualificationCertificates.issuedAt))
      .limit(idNumber ? 10 : 5000);
    let recorded = 0;
    for (const c of pending) {
      try {
        // A revoked certificate is taken out of the records (whether or not it had been entered).
        if (c.revokedAt) await this.registry.revoke(c.certificateNo, c.revokedReason ?? '');
        else await this.registry.record({ idNumber: c.idNumber, level: c.level, certificateNo: c.certificateNo, obtainedAt: c.obtainedAt });
      } catch (err) {
        this.onError(err);
        break;
      }
      await this.db.update(qualificationCertificates).set({ recordedAt: this.clock.now() }).where(eq(qualificationCertificates.id, c.id));
      recorded++;
    }
    return recorded;
  }

  /**
   * The person's results at every level (the 中级 enrollment offers only what is still needed). `known`: the
   * identity the caller has read already (the submit reads it once, not once per source).
   */
  async resultsOf(accountId: string, known?: KnownIdentity): Promise<ScoreResult[]> {
    const identity = known ?? (await this.accounts.identity(accountId));
    if (!identity?.verified) return [];
    const rows = await this.resultRows(blindIndex(identity.idNumber));
    return rows.map((r) => ({ year: r.examYear, level: r.level, subject: r.subject, score: r.score / 100, passLine: r.passLine / 100 }));
  }
  // The exam's submit reads both ledgers at its peak: with the other requests' of the moment.
  private readonly resultRows = batchedRead(async (indexes: readonly string[]) => {
    const rows = await this.resultsStatement().execute({ indexes });
    return groupRows(indexes, rows, (r) => r.idNumberIndex);
  });
  private readonly certificateRows = batchedRead(async (indexes: readonly string[]) => {
    const rows = await this.certificatesStatement().execute({ indexes });
    return groupRows(indexes, rows, (r) => r.idNumberIndex);
  });
  private readonly resultsStatement = preparedOnce(() => this.db.select().from(scoreResults).where(anyOf(scoreResults.idNumberIndex, sql.placeholder('indexes'))).prepare('score_results_of'));
  private readonly certificatesStatement = preparedOnce(() =>
    this.db
      .select()
      .from(qualificationCertificates)
      .where(anyOf(qualificationCertificates.idNumberIndex, sql.placeholder('indexes')))
      .orderBy(asc(qualificationCertificates.issuedAt))
      .prepare('qualification_certificates_of'),
  );

  /** The person's 资格证书 (by their verified ID number), oldest first. */
  async certificatesOf(accountId: string, known?: KnownIdentity): Promise<CertificateView[]> {
    const identity = known ?? (await this.accounts.identity(accountId));
    if (!identity?.verified) return [];
    const rows = await this.certificateRows(blindIndex(identity.idNumber));
    return rows.map((c) => ({
      id: c.id,
      level: c.level,
      levelLabel: examLevelName(c.level),
      title: CERTIFICATE_TITLES[c.level],
      certificateNo: c.certificateNo,
      examYear: c.examYear,
      obtainedAt: c.obtainedAt,
      revoked: c.revokedAt !== null,
      revokedAt: c.revokedAt ? chinaToday(c.revokedAt) : null,
    }));
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
    return { results, standings: levels.map((l) => scoreStanding(l, results, year)), certificates: await this.certificatesOf(accountId) };
  }
}
