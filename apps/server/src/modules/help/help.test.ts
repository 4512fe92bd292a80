import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { FAQS, GUIDE } from './content';

describe('help center', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('lists the common questions with an ETag and answers 304 when unchanged', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/help/faqs' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(10);
    const again = await app.inject({ method: 'GET', url: '/api/help/faqs', headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('answers the precomputed list byte for byte: every question, in order, as JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/help/faqs' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.body).toBe(JSON.stringify({ items: FAQS }));
  });

  it('searches questions and answers; every term must match', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent('验证码 3分钟')}` });
    const items = res.json().items as Array<{ question: string; answer: string }>;
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(`${i.question}${i.answer}`).toMatch(/验证码/);
    const none = await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent('不存在的问题xyz')}` });
    expect(none.json().items).toEqual([]);
    const tooLong = await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${'a'.repeat(51)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().message).toBe('搜索内容过长');
    const blank = await app.inject({ method: 'GET', url: '/api/help/faqs/search?q=%20' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toBe('请输入搜索内容');
    const missing = await app.inject({ method: 'GET', url: '/api/help/faqs/search' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe('请输入搜索内容');
  });

  it('finds a question asked in other words: Chinese runs match by most of their character pairs, best first', async () => {
    const search = async (q: string) =>
      ((await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent(q)}` })).json().items as Array<{ question: string }>).map((i) => i.question);
    const found = await search('短信收不到');
    expect(found[0]).toMatch(/收不到.*短信|短信.*收不到/);
    expect(await search('收不到短信 xyz')).toEqual([]);
    for (const asked of ['收不到短信!', '忘记密码了怎么办?', '“忘记密码”怎么办？']) expect((await search(asked)).length, asked).toBeGreaterThan(0);
    expect(await search('天气预报怎么样')).toEqual([]);
  });

  it('serves the operation guide', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/help/guide' });
    expect(res.json().sections.map((s: { title: string }) => s.title)).toContain('1. 会计人员注册');
  });

  it('sends br or gzip to a browser that asks, the same JSON, one weak ETag for all', async () => {
    for (const path of ['/api/help/faqs', '/api/help/guide']) {
      const plain = await app.inject({ method: 'GET', url: path });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('accept-encoding');
      expect(plain.headers.etag).toMatch(/^W\/"/);
      const br = await app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-length']).toBe(String(br.rawPayload.length));
      expect(br.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300', vary: 'accept-encoding' });
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      const gzip = await app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'gzip, br;q=0' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
      expect(gzip.headers.etag).toBe(plain.headers.etag);
      const none = await app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'identity' } });
      expect(none.body).toBe(plain.body);
      // If-None-Match compares weakly and may list several tags.
      const strong = (plain.headers.etag as string).slice(2);
      for (const tag of [plain.headers.etag as string, strong, `"other", ${strong}`, '*']) {
        expect((await app.inject({ method: 'GET', url: path, headers: { 'if-none-match': tag } })).statusCode).toBe(304);
      }
      expect((await app.inject({ method: 'GET', url: path, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/api/help/guide' })).json()).toEqual({ sections: GUIDE });
  });

  it('writes the prepared bytes exactly over a real socket, and HEAD gets the headers alone', async () => {
    // The 200s are written straight to Node's response (platform/fixed-json.ts): check them on the wire.
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await fetch(`${address}/api/help/faqs`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding === 'identity' ? null : encoding);
      // fetch decodes br and gzip: the JSON must come out byte for byte.
      expect(await res.text()).toBe(JSON.stringify({ items: FAQS }));
    }
    const head = await fetch(`${address}/api/help/guide`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/accounts', '/api/session', '/api/sms-codes', '/api/password-resets']));
  });
});
