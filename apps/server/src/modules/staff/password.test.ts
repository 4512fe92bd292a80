import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../platform/tables';
import { blindIndex } from '../../platform/pii/keyring';
import { buildTestApp, loginStaff, SANDBOX_STAFF_PASSWORD, sessionCookie, solveCaptcha, staffCookies } from '../../test/helpers';

// Issue 17 item 8: a password an administrator set (new staff, a reset) must be changed at the first login,
// and the session can do nothing else until it is; staff change their own password (修改密码).

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (url: string, cookies: Record<string, string>) => app.inject({ method: 'GET', url, cookies });
const change = (cookies: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: '/api/console/session/password', cookies, payload });

async function createStaff(username: string, password: string) {
  const admin = await staffCookies(app, 'sd_admin');
  const res = await app.inject({
    method: 'POST',
    url: '/api/console/staff',
    cookies: admin,
    payload: { username, realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password },
  });
  expect(res.statusCode).toBe(201);
  return { admin, id: res.json().id as string };
}

describe('a password an administrator set', () => {
  it('must be changed first: until then the session may read itself, change the password and log out, nothing else', async () => {
    await createStaff('qd_first', 'Init@12345');
    const login = await loginStaff(app, 'qd_first', 'Init@12345');
    expect(login.json()).toMatchObject({ step: 'done', staff: { mustChangePassword: true } });
    const cookies = sessionCookie(login);
    for (const url of ['/api/console/review-items', '/api/console/dashboard', '/api/console/review-history', '/api/console/authorities']) {
      const res = await get(url, cookies);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'auth/password_change_required', message: '首次登录或密码被重置后，请先修改密码' });
    }
    expect((await get('/api/console/session', cookies)).json().staff.mustChangePassword).toBe(true);

    const done = await change(cookies, { oldPassword: 'Init@12345', password: 'Mine#2025ok', confirmPassword: 'Mine#2025ok' });
    expect(done.statusCode).toBe(200);
    expect(done.json().staff.mustChangePassword).toBe(false);
    expect((await get('/api/console/review-items', cookies)).statusCode).toBe(200);
    expect((await loginStaff(app, 'qd_first', 'Init@12345')).statusCode).toBe(401);
    expect((await loginStaff(app, 'qd_first', 'Mine#2025ok')).json().staff.mustChangePassword).toBe(false);
  });

  it('is asked again after an administrator resets it', async () => {
    const { admin } = await createStaff('qd_reset', 'Init@12345');
    const first = sessionCookie(await loginStaff(app, 'qd_reset', 'Init@12345'));
    await change(first, { oldPassword: 'Init@12345', password: 'Mine#2025ok', confirmPassword: 'Mine#2025ok' });
    const id = (await get('/api/console/staff?q=qd_reset', admin)).json().items[0].id;
    expect((await app.inject({ method: 'POST', url: `/api/console/staff/${id}/password`, cookies: admin, payload: { password: 'Reset@2025' } })).statusCode).toBe(204);
    const cookies = sessionCookie(await loginStaff(app, 'qd_reset', 'Reset@2025'));
    expect((await get('/api/console/review-items', cookies)).json().code).toBe('auth/password_change_required');
  });
});

describe('修改密码', () => {
  it('refuses beside the field: a wrong old password (counting down), the same password, a weak one, two that differ; changes nothing', async () => {
    const cookies = await staffCookies(app, 'jn_reviewer');
    const wrong = await change(cookies, { oldPassword: 'Wrong@1234', password: 'Next#2025ok', confirmPassword: 'Next#2025ok' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'staff/password_wrong', field: 'oldPassword', message: '原密码不正确，再失败4次账号将被锁定' });
    const same = await change(cookies, { oldPassword: SANDBOX_STAFF_PASSWORD, password: SANDBOX_STAFF_PASSWORD, confirmPassword: SANDBOX_STAFF_PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json().fields).toMatchObject({ password: '新密码不能与原密码相同' });
    const weak = await change(cookies, { oldPassword: SANDBOX_STAFF_PASSWORD, password: 'weakpass', confirmPassword: 'weakpass' });
    expect(weak.json().fields).toMatchObject({ password: '密码须为8-16位字符，由大小写字母、数字、特殊符号组成' });
    const differ = await change(cookies, { oldPassword: SANDBOX_STAFF_PASSWORD, password: 'Next#2025ok', confirmPassword: 'Next#2025no' });
    expect(differ.json().fields).toMatchObject({ confirmPassword: '两次输入的新密码不一致' });
    expect((await loginStaff(app, 'jn_reviewer', SANDBOX_STAFF_PASSWORD)).json().step).toBe('done');
  });

  it('ends the staff member\'s other sessions and keeps this one; the change is an audit event', async () => {
    const other = await staffCookies(app, 'lx_reviewer');
    const cookies = await staffCookies(app, 'lx_reviewer');
    const res = await change(cookies, { oldPassword: SANDBOX_STAFF_PASSWORD, password: 'Lx#new2025', confirmPassword: 'Lx#new2025' });
    expect(res.statusCode).toBe(200);
    expect((await get('/api/console/session', other)).statusCode).toBe(401);
    expect((await get('/api/console/session', cookies)).statusCode).toBe(200);
    expect((await loginStaff(app, 'lx_reviewer', 'Lx#new2025')).json().step).toBe('done');
    const [event] = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.kind, 'password_change'), eq(securityEvents.identifierIndex, blindIndex('staff:lx_reviewer'))));
    expect(event!.detail).toMatchObject({ forced: false });
  });

  it('five wrong old passwords lock the staff member, even sent at once', async () => {
    const cookies = await staffCookies(app, 'dc_reviewer');
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => change(cookies, { oldPassword: `Wrong@${1000 + i}`, password: 'Dc#new2025', confirmPassword: 'Dc#new2025' })),
    );
    expect(burst.filter((r) => r.json().code === 'staff/password_wrong').length).toBe(4);
    expect(burst.filter((r) => r.statusCode === 423).length).toBe(8);
    const failures = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.kind, 'login_failure'), eq(securityEvents.identifierIndex, blindIndex('staff:dc_reviewer'))));
    expect(failures.filter((e) => e.detail?.reason === 'password')).toHaveLength(5);
    expect((await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);
  });

  it('at login too, a burst of 16 wrong passwords compares at most five and locks: the right one after them is refused', async () => {
    const captchas = await Promise.all(Array.from({ length: 16 }, () => solveCaptcha(app)));
    const burst = await Promise.all(
      captchas.map((captcha, i) =>
        app.inject({ method: 'POST', url: '/api/console/session', payload: { username: 'bj_reviewer', password: `Wrong@${i}`, ...captcha } }),
      ),
    );
    const failures = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.kind, 'login_failure'), eq(securityEvents.identifierIndex, blindIndex('staff:bj_reviewer'))));
    expect(failures.filter((e) => e.detail?.reason === 'password')).toHaveLength(5);
    expect(burst.filter((r) => r.statusCode === 401)).toHaveLength(4);
    expect(burst.filter((r) => r.statusCode === 423)).toHaveLength(12);
    expect((await loginStaff(app, 'bj_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);
  });

  it('needs a staff session', async () => {
    const res = await change({}, { oldPassword: SANDBOX_STAFF_PASSWORD, password: 'Next#2025ok', confirmPassword: 'Next#2025ok' });
    expect(res.statusCode).toBe(401);
  });
});
