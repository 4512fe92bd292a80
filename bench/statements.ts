/**
 * How many statements one 提交报名 sends to PostgreSQL (bench/README.md, session 18): `npx tsx statements.ts` in
 * bench/. It makes a database `ausm_statements` on the local server, the exam and one approved accountant through
 * the API, then lists the protocol messages of one submit: a Parse (a statement sent with its text) or a Query
 * (BEGIN, COMMIT), and a Bind for each execution, alone when the statement was prepared on its connection before.
 * The database is dropped at the end.
 */
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto } from '@ausm/server/src/test/exam';
import { staffCookies } from '@ausm/server/src/test/helpers';
import { statementsOf, withScratchApp } from './statement-log';

await withScratchApp('ausm_statements', async (app) => {
  const mof = await staffCookies(app, 'mof_admin');
  const examId = (await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year: 2027, level: 'junior' } })).json().id;
  const sd = await staffCookies(app, 'sd_admin');
  const window = juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], { signupEnd: beijing(new Date(), 6), payEnd: beijing(new Date(), 8) });
  await app.inject({ method: 'PUT', url: `/api/console/exams/${examId}/provinces/370000`, cookies: sd, payload: window });
  const { cookies } = await approvedAccountant(app);
  const photo = (await uploadExamPhoto(app, cookies)).json().id;

  const body = { examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photo, proofs: {}, promise: true };
  const { result: res, log, executed, parsed } = await statementsOf(() => app.inject({ method: 'POST', url: '/api/enrollments', cookies, payload: body }));
  console.log(`提交报名 answered ${res.statusCode}: ${executed} statements run (a Bind each, or a Query), ${parsed} of them sent with their text (Parse)`);
  log.forEach((q, i) => console.log(String(i + 1).padStart(3), q.replace(/\s+/g, ' ').slice(0, 160)));
});
