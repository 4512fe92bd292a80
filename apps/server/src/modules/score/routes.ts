import { EXAM_LEVEL_CODES, EXAM_YEAR_MAX, EXAM_YEAR_MIN } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { RequireStaff } from '../staff';
import type { CertificateService } from './certificates';
import type { ScoreService } from './service';

const ZLevel = z.enum(EXAM_LEVEL_CODES, { message: '请选择考试级别' });
const ZImport = z.object(
  {
    year: z.number({ message: '请输入考试年度' }).int('考试年度不正确').min(EXAM_YEAR_MIN, '考试年度不正确').max(EXAM_YEAR_MAX, '考试年度不正确'),
    level: ZLevel,
    // 20 000 lines of about 45 characters.
    csv: z.string({ message: '请选择成绩文件' }).min(1, '请选择成绩文件').max(1_500_000, '成绩文件过大，请分批导入'),
  },
  { message: '请求内容格式不正确' },
);
const ZStanding = z.object({
  level: ZLevel,
  levelLabel: z.string(),
  qualified: z.boolean(),
  qualifiedYear: z.number().nullable(),
  valid: z.array(z.object({ subject: z.string(), subjectLabel: z.string(), year: z.number() })),
  remaining: z.array(z.object({ subject: z.string(), subjectLabel: z.string() })),
  validUntil: z.number().nullable(),
  text: z.string(),
});
const ZQuery = z.object({
  results: z.array(
    z.object({ year: z.number(), level: ZLevel, levelLabel: z.string(), subject: z.string(), subjectLabel: z.string(), score: z.number(), passLine: z.number(), passed: z.boolean() }),
  ),
  standings: z.array(ZStanding),
  certificates: z.array(
    z.object({
      id: z.string(),
      level: z.enum(['junior', 'intermediate']),
      levelLabel: z.string(),
      title: z.string(),
      certificateNo: z.string(),
      examYear: z.number(),
      obtainedAt: z.string(),
      revoked: z.boolean(),
      revokedAt: z.string().nullable(),
    }),
  ),
});
const ZCertificateAdmin = z.object({
  id: z.string(),
  levelLabel: z.string(),
  qualification: z.string(),
  certificateNo: z.string(),
  examYear: z.number(),
  obtainedAt: z.string(),
  idNumberMasked: z.string(),
  recorded: z.boolean(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
const ZId = z.object({ id: z.string().max(64) });

/** The score ledger: the 财政部 administrator's import, and 成绩查询 for the candidate (the session is the person). */
export const scoreRoutes: FastifyPluginAsyncZod<{ scores: ScoreService; certificates: CertificateService; sessions: SessionService; requireStaff: RequireStaff }> = async (
  app,
  { scores, certificates, sessions, requireStaff },
) => {
  const tags = ['score'];
  app.get('/api/scores', { schema: { tags, summary: '成绩查询：本人各科成绩与成绩有效期', response: { 200: ZQuery } } }, async (req, reply) => {
    reply.header('cache-control', 'private, no-store');
    return scores.mine((await sessions.require(req, 'accountant')).id);
  });
  app.post(
    '/api/console/scores/import',
    { schema: { tags, summary: '导入考试成绩（CSV：证件号码,科目,成绩,合格线）；任一行有误则不导入', body: ZImport, response: { 200: z.object({ imported: z.number() }) } } },
    async (req) => scores.import(await requireStaff(req), req.body, originOf(req)),
  );

  // 电子证书: the holder's own PDF, with a QR code to the public check.
  app.get('/api/scores/certificates/:id/pdf', { schema: { tags, summary: '下载电子证书（PDF）', params: ZId } }, async (req, reply) => {
    const { bytes, filename, code } = await certificates.pdf((await sessions.require(req, 'accountant')).id, req.params.id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-verification-code', code)
      .send(Buffer.from(bytes));
  });

  // Public: the certificate's QR code leads here; masked name, level, number, date and state, nothing else.
  app.get(
    '/api/verify/certificate/:code',
    {
      schema: {
        tags,
        summary: '资格证书核验（公开）',
        params: z.object({ code: z.string().max(40, '验证码格式不正确') }),
        response: {
          200: z.object({
            title: z.string(),
            holderMasked: z.string(),
            levelLabel: z.string(),
            qualification: z.string(),
            certificateNo: z.string(),
            obtainedAt: z.string(),
            status: z.enum(['valid', 'revoked']),
            statusLabel: z.string(),
            revokedAt: z.string().nullable(),
          }),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return certificates.verify(req.params.code);
    },
  );

  // ---- console: 财政部 administrators ----
  app.get(
    '/api/console/certificates',
    {
      schema: {
        tags,
        summary: '资格证书查询（按证书编号）',
        querystring: z.object({ certificateNo: z.string({ message: '请输入证书编号' }).trim().min(1, '请输入证书编号').max(40, '证书编号不正确') }),
        response: { 200: ZCertificateAdmin },
      },
    },
    async (req) => certificates.find(await requireStaff(req), req.query.certificateNo),
  );
  app.post(
    '/api/console/certificates/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销资格证书（须填写撤销原因）',
        params: ZId,
        body: z.object({ reason: z.string({ message: '请填写撤销原因' }).trim().min(2, '请填写撤销原因（至少2个字）').max(200, '撤销原因不能超过200字') }, { message: '请求内容格式不正确' }),
        response: { 200: ZCertificateAdmin },
      },
    },
    async (req) => certificates.revoke(await requireStaff(req), req.params.id, req.body.reason, originOf(req)),
  );
};
