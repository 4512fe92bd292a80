import { eq } from 'drizzle-orm';
import { ACCOUNT_RULES } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../platform/tables';
import { advanceClock, buildTestApp, login, makeMobile, makeUscc, PASSWORD, randomIp, registerAccount, sessionCookie, setClock, staffCookies } from '../../test/helpers';

// Issue 19, time limits (WCAG 2.2.1): the portal asks how long the session has left without prolonging
// it, warns before it ends, and 继续使用 extends it by the full idle time.
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const MINUTE = 60_000;
const IDLE = ACCOUNT_RULES.sessionIdleMs;
/** The sandbox clock runs on from the instant it was set: a figure is exact to the few ms the test took. */
const near = (expected: number) => expect.toSatisfy((ms: number) => ms <= expected && ms > expected - 5_000);

async function loggedIn(): Promise<Record<string, string>> {
  const { person } = await registerAccount(app);
  const res = await login(app, person.mobile, person.password);
  expect(res.statusCode).toBe(200);
  return sessionCookie(res);
}
const expiry = (cookies: Record<string, string>) => app.inject({ method: 'GET', url: '/api/session/expiry', cookies });
const extend = (cookies: Record<string, string>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/session/extend', cookies, headers });
const session = (cookies: Record<string, string>) => app.inject({ method: 'GET', url: '/api/session', cookies });

describe('session expiry and 继续使用', () => {
  it('tells how long the session lasts unused, and asking does not prolong it', async () => {
    await setClock(app, '2025-03-03T09:00:00+08:00');
    const cookies = await loggedIn();
    const first = await session(cookies);
    expect(first.json().expiresInMs).toEqual(near(IDLE));

    await advanceClock(app, 20 * MINUTE);
    const left = await expiry(cookies);
    expect(left.statusCode).toBe(200);
    expect(left.headers['cache-control']).toBe('no-store');
    expect(left.json().expiresInMs).toEqual(near(IDLE - 20 * MINUTE));

    // Asked again later: still counting down from the last use, the question itself was no use.
    await advanceClock(app, 9 * MINUTE);
    expect((await expiry(cookies)).json().expiresInMs).toEqual(near(IDLE - 29 * MINUTE));

    // Past the idle time the session is gone, and says so in Chinese.
    await advanceClock(app, 2 * MINUTE);
    const gone = await expiry(cookies);
    expect(gone.statusCode).toBe(401);
    expect(gone.json()).toMatchObject({ code: 'auth/required', message: '登录已失效，请重新登录' });
    expect((await session(cookies)).statusCode).toBe(401);
  });

  it('继续使用 in the last minutes gives the full idle time again, and the session works after the first timeout', async () => {
    await setClock(app, '2025-03-04T09:00:00+08:00');
    const cookies = await loggedIn();
    await advanceClock(app, 28 * MINUTE);
    const res = await extend(cookies);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ expiresInMs: near(IDLE) });

    // 35 minutes after the login (past the first timeout), 7 after 继续使用: still logged in.
    await advanceClock(app, 7 * MINUTE);
    expect((await session(cookies)).statusCode).toBe(200);
  });

  it('cannot extend past the 12-hour limit: the answer says how long is really left', async () => {
    await setClock(app, '2025-03-05T08:00:00+08:00');
    const cookies = await loggedIn();
    // 继续使用 every 25 minutes for 11 h 40 min, then once more 10 minutes later: 10 minutes are left.
    for (let k = 0; k < 28; k++) {
      await advanceClock(app, 25 * MINUTE);
      expect((await extend(cookies)).statusCode).toBe(200);
    }
    await advanceClock(app, 10 * MINUTE);
    const res = await extend(cookies);
    expect(res.statusCode).toBe(200);
    expect(res.json().expiresInMs).toEqual(near(ACCOUNT_RULES.sessionMaxAgeMs - (11 * 60 + 50) * MINUTE));
    // And then it ends, whatever is asked.
    await advanceClock(app, 11 * MINUTE);
    expect((await extend(cookies)).statusCode).toBe(401);
  });

  it('refuses without a session, with an ended one, and for staff: 401 and nothing extended', async () => {
    expect((await extend({})).statusCode).toBe(401);
    expect((await expiry({})).statusCode).toBe(401);
    expect((await extend({ ausm_sid: 'not-a-session' })).statusCode).toBe(401);

    await setClock(app, '2025-03-06T09:00:00+08:00');
    const cookies = await loggedIn();
    await advanceClock(app, IDLE + MINUTE);
    const late = await extend(cookies);
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('auth/required');
    // An ended session stays ended: 继续使用 after the timeout does not bring it back.
    expect((await session(cookies)).statusCode).toBe(401);

    // A staff session is no accountant's: the console has its own.
    const staff = await staffCookies(app, 'sd_admin');
    expect((await extend(staff)).statusCode).toBe(401);
  });

  it('is refused from another site (CSRF): 403 and the session not extended', async () => {
    await setClock(app, '2025-03-07T09:00:00+08:00');
    const cookies = await loggedIn();
    await advanceClock(app, 20 * MINUTE);
    const res = await extend(cookies, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('request/cross_site');
    expect((await expiry(cookies)).json().expiresInMs).toEqual(near(IDLE - 20 * MINUTE));
    // The page's own request, from the same origin, is let through.
    const same = await extend(cookies, { origin: 'https://portal.example.cn', host: 'portal.example.cn', 'sec-fetch-site': 'same-origin' });
    expect(same.statusCode).toBe(200);
  });

  it('sixteen 继续使用 at once: all answered alike, one session, the full idle time', async () => {
    await setClock(app, '2025-03-08T09:00:00+08:00');
    const cookies = await loggedIn();
    await advanceClock(app, 29 * MINUTE);
    const answers = await Promise.all(Array.from({ length: 16 }, () => extend(cookies)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    for (const r of answers) expect(r.json().expiresInMs).toEqual(near(IDLE));
    expect((await expiry(cookies)).json().expiresInMs).toEqual(near(IDLE));
    const rows = await app.database.db.select().from(sessions).where(eq(sessions.subjectId, (await session(cookies)).json().account.id));
    expect(rows).toHaveLength(1);
  });
});

describe('the console session on the clock (issue 19: the console warns too)', () => {
  const staffExpiry = (cookies: Record<string, string>) => app.inject({ method: 'GET', url: '/api/console/session/expiry', cookies });
  const staffExtend = (cookies: Record<string, string>) => app.inject({ method: 'POST', url: '/api/console/session/extend', cookies });

  it('tells a staff member how long is left without prolonging it, and 继续使用 gives the idle time again', async () => {
    await setClock(app, '2025-03-10T09:00:00+08:00');
    const cookies = await staffCookies(app, 'lx_reviewer');
    await advanceClock(app, 20 * MINUTE);
    const left = await staffExpiry(cookies);
    expect(left.statusCode).toBe(200);
    expect(left.headers['cache-control']).toBe('no-store');
    expect(left.json().expiresInMs).toEqual(near(IDLE - 20 * MINUTE));
    await advanceClock(app, 9 * MINUTE);
    expect((await staffExpiry(cookies)).json().expiresInMs).toEqual(near(IDLE - 29 * MINUTE));

    const extended = await staffExtend(cookies);
    expect(extended.statusCode).toBe(200);
    expect(extended.json().expiresInMs).toEqual(near(IDLE));
    // Past the first timeout the console still works.
    await advanceClock(app, 5 * MINUTE);
    expect((await app.inject({ method: 'GET', url: '/api/console/session', cookies })).statusCode).toBe(200);
  });

  it('an accountant session is not a console session, and an ended one says so', async () => {
    await setClock(app, '2025-03-11T09:00:00+08:00');
    const accountant = await loggedIn();
    expect((await staffExpiry(accountant)).statusCode).toBe(401);
    expect((await staffExtend(accountant)).statusCode).toBe(401);
    const cookies = await staffCookies(app, 'lx_reviewer');
    await advanceClock(app, IDLE + MINUTE);
    const gone = await staffExtend(cookies);
    expect(gone.statusCode).toBe(401);
    expect(gone.json()).toMatchObject({ code: 'auth/required', message: '登录已失效，请重新登录' });
  });
});

describe('the employer session on the clock (a 单位法人用户 is warned and extends too)', () => {
  const unitExpiry = (cookies: Record<string, string>) => app.inject({ method: 'GET', url: '/api/employer/session/expiry', cookies });
  const unitExtend = (cookies: Record<string, string>) => app.inject({ method: 'POST', url: '/api/employer/session/extend', cookies });
  async function unitLoggedIn(): Promise<Record<string, string>> {
    const agentMobile = makeMobile();
    expect((await app.inject({ method: 'POST', url: '/api/employer/sms-codes', payload: { agentMobile }, remoteAddress: randomIp() })).statusCode).toBe(200);
    const smsCode = (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${agentMobile}` })).json()[0].code as string;
    const res = await app.inject({
      method: 'POST',
      url: '/api/employer/accounts',
      payload: { uscc: makeUscc(), unitName: '济南计时会计服务有限公司', agentName: '王经办', agentMobile, smsCode, password: PASSWORD, confirmPassword: PASSWORD },
      remoteAddress: randomIp(),
    });
    expect(res.statusCode, res.body).toBe(201);
    return sessionCookie(res);
  }

  it('tells the unit how long is left without prolonging it; 继续使用 gives the idle time again; past it the session is gone', async () => {
    await setClock(app, '2025-03-12T09:00:00+08:00');
    const cookies = await unitLoggedIn();
    await advanceClock(app, 20 * MINUTE);
    const left = await unitExpiry(cookies);
    expect(left.statusCode).toBe(200);
    expect(left.headers['cache-control']).toBe('no-store');
    expect(left.json().expiresInMs).toEqual(near(IDLE - 20 * MINUTE));
    await advanceClock(app, 9 * MINUTE);
    expect((await unitExpiry(cookies)).json().expiresInMs).toEqual(near(IDLE - 29 * MINUTE));

    const extended = await unitExtend(cookies);
    expect(extended.statusCode).toBe(200);
    expect(extended.json().expiresInMs).toEqual(near(IDLE));
    await advanceClock(app, 5 * MINUTE);
    expect((await app.inject({ method: 'GET', url: '/api/employer/session', cookies })).statusCode).toBe(200);

    await advanceClock(app, IDLE + MINUTE);
    const gone = await unitExtend(cookies);
    expect(gone.statusCode).toBe(401);
    expect(gone.json()).toMatchObject({ code: 'auth/required', message: '登录已失效，请重新登录' });
  });

  it('an accountant or staff session is not a unit session, nor the reverse', async () => {
    await setClock(app, '2025-03-13T09:00:00+08:00');
    const accountant = await loggedIn();
    const staff = await staffCookies(app, 'lx_reviewer');
    for (const cookies of [accountant, staff]) {
      expect((await unitExpiry(cookies)).statusCode).toBe(401);
      expect((await unitExtend(cookies)).statusCode).toBe(401);
    }
    const unit = await unitLoggedIn();
    expect((await expiry(unit)).statusCode).toBe(401);
    expect((await extend(unit)).statusCode).toBe(401);
  });
});
