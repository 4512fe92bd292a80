import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paced, quantile } from './paced';

let server: http.Server;
let base = '';
let arrivals: number[] = [];
let posted: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    arrivals.push(performance.now());
    if (req.url === '/silent') return; // never answers
    if (req.url === '/login') {
      // A login: the even ones get in, the odd ones are refused at once.
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posted.push(`${req.method} ${req.headers['content-type']} ${body}`);
        res.statusCode = JSON.parse(body).i % 2 === 0 ? 200 : 429;
        res.end('{}');
      });
      return;
    }
    if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{');
      return void setTimeout(() => res.socket?.destroy(), 5);
    }
    res.statusCode = req.url === '/unavailable' ? 503 : 200;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('paced load', () => {
  it('sends its requests evenly through the second, not as a burst at its start', async () => {
    arrivals = [];
    const r = await paced(`${base}/ok`, { rate: 100, seconds: 1, warmupSeconds: 0.5, connections: 4 });
    // The warm-up's 50 requests reach the server but are not counted.
    expect(arrivals).toHaveLength(150);
    expect(r.latenciesMs).toHaveLength(100);
    expect(r.failed).toBe(0);
    expect(r.intervalMs).toBe(10);
    // A quarter of the counted second gets about a quarter of its requests (autocannon's overallRate
    // would send all 100 in the first few milliseconds).
    const counted = arrivals.slice(50);
    const from = counted[0]!;
    const perQuarter = [0, 1, 2, 3].map((q) => counted.filter((t) => t - from >= q * 250 && t - from < (q + 1) * 250).length);
    for (const n of perQuarter) expect(n).toBeGreaterThanOrEqual(15);
    for (const n of perQuarter) expect(n).toBeLessThanOrEqual(35);
    expect(r.latenciesMs).toEqual([...r.latenciesMs].sort((a, b) => a - b));
  });

  it('counts answers other than 2xx as failed, not as latencies', async () => {
    const r = await paced(`${base}/unavailable`, { rate: 50, seconds: 0.4, connections: 2 });
    expect(r.latenciesMs).toHaveLength(0);
    expect(r.failed).toBe(20);
    expect(r.statuses).toEqual({ '503': 20 });
    expect(r.refusedLatenciesMs).toHaveLength(20);
  });

  it('posts each request a body of its own, and counts the answers by status', async () => {
    posted = [];
    const r = await paced(`${base}/login`, { rate: 100, seconds: 0.2, warmupSeconds: 0.1, connections: 4, body: (i) => JSON.stringify({ i }) });
    expect(posted.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `POST application/json {"i":${i}}`).sort());
    // Counted: the 20 after the warm-up's 10, half of them refused.
    expect(r.statuses).toEqual({ '200': 10, '429': 10 });
    expect(r.latenciesMs).toHaveLength(10);
    expect(r.refusedLatenciesMs).toHaveLength(10);
  });

  it('counts a refused connection as failed and still finishes', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await paced(`http://127.0.0.1:${port}/`, { rate: 20, seconds: 0.5, connections: 2 });
    expect(r).toMatchObject({ latenciesMs: [], failed: 10, statuses: { none: 10 } });
  });

  it('counts an answer cut off midway as failed', async () => {
    const r = await paced(`${base}/cut`, { rate: 20, seconds: 0.5, connections: 2 });
    expect(r).toMatchObject({ latenciesMs: [], failed: 10 });
  });

  it('counts a request with no answer as failed once its timeout passes, and still finishes', async () => {
    const r = await paced(`${base}/silent`, { rate: 20, seconds: 0.2, connections: 4, timeoutMs: 200 });
    expect(r).toMatchObject({ latenciesMs: [], failed: 4 });
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([], 0.99)).toBe(0);
  });
});
