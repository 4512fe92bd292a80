import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './platform/auth';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from './test/collection';
import { count } from 'drizzle-orm';
import { accounts } from './modules/account/tables';
import { advanceClock, buildTestApp, login, makePerson, PASSWORD, randomIp, registerAccount, requestSmsCode, solveCaptcha, staffCookies } from './test/helpers';

/**
 * Every route of the OpenAPI document, asked with bad input by every kind of caller: no session,
 * an accountant, a staff member. Whatever arrives, the answer is never a 5xx, an error is a JSON
 * body with a Chinese `message`, and nothing of the server's inside (a stack, an SQL text) leaks.
 */

type Operation = { method: string; path: string; hasBody: boolean; query: string[]; bodyProps: string[] };

/** Values of every wrong kind for one field. */
const BAD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  '',
  ' ',
  'x'.repeat(5000),
  '𠀀𪚥', // outside the BMP
  '\u0000',
  'a\ud800b', // a lone surrogate
  "' or 1=1 --",
  '../../etc/passwd',
  '2026-02-30',
  '99999999999999999999',
  {},
  [],
  [null],
  { $ne: null },
];

/** Path parameters that are not any record's id. */
const BAD_PARAMS = ['0', '-1', 'x', '99999999999999999999', 'a'.repeat(300), '00000000-0000-0000-0000-000000000000', "'", '%E4%B8%AD', '%00'];

/** Whole bodies of the wrong shape. */
const BAD_BODIES: Array<{ payload?: string; contentType?: string }> = [
  {},
  { payload: '{}' },
  { payload: '[]' },
  { payload: 'null' },
  { payload: '"text"' },
  { payload: '12' },
  { payload: '{"a":' },
  { payload: '{}', contentType: 'text/plain' },
  { payload: '<x/>', contentType: 'application/xml' },
];

const CHINESE = /[\u4e00-\u9fff]/;
const LEAKS = /\bat .+:\d+:\d+|stack|node_modules|syntax error at|relation ".*"|violates .* constraint|TypeError|ReferenceError/i;

let app: FastifyInstance;
let operations: Operation[];
let callers: Array<{ name: string; cookies: Record<string, string> }>;

beforeAll(async () => {
  app = await buildTestApp();
  const spec = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      hasBody: Boolean(op.requestBody),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      bodyProps: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
    })),
  );
  callers = [
    { name: 'nobody', cookies: {} },
    { name: 'accountant', cookies: (await verifiedAccountant(app)).cookies },
    { name: 'staff', cookies: await staffCookies(app, 'sd_admin') },
  ];
}, 120_000);

afterAll(async () => {
  await app?.close();
});

type OpenApiOperation = {
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  parameters?: Array<{ in: string; name: string }>;
};

/** Fills `{name}` segments of an OpenAPI path. */
const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

async function expectClearAnswer(label: string, options: InjectOptions) {
  const res = await app.inject({ remoteAddress: randomIp(), ...options });
  const where = `${label}: ${options.method} ${options.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], where).toMatch(/application\/json/);
    const body = res.json() as { code?: unknown; message?: unknown };
    expect(typeof body.code, where).toBe('string');
    expect(String(body.message), where).toMatch(CHINESE);
  }
  expect(res.body, where).not.toMatch(LEAKS);
  return res;
}

describe('bad input on every route', () => {
  it('the OpenAPI document lists the routes this test walks', () => {
    // A floor, so that a broken document cannot make the test below walk nothing.
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.some((op) => op.method === 'POST' && op.path === '/api/accounts')).toBe(true);
  });

  it('path parameters that name no record', async () => {
    for (const op of operations.filter((o) => o.path.includes('{'))) {
      for (const caller of callers) {
        for (const param of BAD_PARAMS) {
          await expectClearAnswer(caller.name, {
            method: op.method as InjectOptions['method'],
            url: fill(op.path, param),
            cookies: caller.cookies,
            ...(op.hasBody ? { payload: {} } : {}),
          });
        }
      }
    }
  }, 120_000);

  it('query strings of every wrong kind', async () => {
    for (const op of operations.filter((o) => o.query.length > 0)) {
      for (const caller of callers) {
        for (const name of op.query) {
          for (const value of BAD_VALUES) {
            const text = typeof value === 'string' ? value : JSON.stringify(value);
            const url = `${fill(op.path, 'x')}?${new URLSearchParams({ [name]: text })}`;
            await expectClearAnswer(caller.name, { method: op.method as InjectOptions['method'], url, cookies: caller.cookies });
          }
          // The same parameter twice arrives as an array.
          await expectClearAnswer(caller.name, { method: op.method as InjectOptions['method'], url: `${fill(op.path, 'x')}?${name}=1&${name}=2`, cookies: caller.cookies });
        }
      }
    }
  }, 120_000);

  it('bodies of the wrong shape, and each field of the wrong kind', async () => {
    for (const op of operations.filter((o) => o.hasBody)) {
      const url = fill(op.path, '1');
      for (const caller of callers) {
        for (const body of BAD_BODIES) {
          await expectClearAnswer(caller.name, {
            method: op.method as InjectOptions['method'],
            url,
            cookies: caller.cookies,
            ...(body.payload === undefined ? {} : { payload: body.payload, headers: { 'content-type': body.contentType ?? 'application/json' } }),
          });
        }
        for (const prop of op.bodyProps) {
          for (const value of BAD_VALUES) {
            await expectClearAnswer(caller.name, { method: op.method as InjectOptions['method'], url, cookies: caller.cookies, payload: { [prop]: value } });
          }
        }
      }
    }
  }, 300_000);

  it('a forged or garbled session cookie is no session, not an error', async () => {
    for (const value of ['x', 'a'.repeat(4000), '%', '\u00ff', 's:abc.def']) {
      for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{') && !o.path.startsWith('/api/sandbox'))) {
        await expectClearAnswer('forged cookie', { method: 'GET', url: op.path, headers: { cookie: `${SESSION_COOKIE}=${value}` } });
      }
    }
  }, 120_000);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a body, leaves and inner nodes alike, as a path of keys. */
function places(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  const inner =
    Array.isArray(value) ? value.flatMap((v, i) => places(v, [...path, i])) : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => places(v, [...path, k])) : [];
  return path.length ? [path, ...inner] : inner;
}

/** A copy of `body` with the value at `path` replaced. */
function replaced(body: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy as Json;
}

describe('a valid form with one field wrong', () => {
  // Each write of the accountant's 信息采集 and of the console, from a body the server takes, with
  // one place at a time given a value of every wrong kind. A refusal must change nothing the
  // person can see; an acceptance is fine (some wrong-looking values are allowed, '' for an
  // optional field say), and then the next comparison starts from there.
  it('信息采集: 基本信息, 学历, 工作经历, 管理机构', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    expect((await app.inject({ method: 'PUT', url: '/api/collection/scope', cookies, payload: { scope: 'accountant' } })).statusCode).toBe(200);
    const forms: Array<{ method: 'PUT' | 'POST'; url: string; body: Json }> = [
      { method: 'PUT', url: '/api/collection/basic', body: (await basicInfo(app, cookies)) as Json },
      { method: 'POST', url: '/api/collection/education', body: ZHANGSAN_BACHELOR as Json },
      { method: 'POST', url: '/api/collection/work', body: (await workRecord(app, cookies)) as Json },
      { method: 'PUT', url: '/api/collection/authority', body: JINAN_LIXIA as Json },
    ];
    const state = async () => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();
    let checked = 0;
    for (const form of forms) {
      const valid = await app.inject({ method: form.method, url: form.url, cookies, payload: form.body as object });
      expect(valid.statusCode, valid.body).toBeLessThan(300);
      for (const path of places(form.body)) {
        for (const value of BAD_VALUES) {
          const before = await state();
          const options: InjectOptions = { method: form.method, url: form.url, cookies, payload: replaced(form.body, path, value) as object };
          const res = await expectClearAnswer(`${form.url} ${path.join('.')}=${JSON.stringify(value)?.slice(0, 20)}`, options);
          if (res.statusCode >= 400) expect(await state(), `${form.url} ${path.join('.')} refused, yet changed the record`).toEqual(before);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  }, 300_000);

  it('注册, 找回密码, 登录', async () => {
    const accountRows = async () => (await app.database.db.select({ n: count() }).from(accounts))[0]!.n;
    // 注册: a new person and a new code for each try, since a refusal may burn the code.
    for (const key of ['idType', 'idNumber', 'realName', 'password', 'confirmPassword', 'mobile', 'smsCode']) {
      for (const value of BAD_VALUES) {
        const person = makePerson();
        const body = { ...person, confirmPassword: person.password, smsCode: await requestSmsCode(app, person.mobile) };
        const before = await accountRows();
        const res = await expectClearAnswer(`注册 ${key}=${JSON.stringify(value)?.slice(0, 20)}`, { method: 'POST', url: '/api/accounts', payload: { ...body, [key]: value } });
        if (res.statusCode >= 400) expect(await accountRows(), `注册 refused on ${key}, yet wrote an account`).toBe(before);
      }
    }
    // 找回密码: every try with one field wrong is refused.
    const { person } = await registerAccount(app);
    for (const key of ['idNumber', 'realName', 'password', 'confirmPassword', 'mobile', 'smsCode']) {
      for (const value of BAD_VALUES) {
        await advanceClock(app, 361_000); // one code per mobile per 3 minutes, 10 of a purpose an hour
        const smsCode = await requestSmsCode(app, person.mobile, 'password_reset');
        const body = { idNumber: person.idNumber, realName: person.realName, password: 'New@Pass99', confirmPassword: 'New@Pass99', mobile: person.mobile, smsCode };
        const res = await expectClearAnswer(`找回密码 ${key}=${JSON.stringify(value)?.slice(0, 20)}`, { method: 'POST', url: '/api/password-resets', payload: { ...body, [key]: value } });
        expect(res.statusCode, `找回密码 took ${key}=${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
      }
    }
    // 登录: every field of a solved captcha's form.
    for (const key of ['identifier', 'password', 'captchaId', 'captchaAnswer']) {
      for (const value of BAD_VALUES) {
        const body = { identifier: person.mobile, password: PASSWORD, ...(await solveCaptcha(app)) };
        const res = await expectClearAnswer(`登录 ${key}=${JSON.stringify(value)?.slice(0, 20)}`, { method: 'POST', url: '/api/session', payload: { ...body, [key]: value } });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
      }
    }
    // None of it changed the password.
    await advanceClock(app, 3_600_000); // past any lockout the wrong logins caused
    expect((await login(app, person.idNumber, PASSWORD)).statusCode).toBe(200);
  }, 300_000);

  it('console: 新增人员', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    let serial = 0;
    const body = (): Json => ({ username: `fz_${serial++}`, realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password: 'Qd@123456' });
    const list = async () => (await app.inject({ method: 'GET', url: '/api/console/staff?pageSize=100', cookies: admin })).json();
    for (const path of places(body())) {
      for (const value of BAD_VALUES) {
        const before = await list();
        const options: InjectOptions = { method: 'POST', url: '/api/console/staff', cookies: admin, payload: replaced(body(), path, value) as object };
        const res = await expectClearAnswer(`staff ${path.join('.')}=${JSON.stringify(value)?.slice(0, 20)}`, options);
        if (res.statusCode >= 400) expect(await list()).toEqual(before);
      }
    }
  }, 300_000);
});
