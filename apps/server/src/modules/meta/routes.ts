import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';

export const metaRoutes: FastifyPluginAsyncZod<{ mode: 'sandbox' | 'production'; clock: Clock }> = async (app, { mode, clock }) => {
  // SANDBOX.md: also outside sandbox mode. Deliberately touches nothing: the bench's bare baseline.
  app.get('/api/health', { schema: { tags: ['meta'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/api/meta',
    { schema: { tags: ['meta'], summary: '运行模式与平台时间', response: { 200: z.object({ mode: z.enum(['sandbox', 'production']), now: z.date() }) } } },
    async () => ({ mode, now: clock.now() }),
  );
};
