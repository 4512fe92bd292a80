#!/usr/bin/env node
// The API tests again, on the PostgreSQL server (127.0.0.1:5432 unless TEST_DATABASE_URL says
// otherwise). Each test file creates its own database there and drops it afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { hostname, port } = new URL(url);

const reachable = () =>
  new Promise((resolve) => {
    const s = net.connect({ host: hostname, port: Number(port || 5432) }, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });

if (!(await reachable())) {
  // Installed but stopped (Debian's packaging): start it.
  if (existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      console.log(`PostgreSQL is not answering; starting cluster ${version}/main`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  if (!(await reachable())) {
    console.error(`FAILED: no PostgreSQL server at ${hostname}:${port || 5432}`);
    process.exit(1);
  }
}

// Files named after `--` (npm run test:api:pg -- <file>…) run alone; none, the whole server project.
const r = spawnSync('npx', ['vitest', 'run', '--project', 'server', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
process.exit(r.status ?? 1);
