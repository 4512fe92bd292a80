/**
 * How many statements one login (POST /api/session, the accountant's password login) sends to PostgreSQL, and
 * through which other stores it goes (bench/README.md, session 19): `npx tsx login-statements.ts` in bench/. As
 * statements.ts does for the submit: a database `ausm_login_statements` on the local server, one account registered
 * through the API, then the protocol messages of its second login (the first prepares the statements on its
 * connection, as every login after a server's first does): a Parse (a statement sent with its text) or a Query, and
 * a Bind for each execution. The database is dropped at the end.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { buildApp } from '@ausm/server/src/app';
import { loadConfig } from '@ausm/server/src/config';
import { login, makePerson, registerAccount } from '@ausm/server/src/test/helpers';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  await c.query(statement);
  await c.end();
};
await admin('drop database if exists ausm_login_statements');
await admin('create database ausm_login_statements');
const url = new URL(SERVER);
url.pathname = '/ausm_login_statements';
const config = loadConfig({ ...process.env, AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', DATABASE_URL: url.toString() });
const app = await buildApp({ ...config, dataDir: null, webDist: null });
try {
  await app.ready();
  const person = makePerson();
  await registerAccount(app, person);
  const first = await login(app, person.mobile, person.password);
  if (first.statusCode !== 200) throw new Error(`first login answered ${first.statusCode} ${first.body}`);

  // node-postgres writes every statement through its Connection's parse/query/bind.
  const log: string[] = [];
  let on = false;
  const Connection = createRequire(import.meta.url)('pg/lib/connection.js') as { prototype: Record<string, (...args: unknown[]) => unknown> };
  for (const m of ['parse', 'query', 'bind']) {
    const original = Connection.prototype[m]!;
    Connection.prototype[m] = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string; name?: string; statement?: string } | undefined;
      if (on) log.push(m === 'bind' ? `bind ${typeof q === 'object' ? (q?.statement ?? '') : ''}` : `${m}: ${typeof q === 'string' ? q : (q?.text ?? q?.name ?? '')}`);
      return original.apply(this, args);
    };
  }
  on = true;
  const res = await login(app, person.mobile, person.password);
  on = false;
  const run = log.filter((l) => l.startsWith('bind') || l.startsWith('query')).length;
  console.log(`登录 answered ${res.statusCode}: ${run} statements run (a Bind each, or a Query), ${log.filter((l) => l.startsWith('parse')).length} of them sent with their text (Parse)`);
  log.forEach((q, i) => console.log(String(i + 1).padStart(3), q.replace(/\s+/g, ' ').slice(0, 400)));
} finally {
  await app.close();
  await admin('drop database if exists ausm_login_statements');
}
