import type { AuditEventKind } from '@ausm/domain';
import type { Paged } from './console';
import { api, ok, query } from './typed';

/** 审计日志 (console, administrators): the audit trail of the administrator's authorities. */

/** Who did it, or about whom: ids to filter by, and a label with masked values only. */
export interface AuditParty {
  type: 'staff' | 'accountant' | 'anonymous' | 'none';
  id: string | null;
  /** A staff member's username, the 操作人 filter's value. */
  username: string | null;
  label: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  kind: string;
  kindLabel: string;
  actor: AuditParty;
  subject: AuditParty;
  summary: string;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditQuery {
  /** YYYY-MM-DD, China time, both ends included. */
  from?: string;
  to?: string;
  kind?: AuditEventKind;
  /** A staff member's username. */
  actor?: string;
  /** An account id, a staff id or a staff username. */
  subject?: string;
  page?: number;
  pageSize?: number;
}

export const listAuditEvents = (q: AuditQuery): Promise<Paged<AuditEvent>> => ok(api.GET('/api/console/audit-events', { params: { query: query(q) } }));
