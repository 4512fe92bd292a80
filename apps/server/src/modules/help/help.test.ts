import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { FAQ_TOPICS, FAQS, faqsOfTopic, GUIDE } from './content';

describe('help center', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('files every question under exactly one topic, 登录注册 first', () => {
    const topicsOf = (category: string) => FAQ_TOPICS.filter((t) => t.categories.includes(category));
    for (const faq of FAQS) expect(topicsOf(faq.category).map((t) => t.id), faq.id).toHaveLength(1);
    expect(FAQ_TOPICS.flatMap(faqsOfTopic).map((f) => f.id).sort()).toEqual(FAQS.map((f) => f.id).sort());
    for (const topic of FAQ_TOPICS) expect(faqsOfTopic(topic).length, topic.id).toBeGreaterThan(0);
    expect(new Set(FAQ_TOPICS.map((t) => t.id)).size).toBe(FAQ_TOPICS.length);
    expect(FAQ_TOPICS[0]).toMatchObject({ id: 'account', title: '登录注册', categories: ['注册', '登录', '找回密码'] });
  });

  it('a first visit gets the topics and the 登录注册 questions alone, with an ETag and 304 when unchanged', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/help/faqs' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { topics: Array<{ id: string; title: string; count: number }>; topic: string; items: Array<{ category: string }> };
    expect(body.topics).toEqual(FAQ_TOPICS.map((t) => ({ id: t.id, title: t.title, count: faqsOfTopic(t).length })));
    expect(body.topics.reduce((n, t) => n + t.count, 0)).toBe(FAQS.length);
    expect(body.topic).toBe('account');
    expect(new Set(body.items.map((i) => i.category))).toEqual(new Set(['注册', '登录', '找回密码']));
    // What a first visit costs: a fraction of the whole list.
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(JSON.stringify({ items: FAQS })) / 4);
    const again = await app.inject({ method: 'GET', url: '/api/help/faqs', headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('answers the precomputed first view and each topic byte for byte, as JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/help/faqs' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    const topics = FAQ_TOPICS.map((t) => ({ id: t.id, title: t.title, count: faqsOfTopic(t).length }));
    expect(res.body).toBe(JSON.stringify({ topics, topic: 'account', items: faqsOfTopic(FAQ_TOPICS[0]!) }));
    for (const topic of FAQ_TOPICS) {
      const one = await app.inject({ method: 'GET', url: `/api/help/faqs/topics/${topic.id}` });
      expect(one.statusCode, topic.id).toBe(200);
      expect(one.body).toBe(JSON.stringify({ items: faqsOfTopic(topic) }));
      expect(one.headers['cache-control']).toBe('public, max-age=300');
      const again = await app.inject({ method: 'GET', url: `/api/help/faqs/topics/${topic.id}`, headers: { 'if-none-match': one.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    }
    const exam = (await app.inject({ method: 'GET', url: '/api/help/faqs/topics/exam' })).json().items as Array<{ category: string }>;
    expect(new Set(exam.map((i) => i.category))).toEqual(new Set(['会计专业技术资格考试']));
    const unknown = await app.inject({ method: 'GET', url: '/api/help/faqs/topics/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'help/topic_not_found', message: '该问题分类不存在' });
    const tooLong = await app.inject({ method: 'GET', url: `/api/help/faqs/topics/${'x'.repeat(33)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'validation/failed', fields: { topic: '不能超过32个字符' } });
  });

  it('searches questions and answers; every term must match', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent('验证码 3分钟')}` });
    const items = res.json().items as Array<{ question: string; answer: string }>;
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(`${i.question}${i.answer}`).toMatch(/验证码/);
    // Every topic is searched, not only the one a first visit shows.
    const certificate = (await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent('电子证书')}` })).json().items as Array<{ category: string }>;
    expect(certificate.map((i) => i.category)).toContain('考试成绩');
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
    for (const path of ['/api/help/faqs', '/api/help/faqs/topics/exam', '/api/help/guide']) {
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
      const res = await fetch(`${address}/api/help/faqs/topics/employer`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding === 'identity' ? null : encoding);
      // fetch decodes br and gzip: the JSON must come out byte for byte.
      expect(await res.text()).toBe(JSON.stringify({ items: faqsOfTopic(FAQ_TOPICS.find((t) => t.id === 'employer')!) }));
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
