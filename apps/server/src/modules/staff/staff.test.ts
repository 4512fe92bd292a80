import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/totp';
import { advanceClock, buildTestApp, login, loginStaff, PASSWORD, registerAccount, SANDBOX_STAFF_PASSWORD, sessionCookie, staffCookies } from '../../test/helpers';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const nowOf = async () => new Date((await app.inject({ method: 'GET', url: '/api/meta' })).json().now);

describe('console login', () => {
  it('logs a staff member in with username, password and captcha', async () => {
    const cookies = await staffCookies(app, 'lx_reviewer');
    const me = await app.inject({ method: 'GET', url: '/api/console/session', cookies });
    expect(me.json().staff).toMatchObject({ username: 'lx_reviewer', authorityId: '370102', authorityName: '历下区', roles: ['reviewer'] });
  });

  it('keeps accountant and staff sessions apart', async () => {
    const { person } = await registerAccount(app);
    const accountant = sessionCookie(await login(app, person.mobile, PASSWORD));
    expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: accountant })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/console/review-items', cookies: accountant })).statusCode).toBe(401);
    const staff = await staffCookies(app, 'jn_reviewer');
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies: staff })).statusCode).toBe(401);
  });

  it('locks a staff account after 5 failures and says until when', async () => {
    for (let i = 0; i < 4; i++) expect((await loginStaff(app, 'dc_reviewer', 'Wrong@1234')).statusCode).toBe(401);
    const locked = await loginStaff(app, 'dc_reviewer', 'Wrong@1234');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().message).toMatch(/请于.*后再试/);
    expect((await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);
    await advanceClock(app, 15 * 60_000);
    expect((await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD)).json().step).toBe('done');
  });

  it('asks for a TOTP an administrator required: enrolment, then every login; a replayed code is refused', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const list = (await app.inject({ method: 'GET', url: '/api/console/staff?q=jn_reviewer', cookies: admin })).json();
    const jn = list.items[0];
    const patch = await app.inject({ method: 'PATCH', url: `/api/console/staff/${jn.id}`, cookies: admin, payload: { totpRequired: true } });
    expect(patch.json().totpRequired).toBe(true);

    const first = (await loginStaff(app, 'jn_reviewer', SANDBOX_STAFF_PASSWORD)).json();
    expect(first.step).toBe('totp_enroll');
    expect(first.otpauthUrl).toContain(first.secret);
    const wrong = await app.inject({ method: 'POST', url: '/api/console/session/totp', payload: { pendingToken: first.pendingToken, code: '000000' } });
    expect(wrong.json()).toMatchObject({ code: 'auth/totp_invalid', field: 'code' });
    const code = totpCode(first.secret, await nowOf());
    const done = await app.inject({ method: 'POST', url: '/api/console/session/totp', payload: { pendingToken: first.pendingToken, code } });
    expect(done.json().step).toBe('done');
    expect(done.json().staff.totpEnrolled).toBe(true);

    const second = (await loginStaff(app, 'jn_reviewer', SANDBOX_STAFF_PASSWORD)).json();
    expect(second.step).toBe('totp');
    const replay = await app.inject({ method: 'POST', url: '/api/console/session/totp', payload: { pendingToken: second.pendingToken, code } });
    expect(replay.json()).toMatchObject({ code: 'auth/totp_replayed', field: 'code' });
    await advanceClock(app, 30_000);
    const next = totpCode(first.secret, await nowOf());
    const ok = await app.inject({ method: 'POST', url: '/api/console/session/totp', payload: { pendingToken: second.pendingToken, code: next } });
    expect(ok.json().step).toBe('done');
  });
});

describe('staff administration', () => {
  it('creates staff only within the administrator\'s subtree', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/console/staff',
      cookies: admin,
      payload: { username: 'qd_reviewer', realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password: 'Qd@123456' },
    });
    expect(ok.statusCode).toBe(201);
    const outside = await app.inject({
      method: 'POST',
      url: '/api/console/staff',
      cookies: admin,
      payload: { username: 'bj_other', realName: '北京审核员', authorityId: '110000', roles: ['reviewer'], password: 'Qd@123456' },
    });
    expect(outside.statusCode).toBe(403);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/console/staff',
      cookies: admin,
      payload: { username: 'qd_reviewer', realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password: 'Qd@123456' },
    });
    expect(dup.json()).toMatchObject({ code: 'staff/username_taken', field: 'username' });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/console/staff',
      cookies: admin,
      payload: { username: 'qd_two', realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password: 'weak' },
    });
    expect(weak.json().field).toBe('password');
  });

  it('refuses non-administrators, and hides staff of other provinces', async () => {
    const reviewer = await staffCookies(app, 'sd_reviewer');
    expect((await app.inject({ method: 'GET', url: '/api/console/staff', cookies: reviewer })).statusCode).toBe(403);
    const mof = await staffCookies(app, 'mof_admin');
    const bj = (await app.inject({ method: 'GET', url: '/api/console/staff?q=bj_reviewer', cookies: mof })).json().items[0];
    const admin = await staffCookies(app, 'sd_admin');
    expect((await app.inject({ method: 'PATCH', url: `/api/console/staff/${bj.id}`, cookies: admin, payload: { disabled: true } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/console/staff/${bj.id}/password`, cookies: admin, payload: { password: 'New@12345' } })).statusCode).toBe(404);
    const names = (await app.inject({ method: 'GET', url: '/api/console/staff?pageSize=100', cookies: admin })).json().items.map((s: { username: string }) => s.username);
    expect(names).toContain('lx_reviewer');
    expect(names).not.toContain('bj_reviewer');
  });

  it('disabling a staff member ends their sessions; a password reset too', async () => {
    const victim = await staffCookies(app, 'sd_reviewer');
    const admin = await staffCookies(app, 'sd_admin');
    const sd = (await app.inject({ method: 'GET', url: '/api/console/staff?q=sd_reviewer', cookies: admin })).json().items[0];
    await app.inject({ method: 'PATCH', url: `/api/console/staff/${sd.id}`, cookies: admin, payload: { disabled: true } });
    expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: victim })).statusCode).toBe(401);
    expect((await loginStaff(app, 'sd_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(401);
    await app.inject({ method: 'PATCH', url: `/api/console/staff/${sd.id}`, cookies: admin, payload: { disabled: false } });
    const again = await staffCookies(app, 'sd_reviewer');
    expect((await app.inject({ method: 'POST', url: `/api/console/staff/${sd.id}/password`, cookies: admin, payload: { password: 'New@12345' } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: again })).statusCode).toBe(401);
    expect((await loginStaff(app, 'sd_reviewer', 'New@12345')).json().step).toBe('done');
  });

  it('an administrator cannot disable themself', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const me = (await app.inject({ method: 'GET', url: '/api/console/session', cookies: admin })).json().staff;
    const res = await app.inject({ method: 'PATCH', url: `/api/console/staff/${me.id}`, cookies: admin, payload: { disabled: true } });
    expect(res.json().code).toBe('staff/self');
  });
});
