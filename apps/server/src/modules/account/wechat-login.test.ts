import { randomBytes } from 'node:crypto';
import { maskMobile } from '@ausm/domain';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../platform/tables';
import { sandboxOpenid } from '../../platform/wechat/sandbox';
import { advanceClock, buildTestApp, login, PASSWORD, registerAccount, sessionCookie, solveCaptcha } from '../../test/helpers';
import { accountWechat } from './tables';

// 微信扫码登录 (seed 002 §3.1) through the API and the sandbox WeChat: start on the login page,
// WeChat's QR page, the phone that confirms, the return to /login/wechat, and the binding of a new
// WeChat by one password login.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

type Cookies = Record<string, string>;

/** The login page (or 个人中心, to bind) asks for WeChat's QR page: its address, and this browser's state cookie. */
async function start(session: Cookies = {}, purpose?: 'login' | 'bind') {
  const res = await app.inject({ method: 'POST', url: '/api/session/wechat/start', cookies: session, ...(purpose ? { payload: { purpose } } : {}) });
  expect(res.statusCode).toBe(200);
  const url = new URL(res.json().authorizeUrl, 'http://platform');
  const cookie = res.cookies.find((c) => c.name === 'ausm_wx_state')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/session/wechat' });
  return { url, state: url.searchParams.get('state')!, browser: { ...session, ausm_wx_state: cookie.value } as Cookies };
}

/** WeChat's QR page opens, the phone scans it as `wechatId` and does `action`; returns the ticket and the way back. */
async function scan(url: URL, wechatId: string, action: 'confirm' | 'cancel' | 'unavailable' = 'confirm') {
  const qr = await app.inject({ method: 'POST', url: '/api/sandbox/wechat/qrconnect', payload: { state: url.searchParams.get('state'), redirectUri: url.searchParams.get('redirect_uri') } });
  expect(qr.statusCode).toBe(201);
  const { ticket } = qr.json();
  const acted = await app.inject({ method: 'POST', url: `/api/sandbox/wechat/${ticket}`, payload: action === 'cancel' ? { action } : { action, wechatId } });
  expect(acted.statusCode).toBe(204);
  const view = (await app.inject({ method: 'GET', url: `/api/sandbox/wechat/${ticket}` })).json();
  return { ticket, view, back: view.redirect ? new URL(view.redirect, 'http://platform') : null };
}

/** The browser, back at /login/wechat?code=…&state=…, completes the login. */
const complete = (back: URL, browser: Cookies) =>
  app.inject({ method: 'POST', url: '/api/session/wechat', cookies: browser, payload: { code: back.searchParams.get('code'), state: back.searchParams.get('state') } });

/** A WeChat scan, all the way back to the platform. */
async function scanAndReturn(wechatId: string) {
  const { url, browser } = await start();
  const { back } = await scan(url, wechatId);
  expect(back!.pathname).toBe('/login/wechat');
  return complete(back!, browser);
}

/** The cookie an unbound scan leaves in the browser, for the login that binds it. */
function bindCookie(res: { cookies: Array<{ name: string; value: string; path?: string; httpOnly?: boolean }> }): Cookies {
  const c = res.cookies.find((x) => x.name === 'ausm_wx_bind');
  if (!c) throw new Error('no bind cookie');
  expect(c).toMatchObject({ path: '/api/session', httpOnly: true });
  return { ausm_wx_bind: c.value };
}

const loginBinding = async (identifier: string, password: string, browser: Cookies, wechatBind = true) =>
  app.inject({ method: 'POST', url: '/api/session', cookies: browser, payload: { identifier, password, wechatBind, ...(await solveCaptcha(app)) } });

const newWechatId = () => `wx_${randomBytes(6).toString('hex')}`;

describe('微信扫码登录', () => {
  it('sends the browser to WeChat with a state of its own, and back to /login/wechat', async () => {
    const { url, state } = await start();
    expect(url.pathname).toBe('/sandbox/wechat/qrconnect');
    expect(url.searchParams.get('redirect_uri')).toBe('/login/wechat');
    expect(url.searchParams.get('scope')).toBe('snsapi_login');
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect((await start()).state).not.toBe(state);
  });

  it('a new WeChat is bound by one password login, then logs in by itself', async () => {
    const { person } = await registerAccount(app);
    const wechatId = newWechatId();
    const first = await scanAndReturn(wechatId);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'bind_required', expiresAt: expect.any(String) });
    expect(first.cookies.find((c) => c.name === 'ausm_sid')).toBeUndefined();

    const bound = await loginBinding(person.mobile, PASSWORD, bindCookie(first));
    expect(bound.statusCode, bound.body).toBe(200);
    const [row] = await app.database.db.select().from(accountWechat).where(eq(accountWechat.accountId, bound.json().account.id));
    expect(row!.openid).toBe(sandboxOpenid(wechatId));
    const events = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.accountId, bound.json().account.id), eq(securityEvents.kind, 'wechat_bind')));
    expect(events).toHaveLength(1);

    const again = await scanAndReturn(wechatId);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'logged_in', account: { maskedName: '张**' } });
    const session = await app.inject({ method: 'GET', url: '/api/session', cookies: sessionCookie(again) });
    expect(session.json().account.id).toBe(bound.json().account.id);
    const success = await app.database.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.accountId, bound.json().account.id), eq(securityEvents.kind, 'login_success')));
    expect(success.map((e) => e.detail)).toContainEqual({ method: 'wechat' });
  });

  // Issue 17 item 11: the old code left the session the browser held valid beside the new one.
  it("a WeChat login ends the session the browser's cookie held", async () => {
    const earlier = sessionCookie(await login(app, (await registerAccount(app)).person.mobile, PASSWORD));
    const { person } = await registerAccount(app);
    const wechatId = newWechatId();
    expect((await loginBinding(person.mobile, PASSWORD, bindCookie(await scanAndReturn(wechatId)))).statusCode).toBe(200);
    const { url, browser } = await start(earlier);
    const { back } = await scan(url, wechatId);
    const res = await complete(back!, browser);
    expect(res.json().status).toBe('logged_in');
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies: earlier })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies: sessionCookie(res) })).statusCode).toBe(200);
  });

  it('a wrong password keeps the WeChat waiting; the next right one binds it', async () => {
    const { person } = await registerAccount(app);
    const browser = bindCookie(await scanAndReturn(newWechatId()));
    expect((await loginBinding(person.idNumber, 'Wrong@1234', browser)).statusCode).toBe(401);
    expect((await loginBinding(person.idNumber, PASSWORD, browser)).statusCode).toBe(200);
  });

  it('binds only from the browser that scanned, and only when the login asks to', async () => {
    // Someone scans with their own WeChat and sends the victim to /login?wechat=bind: the victim's
    // browser has no bind cookie, so the login refuses to bind, and logging in without binding works.
    const victim = (await registerAccount(app)).person;
    const attackersWechat = newWechatId();
    const attackerBrowser = bindCookie(await scanAndReturn(attackersWechat));
    const lured = await loginBinding(victim.mobile, PASSWORD, {});
    expect(lured.json()).toMatchObject({ code: 'wechat/bind_expired' });
    expect(lured.cookies.find((c) => c.name === 'ausm_sid')).toBeUndefined();
    // A login that does not ask to bind binds nothing, even with the cookie there.
    const plain = await loginBinding(victim.mobile, PASSWORD, attackerBrowser, false);
    expect(plain.statusCode).toBe(200);
    const rows = await app.database.db.select().from(accountWechat).where(eq(accountWechat.accountId, plain.json().account.id));
    expect(rows).toEqual([]);
    expect((await scanAndReturn(attackersWechat)).json().status).toBe('bind_required');
  });

  it('only the browser that started can finish: no cookie, another browser’s state, or a state used twice', async () => {
    const mine = await start();
    const theirs = await start();
    const { back } = await scan(mine.url, newWechatId());
    const refusal = { code: 'wechat/state_invalid', message: '微信登录已失效，请回到登录页重新扫码' };
    expect((await complete(back!, {})).json()).toMatchObject(refusal);
    expect((await complete(back!, theirs.browser)).json()).toMatchObject(refusal);
    expect((await complete(back!, mine.browser)).json()).toMatchObject({ status: 'bind_required' });
    expect((await complete(back!, mine.browser)).json()).toMatchObject(refusal);
    // A forged cookie holding the state it came back with, but never issued, is refused too.
    const forged = await start();
    const { back: forgedBack } = await scan(forged.url, newWechatId());
    const fake = new URL(forgedBack!);
    fake.searchParams.set('state', 'f'.repeat(32));
    expect((await complete(fake, { ausm_wx_state: 'f'.repeat(32) })).json()).toMatchObject(refusal);
  });

  it('a code works once and for 10 minutes', async () => {
    const first = await start();
    const { back } = await scan(first.url, newWechatId());
    expect((await complete(back!, first.browser)).statusCode).toBe(200);
    // Two exchanges of one code at once: exactly one gets the openid, as at WeChat.
    const pair = [await start(), await start()];
    const { back: raced } = await scan(pair[0]!.url, newWechatId());
    const both = await Promise.all(
      pair.map((p) => {
        const url = new URL(raced!);
        url.searchParams.set('state', p.state);
        return complete(url, p.browser);
      }),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    // The same code again, with a state this browser holds: WeChat refuses it (40163).
    const second = await start();
    const reused = new URL(back!);
    reused.searchParams.set('state', second.state);
    expect((await complete(reused, second.browser)).json()).toMatchObject({ code: 'wechat/code_invalid', message: '微信授权已失效，请回到登录页重新扫码' });

    const late = await start();
    const { back: lateBack } = await scan(late.url, newWechatId());
    await advanceClock(app, 9 * 60_000 + 59_000);
    const lateAnswer = await complete(lateBack!, late.browser);
    expect(lateAnswer.statusCode).toBe(200);
    const later = await start();
    const { back: laterBack } = await scan(later.url, newWechatId());
    await advanceClock(app, 10 * 60_000 + 1_000);
    // The browser's state (10 minutes too) has run out with it: either refusal tells the person to scan again.
    expect((await complete(laterBack!, later.browser)).json().code).toMatch(/^wechat\/(code|state)_invalid$/);
  });

  it('a QR code expires after 5 minutes; a cancelled one sends nobody back', async () => {
    const { url } = await start();
    const qr = (await app.inject({ method: 'POST', url: '/api/sandbox/wechat/qrconnect', payload: { state: url.searchParams.get('state'), redirectUri: '/login/wechat' } })).json();
    await advanceClock(app, 5 * 60_000 + 1_000);
    expect((await app.inject({ method: 'GET', url: `/api/sandbox/wechat/${qr.ticket}` })).json().status).toBe('expired');
    expect((await app.inject({ method: 'POST', url: `/api/sandbox/wechat/${qr.ticket}`, payload: { action: 'confirm', wechatId: 'wx_late_user' } })).statusCode).toBe(404);

    const again = await start();
    const { view } = await scan(again.url, newWechatId(), 'cancel');
    expect(view).toMatchObject({ status: 'cancelled', redirect: null });
  });

  it('WeChat not answering is a 503 that offers the other way in', async () => {
    const { url, browser } = await start();
    const { back } = await scan(url, newWechatId(), 'unavailable');
    const res = await complete(back!, browser);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: 'wechat/unavailable', message: '微信服务暂时无法访问，请稍后重试，或使用证件号码/手机号登录' });
  });

  it('a binding waits 10 minutes; after that the login says so, and works without it', async () => {
    const { person } = await registerAccount(app);
    const browser = bindCookie(await scanAndReturn(newWechatId()));
    await advanceClock(app, 10 * 60_000 + 1_000);
    const late = await loginBinding(person.mobile, PASSWORD, browser);
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'wechat/bind_expired', message: '微信绑定已超时，请重新扫码，或直接登录（不绑定微信）' });
    expect(late.cookies.find((c) => c.name === 'ausm_sid')).toBeUndefined();
    expect((await login(app, person.mobile, PASSWORD)).statusCode).toBe(200);
  });

  it('one WeChat, one account: binding it to a second account is refused and opens no session', async () => {
    const wechatId = newWechatId();
    const a = (await registerAccount(app)).person;
    const b = (await registerAccount(app)).person;
    const browserA = bindCookie(await scanAndReturn(wechatId));
    const browserB = bindCookie(await scanAndReturn(wechatId));
    expect((await loginBinding(a.mobile, PASSWORD, browserA)).statusCode).toBe(200);
    const refused = await loginBinding(b.mobile, PASSWORD, browserB);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'wechat/taken', message: '该微信已绑定其他账号，请使用该账号登录，或换一个微信扫码' });
    expect(refused.cookies.find((c) => c.name === 'ausm_sid')).toBeUndefined();
    // The WeChat still logs in to the first account.
    const again = await scanAndReturn(wechatId);
    const session = await app.inject({ method: 'GET', url: '/api/session', cookies: sessionCookie(again) });
    expect(session.json().account.maskedMobile).toBe(maskMobile(a.mobile));
  });

  it('binding another WeChat to an account replaces the first', async () => {
    const { person } = await registerAccount(app);
    const [first, second] = [newWechatId(), newWechatId()];
    expect((await loginBinding(person.mobile, PASSWORD, bindCookie(await scanAndReturn(first)))).statusCode).toBe(200);
    expect((await loginBinding(person.mobile, PASSWORD, bindCookie(await scanAndReturn(second)))).statusCode).toBe(200);
    expect((await scanAndReturn(first)).json().status).toBe('bind_required');
    expect((await scanAndReturn(second)).json().status).toBe('logged_in');
  });

  it('refuses bad input with Chinese messages', async () => {
    const { browser } = await start();
    const empty = await app.inject({ method: 'POST', url: '/api/session/wechat', cookies: browser, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('微信授权信息不完整，请重新扫码');
    const qr = await app.inject({ method: 'POST', url: '/api/sandbox/wechat/qrconnect', payload: { state: 's', redirectUri: 'https://evil.example/' } });
    expect(qr.statusCode).toBe(400);
    expect(qr.json().message).toBe('redirect_uri 须为本平台的地址');
    const badId = await app.inject({ method: 'POST', url: `/api/sandbox/wechat/${'0'.repeat(32)}`, payload: { action: 'confirm', wechatId: '1' } });
    expect(badId.statusCode).toBe(400);
  });
});

describe('个人中心 · 微信绑定', () => {
  const binding = async (session: Cookies) => (await app.inject({ method: 'GET', url: '/api/my/wechat', cookies: session })).json();

  it('a logged-in accountant binds a WeChat by scanning, then logs in with it; 解绑 ends that', async () => {
    const { person } = await registerAccount(app);
    const session = sessionCookie(await login(app, person.mobile, PASSWORD));
    expect(await binding(session)).toEqual({ bound: false, boundAt: null });

    const wechatId = newWechatId();
    const { url, browser } = await start(session, 'bind');
    const { back } = await scan(url, wechatId);
    const bound = await complete(back!, browser);
    expect(bound.statusCode, bound.body).toBe(200);
    expect(bound.json()).toEqual({ status: 'bound' });
    expect(await binding(session)).toMatchObject({ bound: true, boundAt: expect.any(String) });
    expect((await scanAndReturn(wechatId)).json().status).toBe('logged_in');

    const unbound = await app.inject({ method: 'DELETE', url: '/api/my/wechat', cookies: session });
    expect(unbound.statusCode).toBe(204);
    expect(await binding(session)).toEqual({ bound: false, boundAt: null });
    expect((await scanAndReturn(wechatId)).json().status).toBe('bind_required');
    const again = await app.inject({ method: 'DELETE', url: '/api/my/wechat', cookies: session });
    expect(again.json()).toMatchObject({ code: 'wechat/not_bound', message: '尚未绑定微信，无需解绑' });
    const accountId = (await app.inject({ method: 'GET', url: '/api/session', cookies: session })).json().account.id;
    const kinds = (await app.database.db.select().from(securityEvents).where(eq(securityEvents.accountId, accountId))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['wechat_bind', 'wechat_unbind']));
  });

  it('binding needs the session that asked for it, and a WeChat nobody else has', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/session/wechat/start', payload: { purpose: 'bind' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/my/wechat' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: '/api/my/wechat' })).statusCode).toBe(401);

    const a = (await registerAccount(app)).person;
    const sessionA = sessionCookie(await login(app, a.mobile, PASSWORD));
    // The session logged out between asking and coming back: nothing is bound.
    const asked = await start(sessionA, 'bind');
    const { back } = await scan(asked.url, newWechatId());
    await app.inject({ method: 'DELETE', url: '/api/session', cookies: sessionA });
    const late = await complete(back!, asked.browser);
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('auth/required');

    // A WeChat bound to another account is refused.
    const taken = newWechatId();
    const b = (await registerAccount(app)).person;
    expect((await loginBinding(b.mobile, PASSWORD, bindCookie(await scanAndReturn(taken)))).statusCode).toBe(200);
    const sessionA2 = sessionCookie(await login(app, a.mobile, PASSWORD));
    const second = await start(sessionA2, 'bind');
    const { back: back2 } = await scan(second.url, taken);
    const refused = await complete(back2!, second.browser);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('wechat/taken');
    expect(await binding(sessionA2)).toEqual({ bound: false, boundAt: null });
  });
});
