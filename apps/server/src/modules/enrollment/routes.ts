import { ZEnrollmentRequest } from '@ausm/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FULL, type AdmissionGate } from '../../platform/admission';
import { originOf, SESSION_COOKIE, type SessionService } from '../../platform/auth';
import type { EnrollmentService } from './service';

// The eligibility computation and the enrollment are documents the domain types; described loosely here.
const ZEnrollment = z.looseObject({ id: z.string(), status: z.string(), step: z.number() });
const ZStart = z.looseObject({ open: z.boolean(), blocked: z.string().nullable() });
/** How long, and for how many sessions, a node remembers whose session a token is, to place refusals cheaply. */
const KNOWN_MS = 60_000;
const KNOWN_MAX = 200_000;
/** Sessions being read by the gate at once on a node, beyond which a newcomer is asked to come back (429 `admission/busy`). */
const RESOLVING_MAX = 512;
const SIGNED_OUT = { code: 'auth/required', message: '登录已失效，请重新登录' } as const;
const BUSY = { code: 'admission/busy', message: '当前报名人数较多，正在为您排队，页面将自动刷新，请勿离开' } as const;
const QUEUED =
  'Behind the peak\'s admission control: at capacity, 429 `admission/queued` with Retry-After, `position` (1: next) and `waitSeconds`; the page asks again after Retry-After until admitted. An admitted request beyond ENROLLMENT_MAX_IN_FLIGHT waits in line for a place; none freed within ENROLLMENT_IN_FLIGHT_WAIT_MS: 429 `admission/full` with Retry-After (not read; asked again, it is taken).';

/**
 * 考生报名: the session is the candidate; nothing here takes another person's id. The steps (the start and
 * the submit) are behind the peak's admission control: at capacity, 429 with Retry-After and a place in the queue.
 */
export const enrollmentRoutes: FastifyPluginAsyncZod<{ enrollments: EnrollmentService; sessions: SessionService; admission: AdmissionGate }> = async (
  app,
  { enrollments, sessions, admission },
) => {
  const me = async (req: FastifyRequest) => (await sessions.require(req, 'accountant')).id;
  // The gate runs as the route's onRequest hook, before the body is read and validated: at a peak most requests
  // are refused, and a refusal must cost next to nothing. A request is placed in the queue by its session token's
  // claim (whose session the server issued it for, checked by its HMAC tag: no database read). A token without
  // one (issued before claims) is placed from memory when this node resolved it in the last minute, else read
  // with the others of the same moment in one statement (`SessionService.subjectOf`). The request admitted then
  // goes through the full session check (a session ended meanwhile still answers 401).
  const known = new Map<string, { accountId: string; until: number }>();
  let resolving = 0;
  const gate = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    const now = Date.now();
    // The token's own claim first (auth.ts, SessionTokens): no database read. A token issued before claims
    // existed is looked up.
    const claimed = sessions.tokens.claimOf(token, 'accountant');
    const hit = claimed || !token ? undefined : known.get(token);
    let accountId: string;
    if (claimed) accountId = claimed;
    else if (hit && hit.until > now) accountId = hit.accountId;
    else {
      // When that many reads already wait here (the database busy with admitted submits), the newcomer is
      // asked to come back at once rather than wait past any timeout: 429 with Retry-After, no place yet (it
      // has none to lose).
      if (resolving >= RESOLVING_MAX) return reply.code(429).header('retry-after', '2').send(BUSY);
      resolving++;
      let subject: string | null;
      try {
        subject = await sessions.subjectOf(token, 'accountant');
      } finally {
        resolving--;
      }
      if (!subject) return reply.code(401).send(SIGNED_OUT);
      accountId = subject;
      if (known.size >= KNOWN_MAX) known.clear();
      known.set(token!, { accountId, until: now + KNOWN_MS });
    }
    const refusal = await admission.check(accountId);
    if (refusal) return reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
    // The place is given back when the answer is written or the connection closes, also a connection that
    // closed while its request waited in line for one.
    let held = false;
    let closed = false;
    reply.raw.once('close', () => {
      closed = true;
      if (held) admission.release();
    });
    if (!(await admission.take())) return reply.code(429).header('retry-after', String(admission.retryAfterFull())).send(FULL);
    if (closed) admission.release();
    else held = true;
  };
  const admitted = me;
  const tags = ['enrollment'];

  app.get(
    '/api/enrollment/start',
    {
      onRequest: gate,
      schema: {
        tags,
        summary: '报名：报名条件、已采集的信息与本人的报名',
        description: QUEUED,
        querystring: z.object({ examId: z.string({ message: '考试不存在' }).max(64), provinceId: z.string({ message: '请选择报考省份' }).max(12) }),
        response: { 200: ZStart },
      },
    },
    async (req) => enrollments.start(await admitted(req), req.query.examId, req.query.provinceId),
  );

  app.get('/api/enrollments', { schema: { tags, summary: '我的报名', response: { 200: z.array(ZEnrollment) } } }, async (req) => enrollments.mine(await me(req)));

  app.post('/api/enrollments', { onRequest: gate, schema: { tags, summary: '提交报名（资格审核）', description: QUEUED, body: ZEnrollmentRequest, response: { 201: ZEnrollment } } }, async (req, reply) =>
    reply.status(201).send(await enrollments.submit(await admitted(req), req.body, originOf(req))),
  );

  // 重新报名 (seed 003 §6.3): allowed until payment.
  app.post(
    '/api/enrollments/:enrollmentId/cancel',
    { schema: { tags, summary: '重新报名：取消未缴费的报名', params: z.object({ enrollmentId: z.string().max(64) }), response: { 200: ZEnrollment } } },
    async (req) => enrollments.cancel(await me(req), req.params.enrollmentId, originOf(req)),
  );
};
