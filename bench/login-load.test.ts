import { createRequire } from 'node:module';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginLoad, PASSWORD, type SolvedCaptcha } from './login-load';

// The login load sends its requests built before the run (session 20); the server must receive the same bytes
// as when autocannon built each one while the load ran, from the same setupRequest as before.
const buildRequest = createRequire(import.meta.url)('autocannon/lib/httpRequestBuilder.js') as (
  defaults: Record<string, unknown>,
) => (req: Record<string, unknown>, context: object) => Buffer;

let server: net.Server;
let base = '';
let received: string[] = [];

beforeAll(async () => {
  // Raw bytes, cut into requests by their Content-Length; each answered 200 at once.
  server = net.createServer((socket) => {
    let pending = '';
    socket.on('error', () => {}); // autocannon cuts its connections when the time is up
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/\r\nContent-Length: (\d+)\r\n/i.exec(pending.slice(0, end + 2))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        received.push(pending.slice(0, end + 4 + length));
        pending = pending.slice(end + 4 + length);
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('login load', () => {
  it('sends each login as autocannon built it from the former setupRequest: the accounts and captchas in turn, each captcha once', async () => {
    received = [];
    const mobiles = ['13800000001', '13800000002', '13800000003'];
    const captchas: SolvedCaptcha[] = Array.from({ length: 100_000 }, (_, i) => ({ captchaId: `c-${i}-验`, captchaAnswer: `a${i}` }));
    const r = await loginLoad(base, mobiles, captchas, 4, 1);
    expect(r['2xx']).toBeGreaterThan(50);
    expect(received.length).toBeGreaterThanOrEqual(r['2xx']);
    expect(received.length).toBeLessThan(captchas.length);

    // The former client's requests (login-load.ts before session 20), built by autocannon's own builder.
    const url = new URL(base);
    const build = buildRequest({ hostname: url.hostname, port: url.port });
    const before = (i: number) =>
      build(
        {
          method: 'POST',
          path: '/api/session',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: object) => ({ ...req, body: JSON.stringify({ identifier: mobiles[i % mobiles.length], password: PASSWORD, ...captchas[i] }) }),
        },
        {},
      ).toString('latin1');
    expect([...received].sort()).toEqual(received.map((_, i) => before(i)).sort());
  }, 30_000);
});
