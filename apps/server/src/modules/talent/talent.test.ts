import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, staffCookies } from '../../test/helpers';

// 高端会计人才培养项目 (issue 26): the 财政部 keeps one page per project year; everybody reads it.

let app: FastifyInstance;
let mof: Record<string, string>;
let sdAdmin: Record<string, string>;
let lixia: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  mof = await staffCookies(app, 'mof_admin');
  sdAdmin = await staffCookies(app, 'sd_admin');
  lixia = await staffCookies(app, 'lx_reviewer');
});
afterAll(() => app.close());

const page = {
  title: '2025年度全国高端会计人才培养项目',
  intro: '全国高端会计人才培养项目是财政部实施的会计人才培养工程。',
  notices: [
    { title: '关于2025年度选拔考试的通知', date: '2025-03-01', body: '报名时间为3月10日至3月31日。' },
    { title: '关于公布入选名单的通知', date: '2025-06-18', body: '经选拔，现将入选名单予以公布。' },
  ],
};
const save = (cookies: Record<string, string>, year: number, body: unknown) => app.inject({ method: 'PUT', url: `/api/console/talent/years/${year}`, cookies, payload: body as object });

describe('高端会计人才培养项目', () => {
  it('the 财政部 saves a year; everybody reads it, notices newest first; others are refused and nothing changes', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/talent/years/2025' })).statusCode).toBe(404);
    const blank = (await app.inject({ method: 'GET', url: '/api/console/talent/years/2025', cookies: mof })).json();
    expect(blank).toMatchObject({ exists: false, notices: [] });
    const saved = await save(mof, 2025, page);
    expect(saved.statusCode, saved.body).toBe(200);
    const read = (await app.inject({ method: 'GET', url: '/api/talent/years/2025' })).json();
    expect(read.title).toBe(page.title);
    expect(read.notices.map((n: { title: string }) => n.title)).toEqual(['关于公布入选名单的通知', '关于2025年度选拔考试的通知']);
    expect((await app.inject({ method: 'GET', url: '/api/talent/years' })).json().items).toEqual([{ year: 2025, title: page.title }]);

    for (const cookies of [sdAdmin, lixia]) {
      expect((await save(cookies, 2025, { ...page, title: '改' })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/console/talent/years/2025', cookies })).statusCode).toBe(403);
    }
    expect((await save({}, 2025, page)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/talent/years/2025' })).json().title).toBe(page.title);
  });

  it('bad input and bad years: Chinese messages, nothing saved; sixteen saves at once leave one page', async () => {
    const bad = await save(mof, 2026, { title: '', intro: '', notices: [{ title: '', date: '2026-13-01', body: '' }] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/请填写标题|通知日期格式不正确/);
    expect((await save(mof, 1900, page)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/talent/years/abc' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/talent/years/2026' })).statusCode).toBe(404);
    const burst = await Promise.all(Array.from({ length: 16 }, () => save(mof, 2027, { ...page, title: '2027年度全国高端会计人才培养项目' })));
    expect(burst.every((r) => r.statusCode === 200)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/talent/years' })).json().items.filter((i: { year: number }) => i.year === 2027)).toHaveLength(1);
  });
});
