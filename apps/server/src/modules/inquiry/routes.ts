import { ZInquiryRecord, ZVerifyAnswer } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import type { InquiryService } from './service';

/** RFC 6266: an ASCII fallback name, and the Chinese one for every browser that reads filename*. */
const attachment = (filename: string) => `attachment; filename="record.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const inquiryRoutes: FastifyPluginAsyncZod<{ inquiry: InquiryService; sessions: SessionService }> = async (app, { inquiry, sessions }) => {
  const tags = ['inquiry'];
  // The person's own record only: the session says whose, no id is ever taken from the request.
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;

  app.get('/api/inquiry', { schema: { tags, summary: '信息查询：本人审核通过的会计人员信息', response: { 200: ZInquiryRecord } } }, async (req, reply) => {
    reply.header('cache-control', 'private, no-store');
    return inquiry.record(await me(req));
  });

  app.get('/api/inquiry/record.pdf', { schema: { tags, summary: '打印 / 下载会计人员信息表（PDF）' } }, async (req, reply) => {
    const { bytes, filename, code } = await inquiry.pdf(await me(req));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-verification-code', code)
      .send(Buffer.from(bytes));
  });

  // Public: anyone holding a printed 信息表 checks its code; the answer shows only the masked name and the time.
  app.get(
    '/api/verify/:code',
    {
      schema: {
        tags,
        summary: '核验打印文件的验证码（公开）',
        params: z.object({ code: z.string().max(40, '验证码格式不正确') }),
        response: { 200: ZVerifyAnswer },
      },
    },
    async (req) => inquiry.verify(req.params.code),
  );
};
