import type { Tx } from '../db/client';
import type { Clock } from './clock';
import { securityEvents } from './tables';

export type SecurityEventKind =
  | 'register'
  | 'login_success'
  | 'login_failure'
  | 'lockout'
  | 'password_reset'
  | 'logout';

export type RequestOrigin = { ip: string | null; userAgent: string | null };

/** Writes security events; pass the transaction of the write the event belongs to. */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  async record(
    tx: Tx,
    event: { kind: SecurityEventKind; accountId?: string | null; identifier?: string | null; detail?: Record<string, unknown> },
    origin: RequestOrigin,
  ): Promise<void> {
    await tx.insert(securityEvents).values({
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
