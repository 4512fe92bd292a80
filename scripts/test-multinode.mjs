#!/usr/bin/env node
// `npm run test:multinode`: two server processes on one PostgreSQL, one Redis and one S3-compatible store
// (apps/server/src/multi-node.multinode.ts, issue 23). PostgreSQL as `npm run test:api:pg` finds it
// (TEST_DATABASE_URL, default the local server, started when installed but stopped); Redis is a
// redis-server of the test's own (Debian's `redis-server` package); the S3 store is s3rver from npm.
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

if (!(await reachable()) && existsSync('/etc/postgresql')) {
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
if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('FAILED: no redis-server (apt-get install redis-server)');
  process.exit(1);
}
const r = spawnSync('npx', ['vitest', 'run', '--project', 'multinode'], { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url, AUSM_MULTINODE: '1' } });
process.exit(r.status ?? 1);
