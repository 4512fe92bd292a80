import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { brotliDecompressSync } from 'node:zlib';
import { ACCOUNT_RULES, captchaDataUrl, EARLY_CAPTCHA_ID, EARLY_CAPTCHA_SVG } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/helpers';

// The portal's built files: the web build writes .br and .gz beside each (apps/web/vite.config.ts),
// and the server sends the one a browser asks for.
describe('serving the built portal', () => {
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('会计'.repeat(1000))});`;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'ausm-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>全国会计人员统一服务管理平台</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), script);
    writeFileSync(join(dist, 'assets', 'app.js.br'), brotliCompressSync(script));
    writeFileSync(join(dist, 'assets', 'app.js.gz'), gzipSync(script));
    for (const ext of ['', '.br', '.gz']) writeFileSync(join(dist, 'assets', `index-CJj3Mymb.js${ext}`), readFileSync(join(dist, 'assets', `app.js${ext}`)));
    // The first pages' own copies (apps/web/vite.config.ts, FIRST_PAGES).
    mkdirSync(join(dist, 'pages', 'help'), { recursive: true });
    writeFileSync(join(dist, 'pages', 'index.html'), '<!doctype html><title>首页</title><link rel="modulepreload" href="/assets/HomePage-x.js">');
    writeFileSync(join(dist, 'pages', 'login.html'), '<!doctype html><title>登录</title><link rel="modulepreload" href="/assets/LoginPage-x.js">');
    writeFileSync(
      join(dist, 'pages', 'password-reset.html'),
      `<!doctype html><title>找回密码</title><div id="app"><button><img src="${captchaDataUrl(EARLY_CAPTCHA_SVG)}" data-captcha-id="${EARLY_CAPTCHA_ID}" alt="图形验证码" class="captcha__img"></button></div>`,
    );
    writeFileSync(join(dist, 'pages', 'help', 'qa.html'), '<!doctype html><title>咨询答疑</title><link rel="modulepreload" href="/assets/QaPage-x.js">');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await buildTestApp({ webDist: dist });
  });
  afterAll(() => app.close());

  it('sends the precompressed file to a browser that asks, the plain one otherwise', async () => {
    const br = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload).toEqual(brotliCompressSync(script));
    const gzip = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('lets a browser keep a hashed asset for a year; the page itself and unhashed files are asked again', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const hashed = await app.inject({ method: 'GET', url: '/assets/index-CJj3Mymb.js', headers: { 'accept-encoding': encoding } });
      expect(hashed.statusCode).toBe(200);
      expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const page = await app.inject({ method: 'GET', url: '/register' });
    expect(page.headers['cache-control']).toBe('no-cache');
    const unhashed = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(unhashed.headers['cache-control']).toBe('public, max-age=3600');
    const favicon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(favicon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers a page of the portal with index.html, and an unknown API path with 404', async () => {
    const page = await app.inject({ method: 'GET', url: '/collection/education' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('全国会计人员统一服务管理平台');
    expect(page.body).not.toContain('modulepreload');
    const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().message).toBe('请求的资源不存在');
  });

  it("answers a first page (home, 登录, 咨询答疑) with its own copy, which asks for the page's chunk at once", async () => {
    for (const [url, chunk] of [
      ['/', 'HomePage-x.js'],
      ['/login', 'LoginPage-x.js'],
      ['/login?redirect=%2Fcollection', 'LoginPage-x.js'],
      ['/help/qa', 'QaPage-x.js'],
    ] as const) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.body, url).toContain(`href="/assets/${chunk}"`);
    }
    // A path that only starts like one gets the plain index.html.
    const other = await app.inject({ method: 'GET', url: '/login/wechat' });
    expect(other.body).toContain('全国会计人员统一服务管理平台');
  });

  it('puts a captcha issued for the visit into a first page with a captcha image, and never lets it be stored', async () => {
    const ids = new Set<string>();
    for (const encoding of ['br', 'identity']) {
      const page = await app.inject({ method: 'GET', url: '/password-reset', headers: { 'accept-encoding': encoding }, remoteAddress: '10.9.0.1' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const html = encoding === 'br' ? brotliDecompressSync(page.rawPayload).toString() : page.body;
      expect(html).not.toContain(EARLY_CAPTCHA_ID);
      expect(html).not.toContain(EARLY_CAPTCHA_SVG);
      const id = /data-captcha-id="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(html).toContain('src="data:image/svg+xml;charset=utf-8,%3Csvg');
      // The sandbox's answer of exactly this captcha: it is a real one, issued for this visit.
      const answer = await app.inject({ method: 'GET', url: `/api/sandbox/captcha/${id}` });
      expect(answer.statusCode).toBe(200);
      ids.add(id);
    }
    expect(ids.size).toBe(2);
    // An address over its captchas a minute still gets the page, its image empty (the page's scripts say why).
    for (let i = 0; i < ACCOUNT_RULES.captchasPerIpPerMinute; i++) await app.inject({ method: 'GET', url: '/api/captcha', remoteAddress: '10.9.0.2' });
    const refused = await app.inject({ method: 'GET', url: '/password-reset', remoteAddress: '10.9.0.2' });
    expect(refused.statusCode).toBe(200);
    expect(refused.body).not.toContain('data-captcha-id');
    expect(refused.body).not.toContain(EARLY_CAPTCHA_SVG);
  });
});
