import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_STAFF_PASSWORD } from './modules/staff';
import { Browser, SERVER_ROOT, staffLogin, startServer, type ServerProcess } from './test/server-process';

/**
 * Issue 23: `npm run build` compiles the server to JavaScript and `npm run start:prod` runs it with plain node.
 * This builds it, starts dist/main.js with nothing but node (no tsx, no TypeScript), and checks that it
 * answers its health check and lets a staff member log in (database, migrations, hashing threads, captcha).
 */
describe('the built server', () => {
  let server: ServerProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'ausm-built-'));

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: SERVER_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    server = await startServer({ built: true, env: { DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web') } });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs under plain node, answers health and logs a staff member in', async () => {
    // Started by node itself, not through a loader.
    expect(server.child.spawnargs.join(' ')).not.toMatch(/tsx/);
    const browser = new Browser();
    expect((await browser.call(server.url, 'GET', '/api/health')).json).toEqual({ status: 'ok' });
    const login = await staffLogin(browser, server.url, 'sd_reviewer', SANDBOX_STAFF_PASSWORD);
    expect(login.status, login.text).toBe(200);
    expect(login.json.step).toBe('done');
    const me = await browser.call(server.url, 'GET', '/api/console/session');
    expect(me.status, me.text).toBe(200);
  });
});
