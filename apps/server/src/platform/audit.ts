import type { WithSubquery } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { Clock } from './clock';
import { securityEvents } from './tables';

export type SecurityEventKind =
  | 'register'
  | 'login_success'
  | 'login_failure'
  | 'lockout'
  | 'password_reset'
  | 'logout';

export type SecurityEvent = { kind: SecurityEventKind; accountId?: string | null; identifier?: string | null; detail?: Record<string, unknown> };

export type RequestOrigin = { ip: string | null; userAgent: string | null };

/** Writes security events; pass the transaction of the write the event belongs to. */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(tx: Tx, event: SecurityEvent, origin: RequestOrigin): Promise<void> {
    await this.insert(tx, event, origin);
  }

  /** The event as a WITH clause of another statement, to be written with it (SessionService.create's `along`). */
  along(db: Db, event: SecurityEvent, origin: RequestOrigin): WithSubquery {
    return db.$with('security_event').as(this.insert(db, event, origin).returning({ id: securityEvents.id }));
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
