import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, randomIp, registerAccount } from '../test/helpers';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** Prometheus's text format → the value of one series (name and labels as written there), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

describe('GET /metrics', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ metricsToken: TOKEN });
  });
  afterAll(async () => {
    await app?.close();
  });

  const scrape = async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body;
  };

  it('is refused without the token, or with another', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toMatch(/http_requests_total/);
    }
  });

  it('counts requests per route template, with latency and status, never per URL', async () => {
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.inject({ method: 'GET', url: '/api/authorities/370102/chain' });
    await app.inject({ method: 'GET', url: '/api/no-such-thing/13800000000' });
    const text = await scrape();
    expect(sample(text, 'http_requests_total{method="GET",route="/api/health",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('route="/api/authorities/:id/chain"');
    // (In labels: a sample's value may hold the same digits by chance.)
    expect(text).not.toMatch(/="[^"]*370102/);
    // An unmatched URL is one series, and the mobile in it never reaches the metrics.
    expect(text).toContain('route="unmatched",status="404"');
    expect(text).not.toMatch(/="[^"]*13800000000/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/health",status="200"\} \d+/);
  });

  it('reports the event loop, the password hasher, review queues per authority and provider failures', async () => {
    // A registration: one password hash; then a demo review item at 历下区 for that person.
    const { person } = await registerAccount(app);
    const filed = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: person.mobile, authorityId: '370102' } });
    expect(filed.statusCode, filed.body).toBe(201);
    // The sandbox gateway's unreachable number fails as a carrier refusal would.
    await app.inject({ method: 'POST', url: '/api/sms-codes', payload: { mobile: '13900000000', purpose: 'register' }, remoteAddress: randomIp() });
    const text = await scrape();
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'ausm_password_hasher_places{state="max"}')).toBeGreaterThan(0);
    expect(sample(text, 'ausm_password_hasher_queued')).toBe(0);
    expect(sample(text, 'ausm_enrollment_queue_waiting')).toBe(0);
    expect(sample(text, 'ausm_review_queue_items{authority="370102",kind="sandbox_demo",status="pending"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ausm_provider_errors_total{provider="sms",operation="send"}')).toBeGreaterThanOrEqual(1);
    // The PostgreSQL pool (TEST_DATABASE_URL runs); PGlite has none.
    if (process.env.TEST_DATABASE_URL) {
      expect(sample(text, 'ausm_db_pool_connections{state="max"}')).toBe(10);
      expect(sample(text, 'ausm_db_pool_connections{state="open"}')).toBeGreaterThanOrEqual(1);
    } else expect(text).not.toContain('ausm_db_pool_connections');
  });

  it('is not served at all without METRICS_TOKEN', async () => {
    const plain = await buildTestApp();
    try {
      expect((await plain.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
