/**
 * What statements.ts and login-statements.ts share: an app on a database of their own on the local PostgreSQL
 * server (dropped at the end), and a log of the protocol messages node-postgres sends while it is on: a Parse (a
 * statement sent with its text) or a Query (BEGIN, COMMIT), and a Bind for each execution, alone when the
 * statement was prepared on its connection before.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '@ausm/server/src/app';
import { loadConfig } from '@ausm/server/src/config';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  await c.query(statement);
  await c.end();
};

/** Runs `use` on a sandbox app over a new database `name`, dropped afterwards whatever happens. */
export async function withScratchApp(name: string, use: (app: FastifyInstance) => Promise<void>): Promise<void> {
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const config = loadConfig({ ...process.env, AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', DATABASE_URL: url.toString() });
  const app = await buildApp({ ...config, dataDir: null, webDist: null });
  try {
    await app.ready();
    await use(app);
  } finally {
    await app.close();
    await admin(`drop database if exists ${name}`);
  }
}

/** The protocol messages sent while `run` runs, and its result (node-postgres writes every statement through its Connection's parse/query/bind). */
export async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; log: string[]; executed: number; parsed: number }> {
  const log: string[] = [];
  const Connection = createRequire(import.meta.url)('pg/lib/connection.js') as { prototype: Record<string, (...args: unknown[]) => unknown> };
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const m of ['parse', 'query', 'bind']) {
    const original = Connection.prototype[m]!;
    originals.set(m, original);
    Connection.prototype[m] = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string; name?: string; statement?: string } | undefined;
      log.push(m === 'bind' ? `bind ${typeof q === 'object' ? (q?.statement ?? '') : ''}` : `${m}: ${typeof q === 'string' ? q : (q?.text ?? q?.name ?? '')}`);
      return original.apply(this, args);
    };
  }
  try {
    const result = await run();
    return { result, log, executed: log.filter((l) => l.startsWith('bind') || l.startsWith('query')).length, parsed: log.filter((l) => l.startsWith('parse')).length };
  } finally {
    for (const [m, original] of originals) Connection.prototype[m] = original;
  }
}
