/**
 * How many statements one 提交报名 sends to PostgreSQL (bench/README.md, session 18): `npx tsx statements.ts` in
 * bench/. It makes a database `ausm_statements` on the local server, the exam and one approved accountant through
 * the API, then lists the protocol messages of one submit: a Parse (a statement sent with its text) or a Query
 * (BEGIN, COMMIT), and a Bind for each execution, alone when the statement was prepared on its connection before.
 * The database is dropped at the end.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { buildApp } from '@ausm/server/src/app';
import { loadConfig } from '@ausm/server/src/config';
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto } from '@ausm/server/src/test/exam';
import { staffCookies } from '@ausm/server/src/test/helpers';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  await c.query(statement);
  await c.end();
};
await admin('drop database if exists ausm_statements');
await admin('create database ausm_statements');
const url = new URL(SERVER);
url.pathname = '/ausm_statements';
const config = loadConfig({ ...process.env, AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', DATABASE_URL: url.toString() });
const app = await buildApp({ ...config, dataDir: null, webDist: null });
try {
  await app.ready();
  const mof = await staffCookies(app, 'mof_admin');
  const examId = (await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year: 2027, level: 'junior' } })).json().id;
  const sd = await staffCookies(app, 'sd_admin');
  const window = juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], { signupEnd: beijing(new Date(), 6), payEnd: beijing(new Date(), 8) });
  await app.inject({ method: 'PUT', url: `/api/console/exams/${examId}/provinces/370000`, cookies: sd, payload: window });
  const { cookies } = await approvedAccountant(app);
  const photo = (await uploadExamPhoto(app, cookies)).json().id;

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
  const body = { examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photo, proofs: {}, promise: true };
  on = true;
  const res = await app.inject({ method: 'POST', url: '/api/enrollments', cookies, payload: body });
  on = false;
  const run = log.filter((l) => l.startsWith('bind') || l.startsWith('query')).length;
  console.log(`提交报名 answered ${res.statusCode}: ${run} statements run (a Bind each, or a Query), ${log.filter((l) => l.startsWith('parse')).length} of them sent with their text (Parse)`);
  log.forEach((q, i) => console.log(String(i + 1).padStart(3), q.replace(/\s+/g, ' ').slice(0, 160)));
} finally {
  await app.close();
  await admin('drop database if exists ausm_statements');
}
