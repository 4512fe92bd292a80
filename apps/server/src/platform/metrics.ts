import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What operators watch (issue 23, docs/operations.md "Metrics"), in Prometheus's text format through the
 * maintained client prom-client. One registry per platform instance (tests build several in one process).
 *
 * - `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route,status}`: rate,
 *   latency histogram and status codes per route (the route's template, `/api/exams/:examId`, never the URL: ids
 *   would make a series per person, and URLs may carry personal data);
 * - Node's own (prom-client's defaults): `nodejs_eventloop_lag_*` (event-loop delay, p50/p90/p99), heap, GC, handles;
 * - `ausm_password_hasher_*`: threads hashing, callers queued, places taken of the maximum (decision 0002);
 * - `ausm_db_pool_*` (PostgreSQL: connections open, idle, requests waiting for one) and `ausm_db_errors_total`;
 * - `ausm_review_queue_items{authority,kind,status}`: open review items per authority (read at scrape time);
 * - `ausm_provider_errors_total{provider,operation}`: failed calls to SMS, Alipay, WeChat, 学信网, the qualification
 *   registry (and payments when they arrive: wrap them with `countFailures`).
 *
 * Not public: GET /metrics answers only a request that carries `Authorization: Bearer <METRICS_TOKEN>`;
 * without METRICS_TOKEN it is not served at all (404). The reverse proxy does not pass /metrics either
 * (deploy/nginx.conf): Prometheus scrapes each node directly on its own address.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly providerErrors: Counter<'provider' | 'operation'>;
  private readonly dbErrors: Counter<'kind'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request\'s arrival to its answer, by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.providerErrors = new Counter({ name: 'ausm_provider_errors_total', help: 'Failed calls to an outside service (SMS, Alipay, WeChat, 学信网, qualification registry)', labelNames: ['provider', 'operation'], registers: [this.registry] });
    this.dbErrors = new Counter({ name: 'ausm_db_errors_total', help: 'Database connections lost, and requests answered 503 because the database did not answer', labelNames: ['kind'], registers: [this.registry] });
  }

  /** Times every request by its route template. */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      // Unmatched URLs (404s, scanners) share one series instead of one per URL.
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode === 503) this.dbErrors.inc({ kind: 'unavailable_answer' });
    });
  }

  databaseError(kind: 'connection_lost'): void {
    this.dbErrors.inc({ kind });
  }

  /** A gauge read when Prometheus scrapes (a queue length, a pool's connections). */
  gauge<L extends string>(name: string, help: string, labelNames: L[], read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void> | void): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await read((labels, value) => this.set(labels, value));
      },
    });
  }

  /**
   * The same service, with every failed call (a rejected promise or a throw) counted under its provider and
   * method. Answers are untouched: the caller sees the failure exactly as before.
   */
  countFailures<T extends object>(provider: string, service: T): T {
    const errors = this.providerErrors;
    return new Proxy(service, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          try {
            const result = value.apply(target, args);
            if (result instanceof Promise) return result.catch((err: unknown) => (errors.inc({ provider, operation: prop }), Promise.reject(err)));
            return result;
          } catch (err) {
            errors.inc({ provider, operation: prop });
            throw err;
          }
        };
      },
    });
  }

  /** GET /metrics behind the token (or not at all without one). */
  route(app: FastifyInstance, token: string | undefined): void {
    if (!token) return;
    const expected = Buffer.from(`Bearer ${token}`);
    app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.status(401).header('www-authenticate', 'Bearer').send({ code: 'auth/required', message: '需要监控令牌' });
      }
      return reply.header('content-type', this.registry.contentType).header('cache-control', 'no-store').send(await this.registry.metrics());
    });
  }
}
