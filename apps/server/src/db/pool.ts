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


/**
 * The pg pool the platform serves from, made safe against a database that dies or freezes (decision 0009):
 *
 * - A connection lost while a request holds it emits 'error' on its client, which node-postgres leaves
 *   to the caller; unheard, that event ended the process. Here every client is heard, and one whose
 *   connection is lost while checked out is given back to the pool at once (which drops it): drizzle's
 *   transaction does not release a client whose BEGIN failed, so without this each such failure leaked a
 *   pool slot for good. The client's release is made idempotent for the release its holder still makes.
 * - A statement that gets no answer within statement_timeout plus a margin (a frozen server or a network
 *   that drops packets) destroys its connection: its queries fail at once, and the server, when it next
 *   reads the socket, finds it closed and rolls the transaction back. A COMMIT that was never sent can
 *   then never arrive late. node-postgres' own query_timeout fails the query but keeps the connection,
 *   with the statement still running and the transaction open behind it.
 * - The server-side timeouts ride in the startup packet, so they cost no round trip.
 *
 * Both guards are installed once per connection, not per checkout or per statement (bench/README, session
 * 20): the login, two statements between hashes, paid a timer, two closures and a rebound release each time.
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
    const watch = new AnswerWatch(timeouts.statementMs + ANSWER_MARGIN_MS);
    this.on('connect', (client) => {
      guardCheckouts(client);
      watch.add(client);
    });
  }
}

/**
 * The client's release becomes one function for its whole life: the pool hands it a new release at each
 * checkout (pg-pool's `_acquireClient` assigns `client.release`), which the setter keeps; the holder's
 * release and a lost connection's both go through `release`, and only the first of them reaches the pool.
 */
function guardCheckouts(client: pg.PoolClient): void {
  let poolRelease: ((err?: Error | boolean) => void) | undefined;
  const release = (err?: Error | boolean) => {
    const give = poolRelease;
    if (!give) return;
    poolRelease = undefined;
    give(err);
  };
  Object.defineProperty(client, 'release', {
    configurable: true,
    enumerable: true,
    get: () => release,
    set: (give: (err?: Error | boolean) => void) => void (poolRelease = give),
  });
  // Heard always, so that no 'error' on a client ever goes unheard; the queries in flight fail with it. Idle,
  // the client is the pool's (its own listener drops it); checked out, it goes back to the pool at once.
  client.on('error', (err) => release(err));
}

type Watched = { client: pg.PoolClient & { readyForQuery?: boolean }; answers: number; seen: number; since: number };

/**
 * The clients of a pool, and one interval that destroys the connection of any whose statement has had no
 * answer for `ms`. A client is waiting while node-postgres' `readyForQuery` is false (a statement sent, its
 * ReadyForQuery not yet back); each ReadyForQuery counts one answer. A wait is timed from the first look
 * that finds the client waiting with the same count of answers, so it is never cut early and at most two
 * ticks late (half the margin). Cursors and streams would be watched too; the platform uses none.
 */
class AnswerWatch {
  private readonly watched = new Set<Watched>();
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.tickMs = Math.max(1, Math.min(ANSWER_MARGIN_MS / 4, ms / 4));
  }

  add(client: pg.PoolClient): void {
    const w: Watched = { client, answers: 0, seen: 0, since: -1 };
    client.connection.on('readyForQuery', () => {
      w.answers++;
    });
    client.once('end', () => {
      this.watched.delete(w);
      if (!this.watched.size && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    });
    this.watched.add(w);
    if (!this.timer) this.timer = setInterval(this.check, this.tickMs).unref();
  }

  private readonly check = () => {
    const now = performance.now();
    for (const w of this.watched) {
      if (w.client.readyForQuery !== false) {
        w.since = -1;
      } else if (w.since < 0 || w.seen !== w.answers) {
        w.since = now;
        w.seen = w.answers;
      } else if (now - w.since >= this.ms) {
        w.since = -1;
        abandon(w.client, this.ms);
      }
    }
  };
}

function abandon(client: pg.PoolClient, ms: number): void {
  const stream = client.connection?.stream as Socket | undefined;
  stream?.destroy(Object.assign(new Error(`PostgreSQL gave no answer within ${ms} ms: connection closed`), { code: 'ETIMEDOUT' }));
}
