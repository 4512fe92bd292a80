import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { buildTestApp, makeMobile, requestSmsCode } from '../../test/helpers';
import { PRODUCTION_ENV } from '../../test/production-env';

// The contract of ../shared/SANDBOX.md, exactly as tests outside the project use it.
describe('sandbox contract', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('GET /api/health', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/sandbox/sms?mobile= lists messages newest first', async () => {
    const mobile = makeMobile();
    const code = await requestSmsCode(app, mobile);
    const res = await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` });
    expect(res.statusCode).toBe(200);
    const [msg] = res.json();
    expect(msg).toEqual({ mobile, content: expect.stringContaining(code), code, sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const none = await app.inject({ method: 'GET', url: '/api/sandbox/sms?mobile=13800000001' });
    expect(none.json()).toEqual([]);
  });

  it('GET /api/sandbox/captcha/latest and /:id', async () => {
    const { id } = (await app.inject({ method: 'GET', url: '/api/captcha' })).json();
    const latest = await app.inject({ method: 'GET', url: '/api/sandbox/captcha/latest' });
    expect(latest.json()).toEqual({ id, answer: expect.stringMatching(/^[A-Za-z0-9]{4}$/) });
    const byId = await app.inject({ method: 'GET', url: `/api/sandbox/captcha/${id}` });
    expect(byId.json()).toEqual(latest.json());
    expect((await app.inject({ method: 'GET', url: '/api/sandbox/captcha/00000000-0000-0000-0000-000000000000' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/sandbox/captcha/nonsense' })).statusCode).toBe(404);
  });

  it('the captcha image does not carry its answer as text', async () => {
    const { id, svg } = (await app.inject({ method: 'GET', url: '/api/captcha' })).json();
    const { answer } = (await app.inject({ method: 'GET', url: `/api/sandbox/captcha/${id}` })).json();
    expect(svg).toMatch(/^<svg/);
    expect(svg).not.toContain(answer);
  });

  it('POST /api/sandbox/review-items refuses bad input in Chinese and files nothing', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: makeMobile(), authorityId: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation/failed', fields: { authorityId: '请选择会计管理部门' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: makeMobile(), authorityId: '370102' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('该手机号未注册');
  });

  it('PUT and DELETE /api/sandbox/clock', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/sandbox/clock', payload: { now: '2025-01-10T09:00:00+08:00' } });
    expect(put.statusCode).toBe(204);
    const { now } = (await app.inject({ method: 'GET', url: '/api/meta' })).json();
    expect(new Date(now).getTime() - Date.parse('2025-01-10T01:00:00Z')).toBeLessThan(5_000);
    const bad = await app.inject({ method: 'PUT', url: '/api/sandbox/clock', payload: { now: 'yesterday' } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/api/sandbox/clock' })).statusCode).toBe(204);
    const real = (await app.inject({ method: 'GET', url: '/api/meta' })).json();
    expect(Math.abs(new Date(real.now).getTime() - Date.now())).toBeLessThan(5_000);
  });
});

describe('production mode', () => {
  it('refuses to start while a provider is a sandbox', () => {
    expect(() => loadConfig({ AUSM_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/SMS_PROVIDER/);
    expect(() => loadConfig({ AUSM_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/WECHAT_PROVIDER/);
  });

  it('the real WeChat needs its app id, secret and the public address it returns to', () => {
    expect(() => loadConfig({ WECHAT_PROVIDER: 'wechat' })).toThrow(/WECHAT_APP_ID[\s\S]*WECHAT_APP_SECRET[\s\S]*PUBLIC_BASE_URL/);
    const config = loadConfig({ WECHAT_PROVIDER: 'wechat', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', PUBLIC_BASE_URL: 'https://ausm.example' });
    expect(config.wechat).toMatchObject({ provider: 'wechat', appId: 'wx1', redirectUri: 'https://ausm.example/login/wechat' });
  });

  it('sends Secure cookies in production unless told otherwise, and never believes every proxy hop', () => {
    const real = PRODUCTION_ENV;
    expect(loadConfig(real).cookieSecure).toBe(true);
    expect(loadConfig({ ...real, COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    expect(loadConfig({}).cookieSecure).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.1, 10.0.1.0/24 ' }).trustProxy).toBe('10.0.0.1,10.0.1.0/24');
    expect(loadConfig({ TRUST_PROXY: 'loopback,::1' }).trustProxy).toBe('loopback,::1');
    expect(loadConfig({ TRUST_PROXY: 'False' }).trustProxy).toBe(false);
    for (const bad of ['true', 'TRUE', ' True', '1', '10.0.0.1/33', 'proxy.example']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: give false, or the proxies' addresses/);
    }
  });

  it('behind a trusted proxy, the client IP is the hop the proxy adds; a client reaching the port itself names none', async () => {
    const app = await buildTestApp({ trustProxy: '10.0.0.1' });
    try {
      const send = (i: number, remoteAddress: string) =>
        app.inject({
          method: 'POST',
          url: '/api/sms-codes',
          payload: { mobile: makeMobile(), purpose: 'register' },
          headers: { 'x-forwarded-for': `1.2.3.${i}, 203.0.113.9` },
          remoteAddress,
        });
      // Through the proxy: the client is 203.0.113.9 whatever it wrote before the proxy's hop.
      for (let i = 0; i < 20; i++) expect((await send(i, '10.0.0.1')).statusCode).toBe(200);
      expect((await send(20, '10.0.0.1')).statusCode).toBe(429);
      // Straight to the port: its own X-Forwarded-For is ignored, the socket's address counts.
      for (let i = 0; i < 20; i++) expect((await send(i, '198.51.100.7')).statusCode).toBe(200);
      expect((await send(20, '198.51.100.7')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('answers 404 for every /api/sandbox path', async () => {
    const app = await buildTestApp({
      mode: 'production',
      sms: { provider: 'aliyun', accessKeyId: 'a', accessKeySecret: 'b', signName: 'c', templateCode: 'd', noticeTemplateCode: 'e', endpoint: 'https://sms.example.test/' },
    });
    try {
      for (const url of ['/api/sandbox/sms?mobile=13800000000', '/api/sandbox/notices?mobile=13800000000', '/api/sandbox/captcha/latest', '/api/sandbox/clock', `/api/sandbox/wechat/${'0'.repeat(32)}`]) {
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
      }
      expect((await app.inject({ method: 'PUT', url: '/api/sandbox/clock', payload: { now: '2025-01-10T09:00:00+08:00' } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    } finally {
      await app.close();
    }
  });
});
