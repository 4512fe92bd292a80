/**
 * True when an error says the database (or Redis) cannot serve right now, rather than that the request or
 * the code is wrong: the server is down, restarting, unreachable, out of connections, or gave no answer in
 * time. The platform answers those 503 with Retry-After (platform/http.ts); a retry may well succeed.
 * Drizzle wraps the driver's error as `cause`; Node wraps the tries of several addresses in an AggregateError.
 */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isUnavailableSqlState(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).startsWith(m))) return true;
  // ioredis, when Redis (REDIS_URL) is down: it retries each command, then gives up.
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isUnavailable(x, depth + 1))) return true;
  return isUnavailable(e.cause, depth + 1);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs (both drivers give PostgreSQL's): class 08 connection exception; 53 insufficient resources
 * (53300 too_many_connections among them); 57P01-57P03 admin/crash shutdown and cannot_connect_now
 * (starting up, in recovery); 57014 query_canceled (statement_timeout); 55P03 lock_not_available
 * (lock_timeout); 25P03 idle_in_transaction_session_timeout.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^(08|53)[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '57014', '55P03', '25P03'].includes(code);
}

/** node-postgres, pg-pool and PGlite say these without a code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated', // '… unexpectedly', '… due to connection timeout'
  'timeout exceeded when trying to connect', // pg-pool: no connection free within connectionTimeoutMillis
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool', // shutting down
  'Query read timeout',
  'PGlite is closed',
  'PGlite is closing',
  'Connection is closed.', // ioredis
];
