#!/usr/bin/env node
// `npm run typecheck`: every workspace's own `typecheck` script, as many at once as the machine has cores (one after
// another they took 68 s of CI's 30 minutes; two at a time about half). Each workspace's output is printed whole when
// it finishes; the exit code is 1 when any failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const workspaces = root.workspaces.filter((w) => JSON.parse(readFileSync(`${w}/package.json`, 'utf8')).scripts?.typecheck);

const check = (w) =>
  new Promise((resolve) => {
    const child = spawn('npm', ['run', 'typecheck', '-w', w], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      process.stdout.write(out);
      resolve(code === 0);
    });
  });

const queue = [...workspaces];
let failed = false;
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    while (queue.length) if (!(await check(queue.shift()))) failed = true;
  }),
);
if (failed) console.error('typecheck: a workspace failed (above)');
process.exit(failed ? 1 : 0);
