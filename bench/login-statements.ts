/**
 * How many statements one login (POST /api/session, the accountant's password login) sends to PostgreSQL, and
 * through which other stores it goes (bench/README.md, session 19): `npx tsx login-statements.ts` in bench/. As
 * statements.ts does for the submit: a database `ausm_login_statements` on the local server, one account registered
 * through the API, then the protocol messages of its second login (the first prepares the statements on its
 * connection, as every login after a server's first does): a Parse (a statement sent with its text) or a Query, and
 * a Bind for each execution. The database is dropped at the end.
 */
import { login, makePerson, registerAccount } from '@ausm/server/src/test/helpers';
import { statementsOf, withScratchApp } from './statement-log';

await withScratchApp('ausm_login_statements', async (app) => {
  const person = makePerson();
  await registerAccount(app, person);
  const first = await login(app, person.mobile, person.password);
  if (first.statusCode !== 200) throw new Error(`first login answered ${first.statusCode} ${first.body}`);
  const { result: res, log, executed, parsed } = await statementsOf(() => login(app, person.mobile, person.password));
  console.log(`登录 answered ${res.statusCode}: ${executed} statements run (a Bind each, or a Query), ${parsed} of them sent with their text (Parse)`);
  log.forEach((q, i) => console.log(String(i + 1).padStart(3), q.replace(/\s+/g, ' ').slice(0, 400)));
});
