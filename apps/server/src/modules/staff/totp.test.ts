import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { STAFF_RULES } from '@ausm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { securityEvents } from '../../platform/tables';
import { blindIndex } from '../../platform/pii/keyring';
import { PRODUCTION_ENV } from '../../test/production-env';
import { totpCode } from '../../platform/totp';
import { advanceClock, buildTestApp, loginStaff, SANDBOX_STAFF_PASSWORD, sessionCookie, staffCookies } from '../../test/helpers';
import { staff } from './tables';

// Issue 17 items 5 and 6: the console's 动态口令 step is limited per login and per staff member, with each
// try taken before the compare; a code is good once; STAFF_TOTP=required makes every staff member enrol.

const post = (app: FastifyInstance, url: string, payload: object, cookies: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, cookies });
const nowOf = async (app: FastifyInstance) => new Date((await app.inject({ method: 'GET', url: '/api/meta' })).json().now);

/** Codes none of the three accepted steps (now and one either side) would take. */
async function wrongCodes(app: FastifyInstance, secret: string, n: number): Promise<string[]> {
  const now = (await nowOf(app)).getTime();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(now + d))));
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const c = String(100_000 + i * 7919);
    if (!valid.has(c)) out.push(c);
  }
  return out;
}

async function staffId(app: FastifyInstance, username: string): Promise<string> {
  const [row] = await app.database.db.select({ id: staff.id }).from(staff).where(eq(staff.username, username));
  return row!.id;
}

/** Wrong-code compares recorded for a staff member (each compare that failed leaves one). */
async function comparedWrong(app: FastifyInstance, username: string): Promise<number> {
  const [row] = await app.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(securityEvents)
    .where(and(eq(securityEvents.kind, 'login_failure'), eq(securityEvents.identifierIndex, blindIndex(`staff:${username}`)), sql`${securityEvents.detail}->>'reason' = 'totp'`));
  return row!.n;
}

/** Marks a sandbox staff member as needing a TOTP (as 山东省/北京市 administrators would) and enrols one. */
async function enrol(app: FastifyInstance, username: string): Promise<string> {
  const admin = await staffCookies(app, 'mof_admin');
  const res = await app.inject({ method: 'PATCH', url: `/api/console/staff/${await staffId(app, username)}`, cookies: admin, payload: { totpRequired: true } });
  expect(res.statusCode).toBe(200);
  const first = (await loginStaff(app, username, SANDBOX_STAFF_PASSWORD)).json();
  expect(first.step).toBe('totp_enroll');
  const done = await post(app, '/api/console/session/totp', { pendingToken: first.pendingToken, code: totpCode(first.secret, await nowOf(app)) });
  expect(done.json().step).toBe('done');
  // The code of this step is spent: the next login's code comes from the next step.
  await advanceClock(app, 30_000);
  return first.secret as string;
}

async function pending(app: FastifyInstance, username: string): Promise<string> {
  const res = (await loginStaff(app, username, SANDBOX_STAFF_PASSWORD)).json();
  expect(res.step).toBe('totp');
  return res.pendingToken as string;
}

describe('the 动态口令 step (STAFF_TOTP=optional, as in the sandbox)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('gives a pending login 5 tries, counting down; then it is dead and the person starts over with password and captcha', async () => {
    const secret = await enrol(app, 'jn_reviewer');
    const token = await pending(app, 'jn_reviewer');
    const wrong = await wrongCodes(app, secret, STAFF_RULES.totpTriesPerLogin);
    for (let i = 0; i < STAFF_RULES.totpTriesPerLogin - 1; i++) {
      const res = await post(app, '/api/console/session/totp', { pendingToken: token, code: wrong[i] });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'auth/totp_invalid', field: 'code', message: `动态口令错误，还可尝试${STAFF_RULES.totpTriesPerLogin - 1 - i}次` });
    }
    const fifth = await post(app, '/api/console/session/totp', { pendingToken: token, code: wrong[4] });
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json()).toMatchObject({ code: 'auth/mfa_exhausted', message: '动态口令错误次数过多，请重新登录' });
    // The right code no longer helps this login.
    const right = await post(app, '/api/console/session/totp', { pendingToken: token, code: totpCode(secret, await nowOf(app)) });
    expect(right.statusCode).toBe(401);
    // A new login (password and captcha again) takes it.
    const again = await post(app, '/api/console/session/totp', { pendingToken: await pending(app, 'jn_reviewer'), code: totpCode(secret, await nowOf(app)) });
    expect(again.json().step).toBe('done');
  });

  it('compares at most 5 codes of one pending login however many arrive at once', async () => {
    const secret = await enrol(app, 'lx_reviewer');
    const token = await pending(app, 'lx_reviewer');
    const before = await comparedWrong(app, 'lx_reviewer');
    const burst = await Promise.all((await wrongCodes(app, secret, 16)).map((code) => post(app, '/api/console/session/totp', { pendingToken: token, code })));
    // Four say "wrong, N left", the fifth ends the login, and the other eleven were never compared.
    expect(burst.filter((r) => r.json().code === 'auth/totp_invalid')).toHaveLength(STAFF_RULES.totpTriesPerLogin - 1);
    expect(burst.filter((r) => r.statusCode === 401)).toHaveLength(16 - (STAFF_RULES.totpTriesPerLogin - 1));
    expect(await comparedWrong(app, 'lx_reviewer')).toBe(before + STAFF_RULES.totpTriesPerLogin);
    expect((await post(app, '/api/console/session/totp', { pendingToken: token, code: totpCode(secret, await nowOf(app)) })).statusCode).toBe(401);
  });

  it('locks the staff member after 10 wrong codes across logins, says until when, and lets them in after', async () => {
    const secret = await enrol(app, 'dc_reviewer');
    const wrong = await wrongCodes(app, secret, STAFF_RULES.totpMaxFailures);
    let last;
    for (let login = 0; login < STAFF_RULES.totpMaxFailures / STAFF_RULES.totpTriesPerLogin; login++) {
      const token = await pending(app, 'dc_reviewer');
      for (let i = 0; i < STAFF_RULES.totpTriesPerLogin; i++) last = await post(app, '/api/console/session/totp', { pendingToken: token, code: wrong.pop() });
    }
    expect(last!.statusCode).toBe(423);
    expect(last!.json()).toMatchObject({ code: 'account/locked', message: expect.stringMatching(/账号已锁定，请于.*后再试/) });
    expect(new Date(last!.json().lockedUntil).getTime()).toBeGreaterThan((await nowOf(app)).getTime());
    // The password alone does not get past the lock either.
    expect((await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);
    const [lockout] = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.kind, 'lockout'), eq(securityEvents.identifierIndex, blindIndex('staff:dc_reviewer'))));
    expect(lockout!.detail).toMatchObject({ via: 'totp' });
    await advanceClock(app, 15 * 60_000 + 1000);
    const token = await pending(app, 'dc_reviewer');
    expect((await post(app, '/api/console/session/totp', { pendingToken: token, code: totpCode(secret, await nowOf(app)) })).json().step).toBe('done');
  });

  it('compares at most 10 codes of one staff member across pending logins at once, then locks', async () => {
    const secret = await enrol(app, 'bj_reviewer');
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push(await pending(app, 'bj_reviewer'));
    const codes = await wrongCodes(app, secret, 20);
    const before = await comparedWrong(app, 'bj_reviewer');
    const burst = await Promise.all(codes.map((code, i) => post(app, '/api/console/session/totp', { pendingToken: tokens[i % 4]!, code })));
    // Ten compared and the tenth locked; the others were refused as locked, or found their login ended by the lock.
    expect(burst.filter((r) => r.json().code === 'auth/totp_invalid').length).toBeLessThanOrEqual(STAFF_RULES.totpMaxFailures - 1);
    expect(burst.some((r) => r.statusCode === 423)).toBe(true);
    expect(await comparedWrong(app, 'bj_reviewer')).toBe(before + STAFF_RULES.totpMaxFailures);
    expect((await loginStaff(app, 'bj_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);
  });

  it('takes a code once: the same code on two pending logins at once opens one session', async () => {
    const secret = await enrol(app, 'sd_reviewer');
    const [a, b] = [await pending(app, 'sd_reviewer'), await pending(app, 'sd_reviewer')];
    const code = totpCode(secret, await nowOf(app));
    const both = await Promise.all([a, b].map((pendingToken) => post(app, '/api/console/session/totp', { pendingToken, code })));
    expect(both.filter((r) => r.json().step === 'done')).toHaveLength(1);
    expect(both.filter((r) => r.json().code === 'auth/totp_replayed')).toHaveLength(1);
  });

  it('a pending token is no session, and a pending login expires after 5 minutes', async () => {
    const secret = await enrol(app, 'sd_admin');
    const token = await pending(app, 'sd_admin');
    expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: { ausm_sid: token } })).statusCode).toBe(401);
    await advanceClock(app, STAFF_RULES.totpLoginTtlMs + 1000);
    const late = await post(app, '/api/console/session/totp', { pendingToken: token, code: totpCode(secret, await nowOf(app)) });
    expect(late.json().code).toBe('auth/mfa_expired');
  });
});

describe('STAFF_TOTP', () => {
  it('is required in production (optional refused there) and optional in sandbox mode unless set', () => {
    const real = PRODUCTION_ENV;
    expect(loadConfig(real).staffTotp).toBe('required');
    expect(() => loadConfig({ ...real, STAFF_TOTP: 'optional' })).toThrow(/STAFF_TOTP/);
    expect(loadConfig({}).staffTotp).toBe('optional');
    expect(loadConfig({ STAFF_TOTP: 'required' }).staffTotp).toBe('required');
  });

  describe('required', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildTestApp({ staffTotp: 'required' });
    });
    afterAll(() => app.close());

    it('makes every staff member, mof_admin included, enrol at first login; until then there is no session', async () => {
      const first = await loginStaff(app, 'mof_admin', SANDBOX_STAFF_PASSWORD);
      expect(first.json()).toMatchObject({ step: 'totp_enroll', otpauthUrl: expect.stringContaining('otpauth://totp/') });
      expect(first.cookies.find((c) => c.name === 'ausm_sid')).toBeUndefined();
      const { pendingToken, secret } = first.json();
      expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: { ausm_sid: pendingToken } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/console/review-items', cookies: { ausm_sid: pendingToken } })).statusCode).toBe(401);
      const [wrong] = await wrongCodes(app, secret, 1);
      expect((await post(app, '/api/console/session/totp', { pendingToken, code: wrong })).json().code).toBe('auth/totp_invalid');
      const done = await post(app, '/api/console/session/totp', { pendingToken, code: totpCode(secret, await nowOf(app)) });
      expect(done.json()).toMatchObject({ step: 'done', staff: { totpRequired: true, totpEnrolled: true } });
      const cookies = sessionCookie(done);
      expect((await app.inject({ method: 'GET', url: '/api/console/review-items', cookies })).statusCode).toBe(200);
      const [event] = await app.database.db.select().from(securityEvents).where(and(eq(securityEvents.kind, 'totp_enroll'), eq(securityEvents.identifierIndex, blindIndex('staff:mof_admin'))));
      expect(event).toBeTruthy();

      // The requirement cannot be lifted for anyone while the platform requires it.
      const list = (await app.inject({ method: 'GET', url: '/api/console/staff?q=lx_reviewer', cookies })).json();
      expect(list.totpPolicy).toBe('required');
      expect(list.items[0].totpRequired).toBe(true);
      const lift = await app.inject({ method: 'PATCH', url: `/api/console/staff/${list.items[0].id}`, cookies, payload: { totpRequired: false } });
      expect(lift.json().code).toBe('staff/totp_policy');
      expect((await loginStaff(app, 'lx_reviewer', SANDBOX_STAFF_PASSWORD)).json().step).toBe('totp_enroll');
    });

    it('after a reset of the 动态口令 the next login enrols a new secret', async () => {
      const first = (await loginStaff(app, 'sd_admin', SANDBOX_STAFF_PASSWORD)).json();
      const cookies = sessionCookie(await post(app, '/api/console/session/totp', { pendingToken: first.pendingToken, code: totpCode(first.secret, await nowOf(app)) }));
      const jn = (await app.inject({ method: 'GET', url: '/api/console/staff?q=jn_reviewer', cookies })).json().items[0];
      const jnFirst = (await loginStaff(app, 'jn_reviewer', SANDBOX_STAFF_PASSWORD)).json();
      const jnSession = sessionCookie(await post(app, '/api/console/session/totp', { pendingToken: jnFirst.pendingToken, code: totpCode(jnFirst.secret, await nowOf(app)) }));
      const reset = await app.inject({ method: 'PATCH', url: `/api/console/staff/${jn.id}`, cookies, payload: { resetTotp: true } });
      expect(reset.json()).toMatchObject({ totpEnrolled: false });
      expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies: jnSession })).statusCode).toBe(401);
      const again = (await loginStaff(app, 'jn_reviewer', SANDBOX_STAFF_PASSWORD)).json();
      expect(again.step).toBe('totp_enroll');
      expect(again.secret).not.toBe(jnFirst.secret);
    });
  });
});
