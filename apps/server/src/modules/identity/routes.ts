import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import type { IdentityService } from './service';

const ZStatus = z.object({
  verified: z.boolean(),
  method: z.enum(['alipay', 'manual']).nullable(),
  idType: z.string(),
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  alipaySupported: z.boolean(),
});

export const identityRoutes: FastifyPluginAsyncZod<{ identity: IdentityService; sessions: SessionService }> = async (app, { identity, sessions }) => {
  app.get('/api/identity', { schema: { tags: ['identity'], summary: '实名认证状态', response: { 200: ZStatus } } }, async (req) => {
    const me = await sessions.require(req, 'accountant');
    return identity.status(me.id);
  });

  app.patch(
    '/api/identity/real-name',
    { schema: { tags: ['identity'], summary: '认证前修改真实姓名', body: z.object({ realName: z.string().max(200, '输入内容过长') }), response: { 200: ZStatus } } },
    async (req) => {
      const me = await sessions.require(req, 'accountant');
      return identity.updateRealName(me.id, req.body.realName);
    },
  );

  app.post(
    '/api/identity/alipay',
    { schema: { tags: ['identity'], summary: '发起支付宝实名认证', response: { 200: z.object({ certifyId: z.string(), qrContent: z.string() }) } } },
    async (req) => {
      const me = await sessions.require(req, 'accountant');
      return identity.startAlipay(me.id);
    },
  );

  app.get(
    '/api/identity/alipay/:certifyId',
    {
      schema: {
        tags: ['identity'],
        summary: '支付宝实名认证结果',
        params: z.object({ certifyId: z.string().max(64) }),
        response: { 200: z.object({ state: z.enum(['pending', 'passed', 'failed']), message: z.string().nullable() }) },
      },
    },
    async (req) => {
      const me = await sessions.require(req, 'accountant');
      return identity.pollAlipay(me.id, req.params.certifyId);
    },
  );
};
