import { titleSchemas } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { TitleService } from './service';

const ZStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
const ZLevel = z.enum(['junior', 'intermediate', 'senior']);
const ZAccounting = z.object({
  id: z.string(),
  source: z.enum(['system', 'manual']),
  sourceLabel: z.string(),
  status: ZStatus,
  statusLabel: z.string(),
  level: ZLevel.nullable(),
  levelLabel: z.string(),
  qualificationMethod: z.enum(['exam', 'exam_review', 'recognition']).nullable(),
  qualificationMethodLabel: z.string(),
  passDate: z.string().nullable(),
  qualificationCertificateNo: z.string().nullable(),
  rank: z.enum(['assistant', 'accountant', 'senior', 'professor']),
  rankLabel: z.string(),
  titleMethod: z.enum(['exam', 'review', 'recognition']),
  titleMethodLabel: z.string(),
  titleCertificateNo: z.string(),
  authorityName: z.string(),
  proofFileId: z.string().nullable(),
  opinion: z.string().nullable(),
  openReviewItemId: z.string().nullable(),
  editable: z.boolean(),
  updatedAt: z.date(),
});
const ZOther = z.object({
  id: z.string(),
  status: ZStatus,
  statusLabel: z.string(),
  type: z.enum(['economics', 'audit', 'statistics', 'cpa', 'appraiser', 'tax_advisor']),
  typeLabel: z.string(),
  level: ZLevel.nullable(),
  levelLabel: z.string(),
  obtainedAt: z.string(),
  certificateNo: z.string(),
  authorityName: z.string(),
  proofFileId: z.string().nullable(),
  opinion: z.string().nullable(),
  openReviewItemId: z.string().nullable(),
  editable: z.boolean(),
  updatedAt: z.date(),
});
const ZState = z.object({ allowed: z.boolean(), refusal: z.string().nullable(), accounting: z.array(ZAccounting), other: z.array(ZOther) });
const ZId = z.object({ id: z.string().max(64) });

/**
 * 会计职称管理 (seed 003 §7): the person's own 会计专业技术资格 and 其他专业技术人员职业资格 (the session is
 * the person). Decisions are the review engine's routes (/api/console/review-items), withdrawal
 * /api/my/review-items/:id/withdraw.
 */
export const titleRoutes: FastifyPluginAsyncZod<{ titles: TitleService; sessions: SessionService; clock: Clock }> = async (app, { titles, sessions, clock }) => {
  const s = titleSchemas(() => clock.now());
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['title'];

  app.get('/api/titles', { schema: { tags, summary: '会计职称管理：会计专业技术资格与其他专业技术人员职业资格', response: { 200: ZState } } }, async (req) => titles.state(await me(req)));

  app.post(
    '/api/titles/fetch',
    { schema: { tags, summary: '自动获取会计专业技术资格（全国会计资格职称库）', response: { 200: z.object({ found: z.number(), message: z.string(), state: ZState }) } } },
    async (req) => titles.fetch(await me(req)),
  );

  app.post('/api/titles/accounting', { schema: { tags, summary: '新增会计专业技术资格：提交审核', body: s.ZAccountingTitleRequest, response: { 201: ZAccounting } } }, async (req, reply) =>
    reply.status(201).send(await titles.addAccounting(await me(req), req.body)),
  );

  app.put(
    '/api/titles/accounting/:id',
    { schema: { tags, summary: '编辑会计专业技术资格：重新提交审核', params: ZId, body: s.ZAccountingTitleRequest, response: { 200: ZAccounting } } },
    async (req) => titles.editAccounting(await me(req), req.params.id, req.body),
  );

  app.delete('/api/titles/accounting/:id', { schema: { tags, summary: '删除会计专业技术资格', params: ZId, response: { 204: z.null() } } }, async (req, reply) => {
    await titles.deleteAccounting(await me(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/titles/accounting/:id/print', { schema: { tags, summary: '打印会计专业技术资格（PDF，一页）', params: ZId } }, async (req, reply) => {
    const { bytes, filename, code } = await titles.print(await me(req), req.params.id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="title.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-verification-code', code)
      .send(Buffer.from(bytes));
  });

  app.post('/api/titles/other', { schema: { tags, summary: '新增其他专业技术人员职业资格：提交审核', body: s.ZOtherQualificationRequest, response: { 201: ZOther } } }, async (req, reply) =>
    reply.status(201).send(await titles.addOther(await me(req), req.body)),
  );

  app.put(
    '/api/titles/other/:id',
    { schema: { tags, summary: '编辑其他专业技术人员职业资格：重新提交审核', params: ZId, body: s.ZOtherQualificationRequest, response: { 200: ZOther } } },
    async (req) => titles.editOther(await me(req), req.params.id, req.body),
  );

  app.delete('/api/titles/other/:id', { schema: { tags, summary: '删除其他专业技术人员职业资格', params: ZId, response: { 204: z.null() } } }, async (req, reply) => {
    await titles.deleteOther(await me(req), req.params.id);
    return reply.status(204).send(null);
  });
};
