import { sql, type WithSubquery } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { Clock } from './clock';
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
  | 'mobile_change';

export type SecurityEvent = { kind: SecurityEventKind; accountId?: string | null; identifier?: string | null; detail?: Record<string, unknown> };

export type RequestOrigin = {
  ip: string | null;
  userAgent: string | null;
  /** The session cookie the request came with: a login in this browser ends that session (SessionService.create). */
  sessionToken?: string | null;
};

/** Writes security events; pass the transaction of the write the event belongs to. */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(tx: Tx, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
    await this.insert(tx, event, origin);
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

  private insert(tx: Tx, event: SecurityEvent, origin: RequestOrigin) {
    return tx.insert(securityEvents).values({
      kind: event.kind,
      accountId: event.accountId ?? null,
      identifier: event.identifier ?? null,
      detail: event.detail ?? null,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
      at: this.clock.now(),
    });
  }
}
