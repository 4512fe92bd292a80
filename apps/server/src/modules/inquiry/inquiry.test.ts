import { PDFDocument } from '@cantoo/pdf-lib';
import { maskIdNumber } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../../platform/pdf/pdf-text';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import { buildTestApp, setClock, staffCookies } from '../../test/helpers';

// 信息查询 (issue 18; seed 001 服务大厅 › 信息查询) and the 会计人员信息表 PDF, through the API.

let app: FastifyInstance;
let reviewer: Record<string, string>;
// Approvals at 07:30 Beijing time on 2 March, still 1 March in UTC: dates must read Beijing's.
const APPROVED_AT = '2026-03-02T07:30:00+08:00';

beforeAll(async () => {
  app = await buildTestApp();
  await setClock(app, APPROVED_AT);
  reviewer = await staffCookies(app, 'lx_reviewer');
}, 60_000);
afterAll(() => app.close());

type Cookies = Record<string, string>;
const get = (cookies: Cookies, url: string) => app.inject({ method: 'GET', url, cookies });

/** Every part of 信息采集 submitted to 历下区; `approve` has 历下区's reviewer approve each. */
async function collected(realName: string, approve: boolean) {
  const { person, cookies } = await verifiedAccountant(app, { realName });
  const put = (path: string, payload: unknown) => app.inject({ method: 'PUT', url: `/api/collection/${path}`, cookies, payload: payload as object });
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/collection/${path}`, cookies, payload: payload as object });
  expect((await put('scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put('basic', await basicInfo(app, cookies))).statusCode).toBe(200);
  expect((await post('education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  expect((await post('work', await workRecord(app, cookies))).statusCode).toBe(201);
  expect((await put('authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  if (approve) {
    for (const n of submitted.json().notices as Array<{ reviewItemId: string }>) {
      const res = await app.inject({ method: 'POST', url: `/api/console/review-items/${n.reviewItemId}/approve`, cookies: reviewer, payload: {} });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await get(cookies, '/api/collection')).json().collectionStatus).toBe('approved');
  }
  return { person, cookies };
}

describe('信息查询 before 审核通过', () => {
  it('needs an accountant session', async () => {
    expect((await get({}, '/api/inquiry')).statusCode).toBe(401);
    expect((await get({}, '/api/inquiry/record.pdf')).statusCode).toBe(401);
    expect((await get(reviewer, '/api/inquiry')).statusCode).toBe(401);
    expect((await get(reviewer, '/api/inquiry/record.pdf')).statusCode).toBe(401);
  });

  it('says in Chinese that there is nothing to show yet, with nothing collected or under review, and prints nothing', async () => {
    const nothing = await verifiedAccountant(app, { realName: '王五' });
    const pending = await collected('张三', false);
    for (const cookies of [nothing.cookies, pending.cookies]) {
      for (const url of ['/api/inquiry', '/api/inquiry/record.pdf']) {
        const res = await get(cookies, url);
        expect(res.statusCode).toBe(409);
        expect(res.headers['content-type']).toMatch(/json/);
        expect(res.json()).toMatchObject({ code: 'inquiry/not_approved', message: expect.stringContaining('尚未审核通过') });
      }
    }
  });
});

describe('信息查询 of an approved record', () => {
  let a: Awaited<ReturnType<typeof collected>>;
  let b: Awaited<ReturnType<typeof collected>>;
  beforeAll(async () => {
    a = await collected('张三', true);
    // The 学信网 sandbox knows this degree of 张三s only: B is another 张三, told apart by the ID number.
    b = await collected('张三', true);
  }, 120_000);

  it('shows every part read-only, identifiers masked, each with its last change', async () => {
    const res = await get(a.cookies, '/api/inquiry');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const record = res.json();
    const basic = Object.fromEntries(record.basic.fields.map((f: { label: string; value: string }) => [f.label, f.value]));
    expect(basic).toMatchObject({ 姓名: '张**', 有效身份证件号码: maskIdNumber(a.person.idNumber), 有效证件类型: '内地居民身份证', 邮箱: 'someone@example.com' });
    expect(basic['通讯地址']).toContain('经十路100号');
    expect(res.body).not.toContain(a.person.idNumber);
    expect(res.body).not.toContain('张三');
    // Certificate numbers are masked on the screen too.
    expect(res.body).not.toContain(ZHANGSAN_BACHELOR.diplomaNo);
    const education = Object.fromEntries(record.education.rows[0].map((f: { key: string; value: string }) => [f.key, f.value]));
    expect(education).toMatchObject({ school: '山东大学', educationLevel: '本科', major: '会计学', startDate: '2011-09-01', endDate: '2015-06-30' });
    const work = Object.fromEntries(record.work.rows[0].map((f: { key: string; value: string }) => [f.key, f.value]));
    expect(work).toMatchObject({ unitName: '济南某某会计服务有限公司', endDate: '至今' });
    expect(record.authority.name).toContain('历下区');
    for (const part of ['basic', 'education', 'work', 'authority']) {
      expect(record[part].lastChange, part).toEqual({ date: '2026-03-02', kind: '信息采集（审核通过）' });
    }
  });

  it('prints the 会计人员信息表: an attachment PDF with the whole record, the Beijing generation time and a code anyone can check', async () => {
    // A quarter of an hour later (sessions stay alive); the clock runs on from there.
    await setClock(app, '2026-03-02T07:45:00+08:00');
    const res = await get(a.cookies, '/api/inquiry/record.pdf');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toContain('no-store');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment;/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('会计人员信息表-20260302.pdf');

    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('会计人员信息表');
    const text = (await pdfPages(bytes)).join('\n');
    const code = String(res.headers['x-verification-code']);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // The printed form carries the name and ID number whole: it is the person's own document of record.
    for (const s of ['会计人员信息表', '张三', a.person.idNumber, '山东大学', '会计学', '济南某某会计服务有限公司', '历下区', '生成时间：2026-03-02 07:45:0', code, '最近变更：2026-03-02']) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain(b.person.idNumber);

    const check = await get({}, `/api/verify/${code.toLowerCase()}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({ title: '会计人员信息表', holderMasked: '张**', issuedAt: expect.stringMatching(/^2026-03-02 07:45:0\d$/) });
    expect(check.body).not.toContain(a.person.idNumber);
  });

  it('refuses an unknown or malformed code in Chinese', async () => {
    for (const code of ['ABCD-EFGH-JKMN-PQRS', 'not-a-code', '%E4%B8%AD']) {
      const res = await get({}, `/api/verify/${code}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toContain('未找到该验证码');
    }
    expect((await get({}, `/api/verify/${'A'.repeat(60)}`)).statusCode).toBe(400);
  });

  it("answers each person with their own record only, whatever the request names", async () => {
    const res = await get(b.cookies, `/api/inquiry/record.pdf?accountId=${encodeURIComponent(a.person.idNumber)}`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfPages(res.rawPayload)).join('');
    expect(text).toContain(b.person.idNumber);
    expect(text).not.toContain(a.person.idNumber);
    const screen = await get(b.cookies, '/api/inquiry');
    expect(screen.body).not.toContain(maskIdNumber(a.person.idNumber));
  });

  it('prints 16 requests at once: 16 PDFs, each with its own code that checks', async () => {
    const answers = await Promise.all(Array.from({ length: 16 }, () => get(a.cookies, '/api/inquiry/record.pdf')));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    const codes = new Set(answers.map((r) => String(r.headers['x-verification-code'])));
    expect(codes.size).toBe(16);
    for (const code of codes) expect((await get({}, `/api/verify/${code}`)).json().holderMasked).toBe('张**');
  });
});
