import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService, SessionSubject, SubjectKind } from './auth';
import type { Clock } from './clock';
import { AppError } from './errors';
import { ZErrorBody } from './http';

/** How long an unused session has left, by the server's clock (the pages warn two minutes before it ends). */
export const ZSessionExpiry = z.object({ expiresInMs: z.number().int().min(0) });

export const expiresInMs = (subject: { expiresAt: Date }, clock: Clock) => Math.max(0, subject.expiresAt.getTime() - clock.now().getTime());

/**
 * WCAG 2.2.1 (适老化: no time limit a person cannot extend), the same for the portal's people, the console's staff
 * and the units: `GET {base}/expiry` says how long is left without prolonging the session, and `POST
 * {base}/extend` (继续使用 in the warning) extends it by the full idle time. `stillValid`: what else the session's
 * subject must be (a staff member not disabled meanwhile); 401 when not.
 */
export function sessionClockRoutes(
  app: FastifyInstance,
  o: {
    base: string;
    kind: SubjectKind;
    sessions: SessionService;
    clock: Clock;
    tags: string[];
    /** Whose session it is, where the tag does not say (the summaries name it). */
    who?: string;
    stillValid?: (subject: SessionSubject) => Promise<boolean>;
  },
): void {
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const response = { 200: ZSessionExpiry, 401: ZErrorBody };
  const answer = async (subject: SessionSubject) => {
    if (o.stillValid && !(await o.stillValid(subject))) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    return { expiresInMs: expiresInMs(subject, o.clock) };
  };
  zapp.get(`${o.base}/expiry`, { schema: { tags: o.tags, summary: `${o.who ? `${o.who}：` : ''}登录剩余有效时间（不延长登录）`, response } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return answer(await o.sessions.require(req, o.kind, 'peek'));
  });
  zapp.post(`${o.base}/extend`, { schema: { tags: o.tags, summary: `${o.who ? `${o.who}：` : ''}继续使用，延长登录`, response } }, async (req) =>
    answer(await o.sessions.require(req, o.kind, 'extend')),
  );
}
