import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import type { ManualVerificationService } from './manual';
import type { IdentityService } from './service';

const ZManualStatus = z.object({
  status: z.enum(['pending', 'passed', 'failed']),
  authorityName: z.string(),
  opinion: z.string().nullable(),
  submittedAt: z.date(),
});

const ZStatus = z.object({
  verified: z.boolean(),
  method: z.enum(['alipay', 'manual']).nullable(),
  idType: z.string(),
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  alipaySupported: z.boolean(),
  /** The latest 线上实名认证 attempt, null when there was none. */
  manual: ZManualStatus.nullable(),
});

const required = (message: string, max: number) => z.string({ message }).trim().min(1, message).max(max, message);
const ZManualRequest = z.object(
  {
    provinceId: required('请选择所在省', 12),
    cityId: required('请选择所在市', 12),
    frontFileId: required('请上传证件人像面照片', 64),
    backFileId: required('请上传证件国徽面照片', 64),
    handheldFileId: required('请上传手持证件人像面照片', 64),
  },
  { message: '请求内容格式不正确' },
);

export const identityRoutes: FastifyPluginAsyncZod<{ identity: IdentityService; manual: ManualVerificationService; sessions: SessionService }> = async (
  app,
  { identity, manual, sessions },
) => {
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

  app.post(
    '/api/identity/manual',
    {
      schema: {
        tags: ['identity'],
        summary: '线上实名认证：提交三张证件照片与所在省市，由所在市会计管理部门审核',
        body: ZManualRequest,
        response: { 201: ZManualStatus },
      },
    },
    async (req, reply) => {
      const me = await sessions.require(req, 'accountant');
      return reply.status(201).send(await manual.submit(me.id, req.body));
    },
  );
};
