import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, buildTestApp, login, makePerson, PASSWORD, registerAccount, sessionCookie } from '../../test/helpers';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

async function accountant(overrides = {}) {
  const { person } = await registerAccount(app, makePerson(overrides));
  return { person, cookies: sessionCookie(await login(app, person.mobile, PASSWORD)) };
}
const start = (cookies: Record<string, string>) => app.inject({ method: 'POST', url: '/api/identity/alipay', cookies });
const poll = (cookies: Record<string, string>, certifyId: string) => app.inject({ method: 'GET', url: `/api/identity/alipay/${certifyId}`, cookies });
const phone = (certifyId: string, action: string) => app.inject({ method: 'POST', url: `/api/sandbox/alipay/${certifyId}`, payload: { action } });

describe('Alipay real-name verification (sandbox)', () => {
  it('verifies when the phone confirms, and the account says so', async () => {
    const { cookies } = await accountant({ realName: '李明' });
    expect((await app.inject({ method: 'GET', url: '/api/identity', cookies })).json()).toMatchObject({ verified: false, maskedName: '李**', alipaySupported: true });
    const { certifyId, qrContent } = (await start(cookies)).json();
    expect(qrContent).toContain(`/sandbox/alipay/${certifyId}`);
    expect((await poll(cookies, certifyId)).json()).toEqual({ state: 'pending', message: null });
    const seen = (await app.inject({ method: 'GET', url: `/api/sandbox/alipay/${certifyId}` })).json();
    expect(seen).toMatchObject({ maskedName: '李**', state: 'INIT' });
    expect((await phone(certifyId, 'confirm')).statusCode).toBe(204);
    expect((await poll(cookies, certifyId)).json()).toEqual({ state: 'passed', message: null });
    expect((await app.inject({ method: 'GET', url: '/api/identity', cookies })).json()).toMatchObject({ verified: true, method: 'alipay' });
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies })).json().account.identityVerified).toBe(true);
    expect((await start(cookies)).json().code).toBe('identity/already_verified');
  });

  it('refuses when the Alipay account is someone else\'s, and when the person cancels', async () => {
    for (const [action, text] of [
      ['mismatch', '不一致'],
      ['cancel', '取消'],
    ]) {
      const { cookies } = await accountant();
      const { certifyId } = (await start(cookies)).json();
      await phone(certifyId, action!);
      const res = (await poll(cookies, certifyId)).json();
      expect(res.state).toBe('failed');
      expect(res.message).toContain(text);
      expect((await app.inject({ method: 'GET', url: '/api/identity', cookies })).json().verified).toBe(false);
    }
  });

  it('answers 503 with a way out when Alipay times out, and the attempt stays pending', async () => {
    const { cookies } = await accountant();
    const { certifyId } = (await start(cookies)).json();
    await phone(certifyId, 'timeout');
    const res = await poll(cookies, certifyId);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'identity/alipay_unavailable', message: expect.stringContaining('线上实名认证') });
  });

  it('expires a QR code nobody scanned within 10 minutes', async () => {
    const { cookies } = await accountant();
    const { certifyId } = (await start(cookies)).json();
    await advanceClock(app, 10 * 60_000 + 1);
    expect((await poll(cookies, certifyId)).json()).toMatchObject({ state: 'failed', message: expect.stringContaining('过期') });
    expect((await phone(certifyId, 'confirm')).statusCode).toBe(404);
  });

  it('lets the name be corrected before verification (【点击修改】), checked by the name rule', async () => {
    const { cookies } = await accountant({ realName: '王小' });
    const bad = await app.inject({ method: 'PATCH', url: '/api/identity/real-name', cookies, payload: { realName: 'abc' } });
    expect(bad.json()).toMatchObject({ code: 'validation/failed', field: 'realName' });
    const ok = await app.inject({ method: 'PATCH', url: '/api/identity/real-name', cookies, payload: { realName: '王小𠮷' } });
    expect(ok.json().maskedName).toBe('王**');
    // A name changed after the QR code was issued does not get verified.
    const { certifyId } = (await start(cookies)).json();
    await app.inject({ method: 'PATCH', url: '/api/identity/real-name', cookies, payload: { realName: '王大' } });
    await phone(certifyId, 'confirm');
    expect((await poll(cookies, certifyId)).json()).toMatchObject({ state: 'failed', message: expect.stringContaining('重新发起') });
  });

  it('sends permits and passports to the manual form, and keeps attempts private', async () => {
    const { cookies } = await accountant({ idType: 'hk_macao_permit', idNumber: 'H87654321', realName: '陈大文' } as never);
    expect((await start(cookies)).json().code).toBe('identity/alipay_unsupported');
    const other = await accountant();
    const { certifyId } = (await start(other.cookies)).json();
    expect((await poll(cookies, certifyId)).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/identity/alipay' })).statusCode).toBe(401);
  });
});
