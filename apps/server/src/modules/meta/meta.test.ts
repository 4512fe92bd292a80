import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/pg-cluster';
import { buildTestApp, makePerson, requestSmsCode } from '../../test/helpers';

// Liveness (GET /api/health, SANDBOX.md) and readiness (GET /api/ready, for a load balancer), and what a
// request meets once the database is gone (issue 17 items 2 and 3). The fault test (src/faults.test.ts)
// kills and freezes a real PostgreSQL; this closes the database under the app, on whichever database the
// suite runs on.

let app: FastifyInstance | undefined;
afterEach(async () => {
  // The database may have been closed by the test already: the app's own close then has less to do.
  await app?.close().catch(() => {});
  app = undefined;
});

describe('liveness and readiness', () => {
  it('GET /api/health is 200 {"status":"ok"} as SANDBOX.md says; GET /api/ready asks the database and says ready', async () => {
    app = await buildTestApp();
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect(ready.headers['cache-control']).toBe('no-store');
    // Documented for whoever sets up the load balancer.
    const paths = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths;
    // (and the AppError 4XX every operation carries, platform/openapi.ts)
    expect(Object.keys(paths['/api/ready'].get.responses)).toEqual(['200', '503', '4XX']);
  });

  it('with the database gone: requests answer 503 with Retry-After in the platform’s words, readiness 503, liveness still 200', async () => {
    app = await buildTestApp();
    const person = makePerson();
    await requestSmsCode(app, person.mobile);
    await app.database.close();

    const res = await app.inject({ method: 'POST', url: '/api/sms-codes', payload: { mobile: person.mobile, purpose: 'register' } });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ code: 'server/unavailable', message: '系统暂时无法处理您的请求，请稍后重试' });
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ code: 'server/unavailable', status: 'unavailable', checks: { database: 'unavailable' } });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
  });

  it('asks Redis too when REDIS_URL is set: 503 naming it while it does not answer', async () => {
    // A port nobody listens on: Redis down.
    app = await buildTestApp({ redisUrl: `redis://127.0.0.1:${await freePort()}`, readyTimeoutMs: 500 });
    const started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode, ready.body).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', redis: 'unavailable' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
