import pg from 'pg';
import { buildApp } from '@ausm/server/src/app';
import { loadConfig } from '@ausm/server/src/config';
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto } from '@ausm/server/src/test/exam';
import { staffCookies } from '@ausm/server/src/test/helpers';

const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('drop database if exists ausm_count');
await admin.query('create database ausm_count');
await admin.end();
const url = 'postgres://postgres@127.0.0.1:5432/ausm_count';
const config = loadConfig({ ...process.env, AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', DATABASE_URL: url });
const app = await buildApp({ ...config, dataDir: null, webDist: null });
await app.ready();
const mof = await staffCookies(app, 'mof_admin');
const examId = (await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year: 2027, level: 'junior' } })).json().id;
const sd = await staffCookies(app, 'sd_admin');
await app.inject({ method: 'PUT', url: `/api/console/exams/${examId}/provinces/370000`, cookies: sd, payload: juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], { signupEnd: beijing(new Date(), 6), payEnd: beijing(new Date(), 8) }) });
const log: string[] = [];
import { createRequire } from 'node:module';
const Connection = createRequire(import.meta.url)('pg/lib/connection.js');
let on = false;
for (const m of ['parse', 'query', 'bind']) {
  const orig = Connection.prototype[m];
  Connection.prototype[m] = function (this: unknown, ...args: any[]) {
    if (on && m !== 'bind') { const q = args[0]; log.push(m + ': ' + (typeof q === 'string' ? q : (q?.text ?? q?.name ?? String(q)))); }
    if (on && m === 'bind') log.push('bind ' + (args[0]?.statement ?? ''));
    return orig.apply(this, args);
  };
}
for (const round of [1]) {
  const { cookies } = await approvedAccountant(app, { realName: round === 1 ? '张三' : '李四' });
  const photo = (await uploadExamPhoto(app, cookies)).json().id;
  const body = { examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photo, proofs: {}, promise: true };
  log.length = 0; on = true;
  const res = await app.inject({ method: 'POST', url: '/api/enrollments', cookies, payload: body });
  on = false;
  console.log("round", round, res.statusCode, "statements", log.length, res.body.slice(0,200));
  if (round === 1) log.forEach((q, i) => console.log(i + 1, q.replace(/\s+/g, ' ').slice(0, 220)));
}
await app.close();
