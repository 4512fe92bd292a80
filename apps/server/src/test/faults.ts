import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { ANSWER_MARGIN_MS } from '../db/pool';
import { PrivateCluster } from './pg-cluster';
import { PgFaultProxy, type Hold } from './pg-proxy';

/**
 * What the fault tests share (faults.test.ts, faults-enrollment.test.ts): a private PostgreSQL cluster on a
 * port of its own, reached through a proxy that can stop a transaction at an exact statement, and the app
 * built on it. The shared server is never touched.
 *
 * They run with the PostgreSQL API tests (TEST_DATABASE_URL), where the server's binaries are installed: there
 * a missing initdb fails the run rather than skip it quietly, unless FAULT_TESTS=skip says to (a server
 * reached over the network, with no binaries on this machine).
 */
const bin = PrivateCluster.findBin();
export const faultTestsRun = !!process.env.TEST_DATABASE_URL && process.env.FAULT_TESTS !== 'skip';
if (faultTestsRun && !bin) throw new Error("the fault tests need PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin, or PG_BIN); FAULT_TESTS=skip skips them");

// Short limits, so a frozen database costs a test seconds; production's are in config.ts.
export const LIMITS = { DB_CONNECT_TIMEOUT_MS: '2000', DB_STATEMENT_TIMEOUT_MS: '2000', DB_LOCK_TIMEOUT_MS: '1000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '6000', READY_TIMEOUT_MS: '1500' };
/** The longest a request may take with the database frozen: the client's own limit, plus room for a loaded machine. */
export const BOUND_MS = Number(LIMITS.DB_STATEMENT_TIMEOUT_MS) + ANSWER_MARGIN_MS + Number(LIMITS.DB_CONNECT_TIMEOUT_MS) + 3_000;
/** "Within seconds": from the database accepting connections again to the platform ready. */
export const RECOVERY_MS = 5_000;

export type FaultHarness = {
  readonly cluster: PrivateCluster;
  readonly proxy: PgFaultProxy;
  readonly app: FastifyInstance;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Until the platform says ready; how long that took. */
  recovered(): Promise<number>;
};

/**
 * Registers the hooks of a describe block of fault tests: the cluster, the proxy and the app on database
 * `platform` (and the other `databases`, created empty) before all; before each, a cluster running and no
 * hold left by a test that failed half way; after all, the cluster first (a close that hangs must not leave
 * it behind). A caller's own afterAll registered after this one runs before it.
 */
export function faultHarness(opts: { databases?: string[] } = {}): FaultHarness {
  let cluster: PrivateCluster | undefined;
  let proxy: PgFaultProxy | undefined;
  let app: FastifyInstance | undefined;

  beforeAll(async () => {
    cluster = await PrivateCluster.create(bin!);
    proxy = await PgFaultProxy.start({ host: '127.0.0.1', port: cluster.port });
    for (const name of ['platform', ...(opts.databases ?? [])]) await query(cluster, 'postgres', `create database ${name}`);
    const base = loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', ...LIMITS });
    app = await buildApp({ ...base, dataDir: null, databaseUrl: proxy.url('platform'), webDist: null });
    await app.ready();
  });

  beforeEach(() => {
    proxy!.clearHolds();
    cluster!.ensureRunning();
  });

  afterAll(async () => {
    cluster?.destroy();
    await proxy?.close();
    await app?.close();
  });

  const harness: FaultHarness = {
    get cluster() {
      return cluster!;
    },
    get proxy() {
      return proxy!;
    },
    get app() {
      return app!;
    },
    inject: (o) => app!.inject(o),
    async recovered() {
      const started = Date.now();
      await waitFor('GET /api/ready to answer 200', async () => (await app!.inject({ method: 'GET', url: '/api/ready' })).statusCode === 200, RECOVERY_MS);
      return Date.now() - started;
    },
  };
  return harness;
}

/** What every request meets while the database is gone: 503, Retry-After, the platform's words. */
export function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect(res.statusCode, res.body).toBe(503);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(res.body)).toMatchObject({ code: 'server/unavailable', message: '系统暂时无法处理您的请求，请稍后重试' });
}

/** Waits until the request's statement is held; fails at once when the request answers without reaching it. */
export async function reached(hold: Hold, inFlight: Promise<{ statusCode: number; body: string } | Response>): Promise<void> {
  const answered = await Promise.race([hold.arrived.then(() => null), inFlight]);
  if (answered) {
    const text = 'statusCode' in answered ? `${answered.statusCode} ${answered.body}` : `${answered.status} ${await answered.clone().text()}`;
    throw new Error(`the request answered before reaching the statement held: ${text}`);
  }
}

/** Polls probe until it says true; fails after timeoutMs with what it was waiting for. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One statement on the cluster directly (not through the proxy). */
export async function query(cluster: PrivateCluster, database: string, statement: string): Promise<Array<Record<string, unknown> & { t: string; n: number }>> {
  const c = new pg.Client({ connectionString: cluster.url.replace(/\/postgres$/, `/${database}`) });
  await c.connect();
  try {
    return (await c.query(statement)).rows;
  } finally {
    await c.end();
  }
}

/** Counts per table and status (a query of `select <label> as t, count(*)::int as n … union all …`), by label. */
export async function counts(cluster: PrivateCluster, database: string, statement: string): Promise<Record<string, number>> {
  return Object.fromEntries((await query(cluster, database, statement)).map((x) => [x.t, x.n]));
}
