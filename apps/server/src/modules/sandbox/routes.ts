import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaptchaService } from '../../platform/captcha';
import type { AdjustableClock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import type { SandboxAlipayGateway } from '../../platform/identity/alipay-sandbox';
import type { SandboxSmsGateway } from '../../platform/sms/sandbox';
import type { SandboxWechatGateway } from '../../platform/wechat/sandbox';
import { maskIdNumber, maskName } from '@ausm/domain';

type Deps = {
  clock: AdjustableClock;
  captcha: CaptchaService;
  sms: SandboxSmsGateway;
  reviews: SandboxReviewFiler;
  alipay: SandboxAlipayGateway;
  /** null when the platform talks to the real WeChat (WECHAT_PROVIDER=wechat). */
  wechat: SandboxWechatGateway | null;
  /** The notices sent to the person of a registration mobile (every notice sent lately without one), newest first. */
  notices: (mobile: string | undefined) => Promise<Array<{ mobile: string; channel: 'wechat' | 'sms' | null; content: string; sentAt: Date | null }>>;
};

/** Files a 沙箱演示事项 for an account, so the console can be tried before real modules exist. */
export type SandboxReviewFiler = (input: { mobile: string; authorityId: string; title?: string; autoApprove?: boolean }) => Promise<{ id: string; status: string }>;

const ZSms = z.object({ mobile: z.string(), content: z.string(), code: z.string().nullable(), sentAt: z.date() });

/**
 * The sandbox contract of ../shared/SANDBOX.md. Paths and shapes are fixed: tests outside the
 * project use them. Registered only in sandbox mode; production answers 404 for all of them.
 */
export const sandboxRoutes: FastifyPluginAsyncZod<Deps> = async (app, { clock, captcha, sms, reviews, alipay, wechat, notices }) => {
  if (wechat) await app.register(sandboxWechatRoutes, { wechat });

  // The 沙箱 page acts as the person's phone after they scan the Alipay QR code.
  app.get(
    '/api/sandbox/alipay/:certifyId',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：支付宝扫码后看到的认证信息',
        params: z.object({ certifyId: z.string().max(64) }),
        response: { 200: z.object({ certifyId: z.string(), maskedName: z.string(), maskedCertNo: z.string(), state: z.string(), expiresAt: z.date() }) },
      },
    },
    async (req) => {
      const row = await alipay.find(req.params.certifyId);
      if (!row) throw notFound('sandbox/no_certification', '认证不存在');
      return { certifyId: row.certifyId, maskedName: maskName(row.certName), maskedCertNo: maskIdNumber(row.certNo), state: row.state, expiresAt: row.expiresAt };
    },
  );
  app.post(
    '/api/sandbox/alipay/:certifyId',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：在“手机”上确认、拒绝（他人账户）、取消认证，或让支付宝超时',
        params: z.object({ certifyId: z.string().max(64) }),
        body: z.object({ action: z.enum(['confirm', 'mismatch', 'cancel', 'timeout'], { message: '操作只能是 confirm、mismatch、cancel 或 timeout' }) }),
      },
    },
    async (req, reply) => {
      if (!(await alipay.act(req.params.certifyId, req.body.action))) throw notFound('sandbox/no_certification', '认证不存在、已完成或已过期');
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/sandbox/review-items',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：为某手机号的会计人员提交一条演示审核事项',
        body: z.object({
          mobile: z.string({ message: '请输入手机号' }).regex(/^1[3-9]\d{9}$/, '请输入正确的手机号码'),
          authorityId: z.string({ message: '请选择会计管理部门' }).min(1, '请选择会计管理部门').max(12, '输入内容过长'),
          title: z.string().trim().min(1, '请输入事项标题').max(50, '事项标题不能超过50字').optional(),
          autoApprove: z.boolean().optional(),
        }),
        response: { 201: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await reviews(req.body)),
  );

  app.get(
    '/api/sandbox/sms',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：发往某手机号的短信（不带 mobile 时为最近的全部短信）',
        querystring: z.object({ mobile: z.string().max(20).optional() }),
        response: { 200: z.array(ZSms) },
      },
    },
    async (req) => sms.outbox(req.query.mobile),
  );

  // SANDBOX.md: every notice the platform sent the person of a registration mobile, newest first.
  app.get(
    '/api/sandbox/notices',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：平台发给某注册手机号对应人员的通知（微信模板消息或短信），最新的在前',
        querystring: z.object({ mobile: z.string().max(20).optional() }),
        response: { 200: z.array(z.object({ mobile: z.string(), channel: z.enum(['wechat', 'sms']), content: z.string(), sentAt: z.date() })) },
      },
    },
    async (req) =>
      (await notices(req.query.mobile)).flatMap((n) => (n.channel && n.sentAt ? [{ mobile: n.mobile, channel: n.channel, content: n.content, sentAt: n.sentAt }] : [])),
  );

  const ZCaptchaAnswer = z.object({ id: z.string(), answer: z.string() });
  app.get('/api/sandbox/captcha/latest', { schema: { tags: ['sandbox'], summary: '沙箱：最近生成的图形验证码及答案', response: { 200: ZCaptchaAnswer } } }, async () => {
    const row = await captcha.peek();
    if (!row) throw notFound('sandbox/no_captcha', '尚未生成图形验证码');
    return row;
  });
  app.get(
    '/api/sandbox/captcha/:id',
    { schema: { tags: ['sandbox'], summary: '沙箱：某个图形验证码的答案', params: z.object({ id: z.string().max(64) }), response: { 200: ZCaptchaAnswer } } },
    async (req) => {
      const row = await captcha.peek(req.params.id);
      if (!row) throw notFound('sandbox/no_captcha', '验证码不存在');
      return row;
    },
  );

  app.get('/api/sandbox/clock', { schema: { tags: ['sandbox'], summary: '沙箱：平台时钟', response: { 200: z.object({ now: z.date(), frozen: z.boolean() }) } } }, async () => ({
    now: clock.now(),
    // "frozen" keeps its name for the page; the clock runs on from the set instant.
    frozen: clock.isAdjusted(),
  }));
  app.put(
    '/api/sandbox/clock',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：设定平台时钟',
        body: z.object({ now: z.iso.datetime({ offset: true, message: '时间格式应为 ISO-8601，例如 2025-01-10T09:00:00+08:00' }) }),
      },
    },
    async (req, reply) => {
      clock.set(new Date(req.body.now));
      return reply.status(204).send();
    },
  );
  app.delete('/api/sandbox/clock', { schema: { tags: ['sandbox'], summary: '沙箱：时钟恢复为真实时间' } }, async (_req, reply) => {
    clock.reset();
    return reply.status(204).send();
  });
};

const ZTicket = z.object({ ticket: z.string().max(64) });
const ZWechatView = z.object({
  ticket: z.string(),
  status: z.enum(['waiting', 'confirmed', 'cancelled', 'expired']),
  expiresAt: z.date(),
  redirect: z.string().nullable(),
});
const ZWechatId = z
  .string({ message: '请输入微信号' })
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{5,19}$/, '微信号为6-20位，以字母开头，可用字母、数字、下划线和减号');

/**
 * WeChat's QR page (/sandbox/wechat/qrconnect) and the phone that scans it
 * (/sandbox/wechat/phone/:ticket), as the sandbox WeChat sees them.
 */
const sandboxWechatRoutes: FastifyPluginAsyncZod<{ wechat: SandboxWechatGateway }> = async (app, { wechat }) => {
  app.post(
    '/api/sandbox/wechat/qrconnect',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：微信二维码登录页打开，生成二维码',
        body: z.object({
          state: z.string({ message: '缺少 state' }).min(1, '缺少 state').max(128),
          redirectUri: z
            .string({ message: '缺少 redirect_uri' })
            .max(512)
            .refine((v) => v.startsWith('/') && !v.startsWith('//'), 'redirect_uri 须为本平台的地址'),
        }),
        response: { 201: z.object({ ticket: z.string(), expiresAt: z.date() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await wechat.open(req.body.state, req.body.redirectUri)),
  );
  app.get(
    '/api/sandbox/wechat/:ticket',
    { schema: { tags: ['sandbox'], summary: '沙箱：二维码的状态（已确认时带回跳地址）', params: ZTicket, response: { 200: ZWechatView } } },
    async (req) => {
      const view = await wechat.view(req.params.ticket);
      if (!view) throw notFound('sandbox/no_wechat_ticket', '二维码不存在');
      return view;
    },
  );
  app.post(
    '/api/sandbox/wechat/:ticket',
    {
      schema: {
        tags: ['sandbox'],
        summary: '沙箱：在“手机”上以某个微信号确认登录、取消，或确认后让微信接口不可用',
        params: ZTicket,
        body: z.discriminatedUnion(
          'action',
          [
            z.object({ action: z.literal('confirm'), wechatId: ZWechatId }),
            z.object({ action: z.literal('unavailable'), wechatId: ZWechatId }),
            z.object({ action: z.literal('cancel') }),
          ],
          { message: '操作只能是 confirm、cancel 或 unavailable' },
        ),
      },
    },
    async (req, reply) => {
      if (!(await wechat.act(req.params.ticket, req.body))) throw notFound('sandbox/no_wechat_ticket', '二维码不存在、已处理或已过期');
      return reply.status(204).send();
    },
  );
};
