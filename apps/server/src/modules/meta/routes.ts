import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { UNAVAILABLE, UNAVAILABLE_RETRY_AFTER_S } from '../../platform/http';

/** A dependency readiness asks: its name and one cheap call that resolves when it serves. */
export type ReadinessCheck = { name: 'database' | 'redis'; ping: () => Promise<void> };

const ZCheckState = z.enum(['ok', 'unavailable']);

export const metaRoutes: FastifyPluginAsyncZod<{ mode: 'sandbox' | 'production'; clock: Clock; readiness: ReadinessCheck[]; readyTimeoutMs: number }> = async (
  app,
  { mode, clock, readiness, readyTimeoutMs },
) => {
  // SANDBOX.md: also outside sandbox mode. Deliberately touches nothing: the bench's bare baseline, and
  // liveness: the process answers (restart it if not), whatever the database does.
  app.get('/api/health', { schema: { tags: ['meta'], summary: '存活检查：进程在应答', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  // Readiness, for a load balancer: send this process traffic only while what it serves from answers.
  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['meta'],
        summary: '就绪检查：数据库（及配置了 REDIS_URL 时的 Redis）在时限内应答',
        description: `Liveness is GET /api/health. This asks PostgreSQL (and Redis when REDIS_URL is set) one trivial query each, at most READY_TIMEOUT_MS (${readyTimeoutMs} ms); 503 with Retry-After while any does not answer.`,
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), ZCheckState) }),
          503: z.object({ code: z.string(), message: z.string(), status: z.literal('unavailable'), checks: z.record(z.string(), ZCheckState) }),
        },
      },
    },
    async (_req, reply) => {
      const results = await Promise.all(readiness.map(async (c) => [c.name, (await answersWithin(c.ping, readyTimeoutMs)) ? 'ok' : 'unavailable'] as const));
      const checks = Object.fromEntries(results);
      reply.header('cache-control', 'no-store');
      if (results.every(([, state]) => state === 'ok')) return { status: 'ready' as const, checks };
      return reply
        .status(503)
        .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
        .send({ ...UNAVAILABLE, status: 'unavailable' as const, checks });
    },
  );

  app.get(
    '/api/meta',
    { schema: { tags: ['meta'], summary: '运行模式与平台时间', response: { 200: z.object({ mode: z.enum(['sandbox', 'production']), now: z.date() }) } } },
    async () => ({ mode, now: clock.now() }),
  );
};

/** True when ping resolves within ms; a late answer or a failure is false (and never an unhandled rejection). */
function answersWithin(ping: () => Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ping().then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(false)),
    );
  });
}
