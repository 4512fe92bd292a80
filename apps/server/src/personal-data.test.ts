import { maskIdNumber, maskName } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from './test/collection';
import { buildTestApp, staffCookies, type TestPerson } from './test/helpers';

/**
 * Personal data leaves the server masked (张**, 110*****1234) unless the page needs it whole.
 * An accountant with every part of 信息采集 submitted; then every GET route of the OpenAPI document
 * (the sandbox's aside: it shows what the simulated services saw) is read by the accountant and by
 * reviewers, and no answer may carry the full ID number, its birth-date digits, the mobile or the
 * name. The one page that needs them whole is the review detail of an in-scope reviewer, who checks
 * the person against the certificate (seed 002 审核). Since issue 18 the review queue also shows an in-scope
 * reviewer the whole name (two 张** must be told apart); its ID number stays masked there.
 */

let app: FastifyInstance;
let person: TestPerson;
let accountant: Record<string, string>;
let reviewItemIds: string[];

beforeAll(async () => {
  app = await buildTestApp();
  ({ person, cookies: accountant } = await verifiedAccountant(app, { realName: '张三' }));
  const put = (url: string, payload: object) => app.inject({ method: 'PUT', url, cookies: accountant, payload });
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, cookies: accountant, payload });
  expect((await put('/api/collection/scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put('/api/collection/basic', await basicInfo(app, accountant))).statusCode).toBe(200);
  expect((await post('/api/collection/education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  expect((await post('/api/collection/work', await workRecord(app, accountant))).statusCode).toBe(201);
  expect((await put('/api/collection/authority', JINAN_LIXIA)).statusCode).toBe(200);
  expect((await post('/api/collection/submit', { promise: true })).statusCode).toBe(200);
  const queue = await app.inject({ method: 'GET', url: '/api/console/review-items?pageSize=100', cookies: await staffCookies(app, 'lx_reviewer') });
  reviewItemIds = (queue.json().items as Array<{ id: string }>).map((i) => i.id);
  expect(reviewItemIds.length).toBeGreaterThan(0);
}, 120_000);

afterAll(() => app?.close());

const plainGetRoutes = () =>
  Object.entries((app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
    .filter(([path, ops]) => 'get' in ops && !path.includes('{') && !path.startsWith('/api/sandbox'))
    .map(([path]) => path);

function whole(): Record<string, string> {
  return { 'ID number': person.idNumber, 'birth-date digits': person.idNumber.slice(6, 14), mobile: person.mobile, name: person.realName };
}

async function leaks(url: string, cookies: Record<string, string>, nameAllowed = false): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url, cookies });
  return Object.entries(whole())
    .filter(([what, value]) => !(nameAllowed && what === 'name') && res.body.includes(value))
    .map(([what]) => `${url} (${res.statusCode}) carries the ${what}`);
}

describe('personal data is masked on the way out', () => {
  it('no GET route shows the accountant, or any reviewer, the whole ID number, mobile or name', async () => {
    const readers = { accountant, county: await staffCookies(app, 'lx_reviewer'), province: await staffCookies(app, 'sd_admin'), elsewhere: await staffCookies(app, 'bj_reviewer') };
    const found: string[] = [];
    const routes = [...plainGetRoutes(), '/api/console/review-items?pageSize=100', '/api/my/review-items', '/api/console/review-history'];
    expect(routes.length).toBeGreaterThan(15);
    for (const [who, cookies] of Object.entries(readers)) {
      // The queue of an in-scope reviewer names the person whole (issue 18); nobody else's answer does.
      const inScope = who === 'county' || who === 'province';
      for (const url of routes) found.push(...(await leaks(url, cookies, inScope && url.startsWith('/api/console/review-items'))).map((l) => `${who}: ${l}`));
    }
    expect(found).toEqual([]);
  });

  it('the masked forms are there instead', async () => {
    const state = (await app.inject({ method: 'GET', url: '/api/collection', cookies: accountant })).json();
    expect(state.readonly.maskedName).toBe(maskName(person.realName));
    expect(state.readonly.maskedIdNumber).toBe(maskIdNumber(person.idNumber));
    const session = (await app.inject({ method: 'GET', url: '/api/session', cookies: accountant })).json();
    expect(JSON.stringify(session)).not.toContain(person.mobile);
  });

  it('the review detail shows them whole to an in-scope reviewer only', async () => {
    const inScope = await staffCookies(app, 'lx_reviewer');
    const outOfScope = await staffCookies(app, 'bj_reviewer');
    const details = await Promise.all(reviewItemIds.map((id) => app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: inScope })));
    expect(details.some((d) => d.statusCode === 200 && d.body.includes(person.idNumber))).toBe(true);
    for (const id of reviewItemIds) {
      const res = await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: outOfScope });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(person.idNumber);
      expect(await leaks(`/api/console/review-items/${id}`, accountant)).toEqual([]);
    }
  });
});
