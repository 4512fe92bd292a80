#!/usr/bin/env node
// `npm test`: every test of the platform. The OpenAPI lint, unit and API tests (Vitest, on embedded PGlite), then the
// browser journeys (Playwright in Debian's Chromium). Without Chromium the journeys are skipped and
// this says so plainly; with E2E_REQUIRED=1 (CI) a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const e2eRequired = process.env.E2E_REQUIRED === '1';

// The API as a product: the OpenAPI document passes Redocly's recommended lint, the web's typed client is current.
let failed = run('node', ['scripts/check-api.mjs']) !== 0;
if (run('npx', ['vitest', 'run']) !== 0) failed = true;

if (existsSync(chromium)) {
  if (run('npm', ['run', 'build', '-w', '@ausm/web']) !== 0) failed = true;
  else if (run('npm', ['run', 'test', '-w', '@ausm/e2e'], { CHROMIUM_PATH: chromium }) !== 0) failed = true;
} else if (e2eRequired) {
  console.error(`\nFAILED: browser tests are required (E2E_REQUIRED=1) but there is no Chromium at ${chromium}.`);
  failed = true;
} else {
  console.warn(`\nSKIPPED: the browser tests (e2e/) did not run: no Chromium at ${chromium}.`);
  console.warn('Install it with `apt-get install chromium` (or set CHROMIUM_PATH) to run them.');
}

process.exit(failed ? 1 : 0);
