import { and, count, desc, eq, gte, inArray, lt, or, sql, type SQL, type SQLWrapper, type WithSubquery } from 'drizzle-orm';
import { AUDIT_EVENT_LABELS, AUDIT_RETENTION_MIN_DAYS, maskIdentifier } from '@ausm/domain';
import type { Db, Tx } from '../db/client';
import type { Clock } from './clock';
import { blindIndex } from './pii/keyring';
import { securityEvents } from './tables';

export type SecurityEventKind =
  | 'register'
  | 'login_success'
  | 'login_failure'
  | 'lockout'
  | 'password_reset'
  | 'logout'
  | 'wechat_bind'
  | 'wechat_unbind'
  | 'mobile_change'
  | 'staff_create'
  | 'staff_roles_change'
  | 'staff_disable'
  | 'staff_enable'
  | 'staff_update'
  | 'staff_password_reset'
  | 'collection_import'
  | 'personal_data_view'
  // staff: a list of people downloaded (调入调出人员 as CSV)
  | 'personal_data_export'
  | 'review_claim'
  | 'review_approve'
  | 'review_reject'
  // staff: 重试 of a review-result notice kept as 发送失败
  | 'notice_retry'
  // staff: 修改密码 (their own), and the first 动态口令 proving an authenticator app holds the secret
  | 'password_change'
  | 'totp_enroll'
  // 会计专业技术资格考试: staff set up exams; an accountant files an enrollment
  | 'exam_create'
  | 'exam_province_settings'
  // 会计人员继续教育: a province's staff set a year's requirement and closing date
  | 'ce_year_settings'
  | 'standard_save'
  | 'standard_publish'
  | 'standard_unpublish'
  | 'reward_record'
  | 'reward_revoke'
  | 'talent_year_save'
  | 'enrollment_submit'
  // 网上缴费 and 重新报名
  | 'order_create'
  | 'enrollment_cancel'
  | 'payment_refund'
  // the score ledger: a 财政部 administrator imports an exam's results
  | 'score_import'
  // 单位法人用户 (issue 26): the employer's own events (detail names the employer)
  | 'employer_register'
  | 'employer_login'
  | 'employer_password_reset'
  | 'employer_employment'
  | 'employer_staff_export'
  // and may revoke a 资格证书 it completed
  | 'certificate_revoke';

// Every kind the server writes has the name the console shows (packages/domain, schemas/audit.ts):
// a kind added here without one fails the typecheck.
AUDIT_EVENT_LABELS satisfies Record<SecurityEventKind, string>;

/** The staff member who did what an event records (who). */
export type AuditActor = { staffId: string; username: string };

/**
 * One event: what (kind, detail), whom (accountId: the accountant concerned; subjectStaffId: the staff
 * member acted upon or logging in), who (actor, for staff work; an accountant's own events have the
 * accountant as actor and subject). Detail holds ids and masked values only, never a whole ID number
 * or mobile.
 */
export type SecurityEvent = {
  kind: SecurityEventKind;
  accountId?: string | null;
  identifier?: string | null;
  detail?: Record<string, unknown>;
  actor?: AuditActor | null;
  subjectStaffId?: string | null;
};

export type RequestOrigin = {
  ip: string | null;
  userAgent: string | null;
  /** The session cookie the request came with: a login in this browser ends that session (SessionService.create). */
  sessionToken?: string | null;
};

/** A search of the trail. `within`: only events of these staff or these accountants (null: all). */
export type AuditFilter = {
  from?: Date;
  to?: Date;
  kind?: string;
  actorStaffId?: string;
  /** An account id or a staff id: the events about it. */
  subjectId?: string;
  within: { staffIds: SQLWrapper; accountIds: SQLWrapper } | null;
  page: number;
  pageSize: number;
};

export type AuditRecord = typeof securityEvents.$inferSelect;

/** Writes security events; pass the transaction of the write the event belongs to. */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(tx: Tx, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
    await tx.insert(securityEvents).values(this.row(event, origin));
  }

  /** Several people's events in one statement (a group commit, platform/group-commit.ts). */
  async recordAll(tx: Tx, events: Array<{ event: SecurityEvent; origin: RequestOrigin }>): Promise<void> {
    if (events.length) await tx.insert(securityEvents).values(events.map(({ event, origin }) => this.row(event, origin)));
  }

  /**
   * A login_success event as a WITH clause of the statement that opens the session, with placeholders
   * (accountId, ip, userAgent, now) instead of values: the statement is prepared once
   * (SessionService.loginStatement), and the event is written with the session or not at all.
   */
  loginSuccessClause(db: Db): WithSubquery {
    const insert = db.insert(securityEvents).values({
      kind: 'login_success' satisfies SecurityEventKind,
      accountId: sql.placeholder('accountId'),
      ip: sql.placeholder('ip'),
      userAgent: sql.placeholder('userAgent'),
      at: sql.placeholder('now'),
    });
    return db.$with('security_event').as(insert.returning({ id: securityEvents.id }));
  }

  /** Events matching the filter, newest first, and how many match. */
  async search(db: Db, f: AuditFilter): Promise<{ total: number; rows: AuditRecord[] }> {
    const e = securityEvents;
    const conds: SQL[] = [];
    if (f.from) conds.push(gte(e.at, f.from));
    if (f.to) conds.push(lt(e.at, f.to));
    if (f.kind) conds.push(eq(e.kind, f.kind));
    if (f.actorStaffId) conds.push(eq(e.actorStaffId, f.actorStaffId));
    if (f.subjectId) conds.push(or(eq(e.accountId, f.subjectId), eq(e.subjectStaffId, f.subjectId))!);
    if (f.within) {
      const { staffIds, accountIds } = f.within;
      conds.push(or(inArray(e.actorStaffId, staffIds), inArray(e.subjectStaffId, staffIds), inArray(e.accountId, accountIds))!);
    }
    const where = conds.length ? and(...conds) : undefined;
    const [{ total }] = (await db.select({ total: count() }).from(e).where(where)) as [{ total: number }];
    const rows = await db
      .select()
      .from(e)
      .where(where)
      .orderBy(desc(e.at), desc(e.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    return { total: Number(total), rows };
  }

  /**
   * Deletes the events older than `retentionDays` (never fewer than six months), a batch at a time; returns
   * how many. Each batch's transaction tells the table's trigger it is the purge (a local setting); the
   * trigger still refuses any row younger than the retention by the database's own clock, so neither a
   * sandbox clock set ahead nor a bug here can take a younger row.
   */
  async purgeExpired(db: Db, retentionDays: number): Promise<number> {
    if (!Number.isInteger(retentionDays) || retentionDays < AUDIT_RETENTION_MIN_DAYS) {
      throw new Error(`audit retention must be at least ${AUDIT_RETENTION_MIN_DAYS} days, got ${retentionDays}`);
    }
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    let purged = 0;
    for (;;) {
      const n = await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('ausm.audit_purge_days', ${String(retentionDays)}, true)`);
        const batch = tx
          .select({ id: securityEvents.id })
          .from(securityEvents)
          .where(and(lt(securityEvents.at, cutoff), sql`${securityEvents.at} < now() - make_interval(days => ${retentionDays}::int)`))
          .limit(PURGE_BATCH);
        const gone = await tx.delete(securityEvents).where(inArray(securityEvents.id, batch)).returning({ id: securityEvents.id });
        return gone.length;
      });
      purged += n;
      if (n < PURGE_BATCH) return purged;
    }
  }

  private row(event: SecurityEvent, origin: RequestOrigin) {
    return {
      kind: event.kind,
      accountId: event.accountId ?? null,
      // What was typed is kept masked, with its blind index to search by: never whole (docs/personal-data.md).
      identifier: event.identifier ? maskIdentifier(event.identifier) : null,
      identifierIndex: event.identifier ? blindIndex(event.identifier) : null,
      detail: event.detail ?? null,
      actorStaffId: event.actor?.staffId ?? null,
      actorUsername: event.actor?.username ?? null,
      subjectStaffId: event.subjectStaffId ?? null,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
      at: this.clock.now(),
    };
  }
}

// A batch small enough that one purge transaction never holds many locks or a long WAL burst.
const PURGE_BATCH = 5_000;
