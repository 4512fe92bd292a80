#!/usr/bin/env node
// STYLE.md 7: migrations are generated from the Drizzle tables and checked in. Fails when the tables
// say something the checked-in migrations do not (someone changed a table and forgot `npm run db:generate`).
import { spawnSync } from 'node:child_process';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });
const before = run('git', ['status', '--porcelain', '--', 'apps/server/src/db/migrations']).stdout;
const gen = run('npx', ['drizzle-kit', 'generate', '--name', 'drift_check'], { cwd: 'apps/server' });
const after = run('git', ['status', '--porcelain', '--', 'apps/server/src/db/migrations']).stdout;
if (gen.status !== 0) {
  console.error(gen.stdout, gen.stderr);
  process.exit(1);
}
if (after !== before) {
  console.error('FAILED: the Drizzle tables and the checked-in migrations differ. Run `npm run db:generate` and commit the result.');
  console.error(after);
  // Leave the tree as it was.
  run('git', ['checkout', '--', 'apps/server/src/db/migrations']);
  run('git', ['clean', '-fdq', '--', 'apps/server/src/db/migrations']);
  process.exit(1);
}
console.log('migrations: up to date with the tables');
