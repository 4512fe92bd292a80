import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import DataLoader from 'dataloader';
import pg from 'pg';
import { DEFAULT_DB_TIMEOUTS, ResilientPool, type DbTimeouts } from './pool';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers give this type: services never know which database they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle or the database itself. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** One trivial query: readiness (GET /api/ready) asks it. */
  ping(): Promise<void>;
  /** PostgreSQL's pool, for /metrics: connections open, idle, requests waiting for one, the maximum. */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
  /** PGlite only: its data folder as a tarball, for `openDatabase`'s `pgliteTemplate` (tests start from one). */
  dumpDataDir?: () => Promise<Blob>;
};

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens the database and applies the checked-in migrations: PostgreSQL when a URL is given,
 * otherwise embedded PGlite persisted in dataDir (or in memory when dataDir is null).
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string | null;
  timeouts?: DbTimeouts;
  /** Told when a connection to PostgreSQL is lost (the server restarted, the network failed). */
  onConnectionLost?: (err: Error) => void;
  /**
   * In-memory PGlite only: start from this data folder (a `dumpDataDir` tarball) instead of an empty one.
   * The API tests start each file from one migrated and seeded database instead of running initdb, the
   * migrations and the seeds again (test/global-setup.ts).
   */
  pgliteTemplate?: Blob;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const timeouts = opts.timeouts ?? DEFAULT_DB_TIMEOUTS;
    await migratePostgres(opts.databaseUrl, timeouts.connectMs);
    const pool = new ResilientPool(opts.databaseUrl, timeouts, { onConnectionLost: opts.onConnectionLost });
    const db = drizzlePg(pool, { schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      ping: async () => void (await pool.query('select 1')),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
      close: once(() => pool.end()),
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir ? new PGlite(`${opts.dataDir}/pglite`) : new PGlite(opts.pgliteTemplate ? { loadDataDir: opts.pgliteTemplate } : {});
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: async () => void (await client.query('select 1')),
    close: once(() => client.close()),
    dumpDataDir: () => client.dumpDataDir('none'),
  };
}

/** Closing twice (a test that closed the database under the app, then the app) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/**
 * Migrations run on a pool of their own without the serving pool's statement and idle timeouts: a
 * migration that rewrites a large table, or the wait for another process's migration lock, may take
 * longer than any request should.
 */
async function migratePostgres(databaseUrl: string, connectMs: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: connectMs });
  // A connection lost here fails the migration, and with it the start, with its own error.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migrateExclusively(pool, () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }));
  } finally {
    await pool.end();
  }
}

/** Names the advisory lock that migrations run under (any constant; it shows in pg_locks). */
export const MIGRATION_LOCK_KEY = 2_026_112_301;

/**
 * Several server processes (REDIS_URL) may start at once on a new database: drizzle's migrator takes no
 * lock, so the second one tried to create the tables the first had just created and exited. A session
 * advisory lock, held on a connection of its own while the migrations run on the pool, lets one process
 * migrate while the others wait; they then find the migrations applied and go on.
 */
async function migrateExclusively(pool: pg.Pool, migrate: () => Promise<void>): Promise<void> {
  const lock = await pool.connect();
  // A connection whose unlock failed is closed rather than returned to the pool: closing it ends the
  // session, and with it the lock, and the unlock's error does not hide the migration's.
  let broken = false;
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate();
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
        broken = true;
      });
    }
  } finally {
    lock.release(broken);
  }
}

/**
 * A statement built and prepared on first use, then kept: for the queries every request of a peak runs
 * (login), where building the query again each time cost the event loop more than running it.
 */
export function preparedOnce<T>(prepare: () => T): () => T {
  let statement: T | undefined;
  return () => (statement ??= prepare());
}

/**
 * One key's read, made together with the same read of the other requests of the same turn of the event loop:
 * `load` gets every key of the turn (duplicates included) and answers each, in order, in one statement. At a
 * peak, thousands of people's reads of one table are then a few dozen statements, not thousands (issue 21's
 * figure 5, decision 0027). Nothing is cached between turns: each read sees the database as it is. For reads
 * outside a transaction only (a transaction's reads go through its own connection).
 */
export function batchedRead<K, V>(load: (keys: readonly K[]) => Promise<V[]>): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(load, { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) });
  return (key) => loader.load(key);
}

/**
 * `column = any(keys)`: a batch of keys bound as one array parameter. `inArray` binds one parameter per key and
 * drizzle checks and maps each as it builds the statement, which at a peak's batches of hundreds cost the event
 * loop more than PostgreSQL spent running it; and with `sql.placeholder` the statement is prepared once for
 * batches of every size (`preparedOnce`), its text and plan not built again.
 */
export const anyOf = (column: AnyColumn, keys: readonly unknown[] | Placeholder): SQL => sql`${column} = any(${Array.isArray(keys) ? sql.param(keys) : keys})`;

/** Whether a string can be compared with a uuid column (anything else makes PostgreSQL refuse the statement). */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** `rows` grouped by `keyOf`, one group per key of `keys` (in that order; the rows' own order kept within each). */
export function groupRows<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

/** PostgreSQL's unique_violation, whichever driver raised it. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const code = (e as { code?: string })?.code;
  if (code !== '23505') return false;
  return !constraint || (e as { constraint?: string }).constraint === constraint;
}
