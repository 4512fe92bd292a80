import { ZEnrollmentRequest } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdmissionGate } from '../../platform/admission';
import { originOf, type SessionService } from '../../platform/auth';
import type { EnrollmentService } from './service';

// The eligibility computation and the enrollment are documents the domain types; described loosely here.
const ZEnrollment = z.looseObject({ id: z.string(), status: z.string(), step: z.number() });
const ZStart = z.looseObject({ open: z.boolean(), blocked: z.string().nullable() });
const QUEUED =
  'Behind the peak\'s admission control: at capacity, 429 `admission/queued` with Retry-After, `position` (1: next) and `waitSeconds`; the page asks again after Retry-After until admitted.';

/**
 * 考生报名: the session is the candidate; nothing here takes another person's id. The steps (the start and
 * the submit) are behind the peak's admission control: at capacity, 429 with Retry-After and a place in the queue.
 */
export const enrollmentRoutes: FastifyPluginAsyncZod<{ enrollments: EnrollmentService; sessions: SessionService; admission: AdmissionGate }> = async (
  app,
  { enrollments, sessions, admission },
) => {
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const admitted = async (req: Parameters<SessionService['require']>[0]) => {
    const id = await me(req);
    await admission.admit(id);
    return id;
  };
  const tags = ['enrollment'];

  app.get(
    '/api/enrollment/start',
    {
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

  app.post('/api/enrollments', { schema: { tags, summary: '提交报名（资格审核）', description: QUEUED, body: ZEnrollmentRequest, response: { 201: ZEnrollment } } }, async (req, reply) =>
    reply.status(201).send(await enrollments.submit(await admitted(req), req.body, originOf(req))),
  );

  // 重新报名 (seed 003 §6.3): allowed until payment.
  app.post(
    '/api/enrollments/:enrollmentId/cancel',
    { schema: { tags, summary: '重新报名：取消未缴费的报名', params: z.object({ enrollmentId: z.string().max(64) }), response: { 200: ZEnrollment } } },
    async (req) => enrollments.cancel(await me(req), req.params.enrollmentId, originOf(req)),
  );
};
