import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, PASSWORD, registerAccount, sessionCookie, staffCookies } from '../test/helpers';
import { multipart } from '../test/uploads';
import { makeJpeg } from './uploads/test-files';

// Issue 17 item 15: a page of another site could make a logged-in person's browser claim a review
// item, upload a file or withdraw a submission (SameSite=Lax was the only guard). Every state-changing
// request now has its Origin / Sec-Fetch-Site checked, and every answer carries the security headers.

const HOST = 'kj.example.cn';
const EVIL = { host: HOST, origin: 'http://evil.example' };
const CROSS_FETCH = { host: HOST, 'sec-fetch-site': 'cross-site' };
const SAME = { host: HOST, origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' };

let app: FastifyInstance;
let person: { mobile: string };
let accountant: Record<string, string>;
let reviewer: Record<string, string>;

/** A 沙箱演示事项 of the accountant, at 历下区: pending, for a reviewer there to claim or the person to withdraw. */
async function fileItem(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: person.mobile, authorityId: '370102' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const itemStatus = async (id: string) => (await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: reviewer })).json().item.status as string;
const myFiles = async () => (await app.inject({ method: 'GET', url: '/api/my/review-items', cookies: accountant })).json();

const photo = () => multipart([{ name: 'file', filename: 'photo.jpg', contentType: 'image/jpeg', data: makeJpeg({ width: 640, height: 400, size: 14_000 }) }]);

beforeAll(async () => {
  app = await buildTestApp({ allowedOrigins: ['https://www.kj.example.cn'] });
  const registered = await registerAccount(app);
  person = registered.person;
  accountant = sessionCookie(await login(app, person.mobile, PASSWORD));
  reviewer = await staffCookies(app, 'lx_reviewer');
});
afterAll(() => app.close());

function expectCrossSiteRefusal(res: { statusCode: number; json: () => unknown; body: string }, where = '') {
  expect(res.statusCode, `${where} ${res.body}`).toBe(403);
  expect(res.json(), where).toEqual({ code: 'request/cross_site', message: '请求来源不是本平台的页面，已拒绝。请在本平台页面中操作' });
}

describe('cross-site requests are refused', () => {
  it('a claim of a review item from another site changes nothing', async () => {
    const id = await fileItem();
    for (const headers of [EVIL, CROSS_FETCH, { host: HOST, origin: 'null' }, { host: HOST, origin: `https://${HOST}.evil.example` }, { host: HOST, 'sec-fetch-site': 'same-site' }]) {
      expectCrossSiteRefusal(await app.inject({ method: 'POST', url: `/api/console/review-items/${id}/claim`, cookies: reviewer, headers }), JSON.stringify(headers));
    }
    expect(await itemStatus(id)).toBe('pending');
    const same = await app.inject({ method: 'POST', url: `/api/console/review-items/${id}/claim`, cookies: reviewer, headers: SAME });
    expect(same.statusCode, same.body).toBe(200);
    expect(await itemStatus(id)).toBe('in_review');
  });

  it('an upload from another site is refused before its body is read, and stores nothing', async () => {
    for (const headers of [EVIL, CROSS_FETCH]) {
      const body = photo();
      const res = await app.inject({ method: 'POST', url: '/api/files?purpose=realname_photo', cookies: accountant, payload: body.payload, headers: { ...body.headers, ...headers } });
      expectCrossSiteRefusal(res);
    }
    const body = photo();
    const ok = await app.inject({ method: 'POST', url: '/api/files?purpose=realname_photo', cookies: accountant, payload: body.payload, headers: { ...body.headers, ...SAME } });
    expect(ok.statusCode, ok.body).toBe(201);
    // The only file of the account is the same-origin one: its id is the one answered.
    const own = await app.inject({ method: 'GET', url: `/api/files/${ok.json().id}`, cookies: accountant });
    expect(own.statusCode).toBe(200);
  });

  it('a withdrawal from another site leaves the submission pending', async () => {
    const id = await fileItem();
    for (const headers of [EVIL, CROSS_FETCH]) {
      expectCrossSiteRefusal(await app.inject({ method: 'POST', url: `/api/my/review-items/${id}/withdraw`, cookies: accountant, headers }));
    }
    expect((await myFiles()).items.find((i: { id: string }) => i.id === id).status).toBe('pending');
    const same = await app.inject({ method: 'POST', url: `/api/my/review-items/${id}/withdraw`, cookies: accountant, headers: SAME });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('every state-changing route of the OpenAPI document refuses another site, with or without a session', async () => {
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .map((m) => m.toUpperCase())
        .filter((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m))
        .map((method) => ({ method, url: path.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000') })),
    );
    expect(writes.length).toBeGreaterThan(35);
    for (const op of writes) {
      for (const cookies of [{}, accountant, reviewer]) {
        for (const headers of [EVIL, CROSS_FETCH]) {
          const res = await app.inject({ method: op.method as InjectOptions['method'], url: op.url, cookies, headers, payload: {} });
          expectCrossSiteRefusal(res, `${op.method} ${op.url} ${JSON.stringify(headers)}`);
        }
      }
    }
  });

  it('allows the same origin, PUBLIC_BASE_URL, and requests without either header (programs, not browsers)', async () => {
    const logout = (headers: Record<string, string>) => app.inject({ method: 'DELETE', url: '/api/session', headers });
    // No session to end: 204 either way, what matters is that the guard let it through.
    const allowed: Array<Record<string, string>> = [
      SAME,
      { host: HOST, origin: `http://${HOST}` }, // the same host seen through a TLS-terminating proxy
      { host: 'internal:3000', origin: 'https://www.kj.example.cn', 'sec-fetch-site': 'same-origin' },
      { host: 'internal:3000', origin: 'https://www.kj.example.cn', 'sec-fetch-site': 'same-site' }, // the portal on a sibling host named by PUBLIC_BASE_URL
      { host: HOST, 'sec-fetch-site': 'same-origin' },
      { host: HOST, 'sec-fetch-site': 'none' },
      { host: HOST },
    ];
    for (const headers of allowed) {
      expect((await logout(headers)).statusCode, JSON.stringify(headers)).toBe(204);
    }
    // Reading is never refused: a link from another site may open a page.
    expect((await app.inject({ method: 'GET', url: '/api/meta', headers: EVIL })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  const csp = (res: { headers: Record<string, unknown> }) =>
    Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name, values]),
    ) as Record<string, string[]>;

  it('every answer carries a CSP without inline script, frame-ancestors none, a referrer policy and nosniff; no HSTS over the sandbox http', async () => {
    for (const url of ['/api/meta', '/api/nothing-here', '/api/docs', '/api/docs/static/swagger-ui-bundle.js', '/api/collection']) {
      const res = await app.inject({ method: 'GET', url });
      const policy = csp(res);
      expect(policy['script-src'], url).toEqual(["'self'"]);
      // Swagger UI alone writes <style> elements (its own need); everything else: style sheets of 'self' only.
      expect(policy['style-src'], url).toEqual(url.startsWith('/api/docs') ? ["'self'", "'unsafe-inline'"] : ["'self'"]);
      expect(policy['script-src-attr'], url).toEqual(["'none'"]);
      expect(policy['default-src'], url).toEqual(["'self'"]);
      expect(policy['frame-ancestors'], url).toEqual(["'none'"]);
      expect(policy['object-src'], url).toEqual(["'none'"]);
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('Swagger UI at /api/docs loads its scripts from its own static files, none inline', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src="/);
      expect(inline!.trim()).toBe('');
    }
    expect((await app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200);
  });

  it('the printable proof template\u2019s one <style> element is allowed by its hash, on that page only', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/collection/templates/work-proof', cookies: accountant });
    expect(res.statusCode).toBe(200);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    expect(csp(res)['style-src']).toEqual(["'self'", hash]);
    expect(csp(res)['script-src']).toEqual(["'self'"]);
    expect(csp(await app.inject({ method: 'GET', url: '/api/meta' }))['style-src']).toEqual(["'self'"]);
  });

  it('in production, HSTS and upgrade-insecure-requests as well', async () => {
    const prod = await buildTestApp({ mode: 'production' });
    try {
      const res = await prod.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(csp(res)['upgrade-insecure-requests']).toEqual([]);
      expect(csp(res)['script-src']).toEqual(["'self'"]);
    } finally {
      await prod.close();
    }
  });
});
