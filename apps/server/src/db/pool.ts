import type { Socket } from 'node:net';
import pg from 'pg';

/** How long the platform waits on PostgreSQL, and how long PostgreSQL lets a session hold on. */
export type DbTimeouts = {
  /** A new connection (TCP and the startup handshake), or a free one from the pool. */
  connectMs: number;
  /** Server side: one statement; PostgreSQL cancels it and the transaction rolls back. */
  statementMs: number;
  /** Server side: a wait for a row or table lock. */
  lockMs: number;
  /** Server side: a session left inside a transaction with no statement running is ended (and rolled back). */
  idleInTransactionMs: number;
};

/** The defaults of the DB_*_TIMEOUT_MS settings; PGlite, in-process, needs none of them. */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5_000, statementMs: 10_000, lockMs: 5_000, idleInTransactionMs: 10_000 };

/** Connections per process. */
export const POOL_MAX = 10;

/** Extra time the client gives a statement beyond statement_timeout before it deems the server gone. */
export const ANSWER_MARGIN_MS = 1_000;

type PoolCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: Error | boolean) => void) => void;

/**
 * The pg pool the platform serves from, made safe against a database that dies or freezes (decision 0009):
 *
 * - A connection lost while a request holds it emits 'error' on its client, which node-postgres leaves
 *   to the caller; unheard, that event ended the process. Here every checkout listens, and a client whose
 *   connection is lost is given back to the pool at once (which drops it): drizzle's transaction does not
 *   release a client whose BEGIN failed, so without this each such failure leaked a pool slot for good.
 *   The client's release is made idempotent for the release its holder still makes.
 * - A statement that gets no answer within statement_timeout plus a margin (a frozen server or a network
 *   that drops packets) destroys its connection: its queries fail at once, and the server, when it next
 *   reads the socket, finds it closed and rolls the transaction back. A COMMIT that was never sent can
 *   then never arrive late. node-postgres' own query_timeout fails the query but keeps the connection,
 *   with the statement still running and the transaction open behind it.
 * - The server-side timeouts ride in the startup packet, so they cost no round trip.
 */
export class ResilientPool extends pg.Pool {
  constructor(connectionString: string, timeouts: DbTimeouts, opts: { max?: number; onConnectionLost?: (err: Error) => void } = {}) {
    super({
      connectionString,
      max: opts.max ?? POOL_MAX,
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      keepAlive: true,
    });
    const lost = opts.onConnectionLost ?? (() => {});
    // An idle connection the server drops (restart, failover): the pool replaces it on the next query.
    this.on('error', lost);
    this.on('connect', (client) => {
      // Heard always, so that no 'error' on a client ever goes unheard; the queries in flight fail with it.
      client.on('error', () => {});
      abandonUnanswered(client, timeouts.statementMs + ANSWER_MARGIN_MS);
    });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: PoolCallback): void;
  override connect(callback?: PoolCallback): Promise<pg.PoolClient> | void {
    if (!callback) return super.connect().then(guardCheckout);
    super.connect((err, client, done) => {
      if (client) guardCheckout(client);
      callback(err, client, client ? client.release : done);
    });
  }
}

/** While checked out, a lost connection gives its client back to the pool (which drops it); release becomes idempotent. */
function guardCheckout(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const settle = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('error', onLost);
    release(err);
  };
  const onLost = (err: Error) => settle(err);
  client.on('error', onLost);
  client.release = settle;
  return client;
}

/** Wraps the client's query so that one without an answer after ms destroys the connection. */
function abandonUnanswered(client: pg.PoolClient, ms: number): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const abandon = () => {
    const stream = client.connection?.stream as Socket | undefined;
    stream?.destroy(Object.assign(new Error(`PostgreSQL gave no answer within ${ms} ms: connection closed`), { code: 'ETIMEDOUT' }));
  };
  const wrapped = (...args: unknown[]): unknown => {
    const first = args[0] as { submit?: unknown; callback?: unknown } | undefined;
    // Cursors and streams (not used by the platform) keep their own pace.
    if (typeof first?.submit === 'function') return query(...args);
    const timer = setTimeout(abandon, ms);
    const done = () => clearTimeout(timer);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: unknown, res: unknown) => (done(), callback(err, res));
      return query(...args);
    }
    if (first && typeof first.callback === 'function') {
      const cb = first.callback as (err: unknown, res: unknown) => void;
      args[0] = { ...first, callback: (err: unknown, res: unknown) => (done(), cb(err, res)) };
      return query(...args);
    }
    const result = query(...args) as Promise<unknown>;
    result.then(done, done);
    return result;
  };
  client.query = wrapped as typeof client.query;
}
