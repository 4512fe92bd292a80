/**
 * An open-loop, evenly paced load: one request every 1000 / rate ms, as visitors who do not wait for
 * one another arrive, each timed from the moment it is sent to the last byte of its answer.
 *
 * Not autocannon's `overallRate`: that gives each connection a budget per second and lets it spend the
 * budget back to back (lib/httpClient.js resets `reqsMadeThisSecond` once a second), so "200 req/s on
 * 4 connections" is four closed loops of 50 requests in the first ~50 ms of every second, then nothing.
 * Its latencies are those of a burst queueing on itself, not of a page asked for at 200 req/s.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type PacedResult = {
  /** Answers with a 2xx status, in ms, sorted. */
  latenciesMs: number[];
  /** Requests that failed, timed out or answered other than 2xx. */
  failed: number;
  /** Complete answers other than 2xx, in ms, sorted: what a refusal costs its client. */
  refusedLatenciesMs: number[];
  /** Counted requests by the status of their answer ('none': no complete answer). */
  statuses: Record<string, number>;
  /** How late the most delayed request left this process against its schedule, in ms. */
  maxSendLagMs: number;
  /** The interval between two requests, in ms. */
  intervalMs: number;
};

/**
 * `seconds` of paced requests after `warmupSeconds` of the same pace that are not counted (they open
 * the connections: a first request waits for its TCP handshake).
 */
export function paced(
  url: string,
  opts: {
    rate: number;
    seconds: number;
    warmupSeconds?: number;
    connections: number;
    headers?: Record<string, string>;
    timeoutMs?: number;
    /** A POST with this body for the i-th request (logins, each with its own captcha); a GET without. */
    body?: (i: number) => string;
    /** Headers of the i-th request besides `headers` (a candidate's own session cookie). */
    headersFor?: (i: number) => Record<string, string>;
  },
): Promise<PacedResult> {
  const target = new URL(url);
  // A request with no answer after this long counts as failed, so a stalled server ends the run.
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const intervalMs = 1000 / opts.rate;
  const uncounted = Math.round(opts.rate * (opts.warmupSeconds ?? 0));
  const total = uncounted + Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  const refusedLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failed = 0;
  let maxSendLagMs = 0;
  let sent = 0;
  let settled = 0;

  return new Promise((resolve) => {
    const finish = () => {
      if (++settled < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      refusedLatencies.sort((a, b) => a - b);
      resolve({ latenciesMs: latencies, failed, refusedLatenciesMs: refusedLatencies, statuses, maxSendLagMs, intervalMs });
    };
    const send = (counted: boolean, i: number) => {
      const start = performance.now();
      // Exactly one outcome per request, whichever way it ends: an answer, an error, a connection cut
      // mid-answer, or no answer within the timeout.
      let over = false;
      const settle = (latencyMs: number | null, status?: number) => {
        if (over) return;
        over = true;
        if (counted) {
          const ok = latencyMs !== null && status !== undefined && status >= 200 && status < 300;
          const key = latencyMs !== null && status !== undefined ? String(status) : 'none';
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (ok) latencies.push(latencyMs);
          else failed++;
          if (!ok && latencyMs !== null) refusedLatencies.push(latencyMs);
        }
        finish();
      };
      const body = opts.body?.(i);
      const own = { ...opts.headers, ...opts.headersFor?.(i) };
      const headers = body === undefined ? own : { ...own, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: body === undefined ? 'GET' : 'POST', agent, headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => settle(performance.now() - start, res.statusCode));
        res.on('error', () => settle(null));
        res.on('close', () => settle(null));
      });
      // From the sending, not from the socket's assignment: a request still waiting for a free connection is
      // waiting for the server too.
      const timer = setTimeout(() => req.destroy(new Error('no answer in time')), timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', () => settle(null));
      req.on('close', () => settle(null));
      req.end(body);
    };
    const t0 = performance.now();
    // One timer for the schedule: each time it fires, send what is due, then sleep until the next one.
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) {
        const counted = sent >= uncounted;
        if (counted) maxSendLagMs = Math.max(maxSendLagMs, now - (t0 + sent * intervalMs));
        send(counted, sent);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * intervalMs - performance.now()));
    };
    tick();
  });
}

/** The q-quantile of sorted values (nearest rank). */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
