import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { checkPassword } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/totp';
import { buildTestApp, loginStaff, sessionCookie } from '../../test/helpers';
import { oneTimePassword, runCreateAdmin } from './create-admin';

// Issue 17 item 9: production starts with no staff; `npm run staff:create-admin` makes the first administrator.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Runs the command's main function against the test app's database; returns its exit code and output. */
async function run(argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await runCreateAdmin(argv, { stdin: Readable.from([stdin]), stdout, stderr }, {
    // The app keeps its database: the command's close must not end it.
    open: async () => ({ db: app.database.db, close: async () => {} }),
    clock: { now: () => new Date() },
  });
  return { code, out, err };
}

const nowOf = async () => new Date((await app.inject({ method: 'GET', url: '/api/meta' })).json().now);

describe('staff:create-admin', () => {
  it('creates an administrator and reviewer with a one-time password printed once, who enrols a 动态口令 and changes the password at first login', async () => {
    const res = await run(['--username', 'gd_root', '--authority', '440000', '--name', '广东省管理员']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('已创建管理员 gd_root（广东省；角色：管理员、审核员）');
    const password = /一次性密码[^：]*：(\S+)/.exec(res.out)?.[1];
    expect(password).toBeTruthy();
    expect(checkPassword(password!)).toBeNull();

    // STAFF_TOTP is optional in these tests: the first administrator enrols all the same.
    const first = (await loginStaff(app, 'gd_root', password!)).json();
    expect(first.step).toBe('totp_enroll');
    const done = await app.inject({ method: 'POST', url: '/api/console/session/totp', payload: { pendingToken: first.pendingToken, code: totpCode(first.secret, await nowOf()) } });
    expect(done.json().step).toBe('done');
    expect(done.json().staff).toMatchObject({ username: 'gd_root', authorityId: '440000', roles: ['admin', 'reviewer'], mustChangePassword: true, totpEnrolled: true });
    const cookies = sessionCookie(done);
    // The one-time password must be changed before anything else.
    expect((await app.inject({ method: 'GET', url: '/api/console/staff', cookies })).json().code).toBe('auth/password_change_required');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/console/session/password',
      cookies,
      payload: { oldPassword: password, password: 'Gd#root2025', confirmPassword: 'Gd#root2025' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/console/staff', cookies })).statusCode).toBe(200);
  });

  it('takes the password from standard input and then prints none', async () => {
    const res = await run(['--username', 'hn_root', '--authority', '410000', '--name', '河南省管理员', '--password-stdin'], 'Hn#root2025\n');
    expect(res.code).toBe(0);
    expect(res.out).not.toContain('Hn#root2025');
    expect((await loginStaff(app, 'hn_root', 'Hn#root2025')).json().step).toBe('totp_enroll');
    const weak = await run(['--username', 'hn_two', '--authority', '410000', '--name', '河南省管理员', '--password-stdin'], 'weak\n');
    expect(weak).toMatchObject({ code: 1, err: expect.stringContaining('密码须为8-16位字符') });
  });

  it('refuses a taken username, an unknown authority and missing arguments, creating nothing', async () => {
    expect((await run(['--username', 'js_root', '--authority', '320000', '--name', '江苏省管理员'])).code).toBe(0);
    const taken = await run(['--username', 'js_root', '--authority', '320000', '--name', '另一人']);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('用户名 js_root 已存在，未创建任何用户');
    expect(taken.out).not.toContain('一次性密码');
    const unknown = await run(['--username', 'xx_root', '--authority', '999999', '--name', '某管理员']);
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('会计管理部门 999999 不存在') });
    const missing = await run(['--username', 'xx_root']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('缺少参数: --authority --name');
    expect((await loginStaff(app, 'xx_root', 'Whatever@1')).statusCode).toBe(401);
  });

  it('makes one-time passwords that meet the password rule', () => {
    for (let i = 0; i < 200; i++) expect(checkPassword(oneTimePassword())).toBeNull();
  });

  it('runs as `npm run staff:create-admin` on a database of its own (PGlite in DATA_DIR)', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ausm-create-admin-'));
    const npm = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
        const child = spawn('npm', ['run', '--silent', 'staff:create-admin', '--', ...args], {
          cwd: repoRoot,
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (err += c));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, out, err }));
      });
    try {
      const created = await npm(['--username', 'root_admin', '--authority', '100000', '--name', '财政部管理员']);
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/已创建管理员 root_admin（财政部；角色：管理员、审核员）[\s\S]*一次性密码/);
      const again = await npm(['--username', 'root_admin', '--authority', '100000', '--name', '财政部管理员']);
      expect(again.code).toBe(1);
      expect(again.err).toContain('用户名 root_admin 已存在');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
