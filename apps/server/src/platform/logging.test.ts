import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';

/**
 * The log's shape (docs/operations.md "Logs"): one JSON object a line, the request id of the proxy carried
 * through and sent back, and personal data and secrets blanked by name wherever a log call passes them.
 */
describe('structured logs', () => {
  let app: FastifyInstance;
  const lines: Array<Record<string, any>> = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'info' }), dataDir: null, databaseUrl: undefined, webDist: null }, { logStream });
    app.get('/test/log-body', { schema: { hide: true } }, async (request) => {
      request.log.info({ body: { realName: '张三', password: 'Secret#123', idNumber: '110101199003078515', mobile: '13800000000', kept: 'visible' } }, 'a body');
      return { ok: true };
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('carries the X-Request-ID of the proxy through every line of the request, and answers with it', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/log-body', headers: { 'x-request-id': 'nginx-7f3a9c21e4' } });
    expect(res.headers['x-request-id']).toBe('nginx-7f3a9c21e4');
    const mine = lines.filter((l) => l.reqId === 'nginx-7f3a9c21e4');
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'a body', 'request completed']);
    const [incoming, body, completed] = mine;
    expect(incoming).toMatchObject({ level: 30, req: { method: 'GET', url: '/test/log-body' } });
    expect(typeof incoming!.time).toBe('number');
    expect(completed).toMatchObject({ res: { statusCode: 200 } });
    expect(typeof completed!.responseTime).toBe('number');
    expect(body!.body).toEqual({ realName: '[redacted]', password: '[redacted]', idNumber: '[redacted]', mobile: '[redacted]', kept: 'visible' });
    // The numbers as whole values: a timing such as 4.110138000000006 holds 13800000000 among its digits (CI met one).
    expect(JSON.stringify(lines)).not.toMatch(/张三|Secret#123|(?<!\d)110101199003078515(?!\d)|(?<!\d)13800000000(?!\d)/);
  });

  it('makes its own id when the header is missing or not a plain token', async () => {
    for (const header of [undefined, 'short', 'x'.repeat(200), 'evil"\n{"level":60}']) {
      const res = await app.inject({ method: 'GET', url: '/api/health', headers: header === undefined ? {} : { 'x-request-id': header } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
