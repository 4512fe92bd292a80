import { maskMobile } from '@ausm/domain';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../platform/errors';
import { PasswordHasher } from '../../platform/hasher';
import { securityEvents } from '../../platform/tables';
import { advanceClock, buildTestApp, login, makeMobile, PASSWORD, randomIp, registerAccount, requestSmsCode, sessionCookie } from '../../test/helpers';

// 个人中心 · 信息修改 (seed 003 §9): the registration mobile changes to a new one, proved by a code
// sent to it and by the password.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
const change = (cookies: Cookies, payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: '/api/my/mobile', cookies, payload });
const currentMobile = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/session', cookies })).json().account.maskedMobile as string;
const masked = maskMobile;

async function accountant() {
  const { person } = await registerAccount(app);
  return { person, cookies: sessionCookie(await login(app, person.mobile, PASSWORD)) };
}

describe('PUT /api/my/mobile', () => {
  it('changes the mobile to one proved by its code; the new one logs in, the old one no longer', async () => {
    const { person, cookies } = await accountant();
    const mobile = makeMobile();
    const smsCode = await requestSmsCode(app, mobile, 'change_mobile', cookies);
    const res = await change(cookies, { mobile, smsCode, password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().account.maskedMobile).toBe(masked(mobile));
    expect(await currentMobile(cookies)).toBe(masked(mobile));
    expect((await login(app, mobile, PASSWORD)).statusCode).toBe(200);
    expect((await login(app, person.mobile, PASSWORD)).statusCode).toBe(401);
    const [event] = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.accountId, res.json().account.id), eq(securityEvents.kind, 'mobile_change')));
    expect(event!.detail).toEqual({ from: masked(person.mobile), to: masked(mobile) });
    // The code was used: the same request again fails on it.
    const other = makeMobile();
    expect((await change(cookies, { mobile: other, smsCode, password: PASSWORD })).json()).toMatchObject({ field: 'smsCode' });
  });

  it('a wrong password changes nothing and spends no try of the code', async () => {
    const { person, cookies } = await accountant();
    const mobile = makeMobile();
    const smsCode = await requestSmsCode(app, mobile, 'change_mobile', cookies);
    const wrong = await change(cookies, { mobile, smsCode, password: 'Wrong@1234' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'account/password_wrong', message: '登录密码不正确，再失败4次账号将被锁定', field: 'password' });
    expect(await currentMobile(cookies)).toBe(masked(person.mobile));
    expect((await change(cookies, { mobile, smsCode, password: PASSWORD })).statusCode).toBe(200);
  });

  it('guards the password as login does: wrong ones count, lock the account at 5 and leave a trace', async () => {
    const { person, cookies } = await accountant();
    const mobile = makeMobile();
    for (let i = 1; i <= 4; i++) {
      const wrong = await change(cookies, { mobile, smsCode: '000000', password: 'Guess@1234' });
      expect(wrong.json().message).toBe(`登录密码不正确，再失败${5 - i}次账号将被锁定`);
    }
    const locked = await change(cookies, { mobile, smsCode: '000000', password: 'Guess@1234' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account/locked');
    // Logged in, the way out is waiting: 忘记密码 is for someone logged out.
    expect(locked.json().message).toMatch(/^密码错误次数过多，账号已锁定，请于.+后再试$/);
    // Locked: not even the right password is tried, here or at login.
    expect((await change(cookies, { mobile, smsCode: '000000', password: PASSWORD })).statusCode).toBe(423);
    expect((await login(app, person.mobile, PASSWORD)).statusCode).toBe(423);
    const { account } = (await app.inject({ method: 'GET', url: '/api/session', cookies })).json();
    const events = await app.database.db.select().from(securityEvents).where(eq(securityEvents.accountId, account.id));
    expect(events.filter((e) => e.kind === 'login_failure' && e.detail?.via === 'mobile_change')).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'lockout')).toHaveLength(1);
  });

  // Without a captcha nothing slows a burst: each compare takes its try first (shows on PostgreSQL; CI runs it there).
  it('compares at most 5 passwords of a burst, so a stolen session cannot guess its way through', async () => {
    const { person, cookies } = await accountant();
    const mobile = makeMobile();
    const guesses = [...Array.from({ length: 20 }, (_, i) => `Guess@${1000 + i}`), PASSWORD];
    const answers = await Promise.all(guesses.map((password) => change(cookies, { mobile, smsCode: '000000', password })));
    const codes = answers.map((r) => r.json().code as string);
    expect(codes.filter((c) => c === 'account/password_wrong').length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c === 'account/locked').length).toBeGreaterThanOrEqual(16);
    expect(codes.at(-1)).toBe('account/locked');
    expect(await currentMobile(cookies)).toBe(masked(person.mobile));
  });

  it('a busy hasher compares nothing, so it costs no try', async () => {
    const { cookies } = await accountant();
    const busy = vi.spyOn(PasswordHasher.prototype, 'verify').mockRejectedValueOnce(new AppError(429, 'auth/busy', '当前登录人数较多，请稍后重试'));
    try {
      const refused = await change(cookies, { mobile: makeMobile(), smsCode: '000000', password: 'Guess@1234' });
      expect(refused.statusCode).toBe(429);
    } finally {
      busy.mockRestore();
    }
    const wrong = await change(cookies, { mobile: makeMobile(), smsCode: '000000', password: 'Guess@1234' });
    expect(wrong.json().message).toBe('登录密码不正确，再失败4次账号将被锁定');
  });

  it("ends the account's other sessions with the change, and keeps the one that made it", async () => {
    const { person, cookies } = await accountant();
    const other = sessionCookie(await login(app, person.mobile, PASSWORD));
    const mobile = makeMobile();
    const smsCode = await requestSmsCode(app, mobile, 'change_mobile', cookies);
    expect((await change(cookies, { mobile, smsCode, password: PASSWORD })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies: other })).statusCode).toBe(401);
  });

  it('sends a change_mobile code only to a logged-in accountant, and never to a number an account has', async () => {
    const { cookies } = await accountant();
    const send = (mobile: string, session: Cookies) => app.inject({ method: 'POST', url: '/api/sms-codes', cookies: session, payload: { mobile, purpose: 'change_mobile' } });
    const stranger = makeMobile();
    expect((await send(stranger, {})).statusCode).toBe(401);
    const other = (await registerAccount(app)).person;
    const taken = await send(other.mobile, cookies);
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'account/mobile_taken', field: 'mobile' });
    for (const mobile of [stranger, other.mobile]) {
      expect((await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` })).json().filter((m: { content: string }) => m.content.includes('修改手机号'))).toEqual([]);
    }
    expect((await send(stranger, cookies)).statusCode).toBe(200);
  });

  it('sends one account at most 5 change_mobile codes an hour, so its answers cannot list taken numbers', async () => {
    const { person, cookies } = await accountant();
    const send = (mobile: string, session = cookies) =>
      app.inject({ method: 'POST', url: '/api/sms-codes', cookies: session, payload: { mobile, purpose: 'change_mobile' }, remoteAddress: randomIp() });
    const taken = (await registerAccount(app)).person.mobile;
    for (let i = 0; i < 5; i++) expect((await send(i % 2 ? taken : makeMobile())).statusCode).not.toBe(429);
    const refused = await send(taken);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'sms/account_limit', field: 'mobile' });
    await advanceClock(app, 3_600_001);
    expect((await send(makeMobile(), sessionCookie(await login(app, person.mobile, PASSWORD)))).statusCode).toBe(200);
  });

  it('refuses the same mobile, a taken one, a code of another purpose, and a missing session', async () => {
    const { person, cookies } = await accountant();
    const same = await change(cookies, { mobile: person.mobile, smsCode: '123456', password: PASSWORD });
    expect(same.json()).toMatchObject({ code: 'account/mobile_same', message: '新手机号与当前手机号相同', field: 'mobile' });
    const other = (await registerAccount(app)).person;
    // A taken number gets no code, and without its code nothing says it is taken.
    const taken = await change(cookies, { mobile: other.mobile, smsCode: '123456', password: PASSWORD });
    expect(taken.json()).toMatchObject({ code: 'sms/code_missing', field: 'smsCode' });

    const mobile = makeMobile();
    const registerCode = await requestSmsCode(app, mobile, 'register');
    expect((await change(cookies, { mobile, smsCode: registerCode, password: PASSWORD })).json()).toMatchObject({ code: 'sms/code_missing', field: 'smsCode' });
    await advanceClock(app, 181_000);
    expect((await change({}, { mobile, smsCode: '123456', password: PASSWORD })).statusCode).toBe(401);
    const empty = await change(cookies, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toMatchObject({ mobile: '请输入手机号', smsCode: '请输入6位手机验证码', password: '请输入登录密码' });
    expect(await currentMobile(sessionCookie(await login(app, person.mobile, PASSWORD)))).toBe(masked(person.mobile));
  });
});
