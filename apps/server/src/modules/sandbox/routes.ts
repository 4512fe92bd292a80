import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaptchaService } from '../../platform/captcha';
import type { AdjustableClock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import type { SandboxAlipayGateway } from '../../platform/identity/alipay-sandbox';
import type { SandboxPaymentGateway } from '../../platform/payment/sandbox';
import type { SandboxSmsGateway } from '../../platform/sms/sandbox';
import type { SandboxWechatGateway } from '../../platform/wechat/sandbox';
import type { SandboxLegalPersonGateway } from '../../platform/legal-person/sandbox';
import { maskIdNumber, maskName } from '@ausm/domain';

/** The payment provider's calls the sandbox cashier can make fail (SANDBOX.md). */
const ZPaymentCall = z.enum(['query', 'close', 'refund', 'notify'], { message: '调用只能是 query、close、refund 或 notify' });

type Deps = {
  clock: AdjustableClock;
  captcha: CaptchaService;
  sms: SandboxSmsGateway;
  reviews: SandboxReviewFiler;
  alipay: SandboxAlipayGateway;
  /** null when the platform talks to the real WeChat (WECHAT_PROVIDER=wechat). */
  wechat: SandboxWechatGateway | null;
  /** null when the platform talks to the real Alipay for payments (PAYMENT_PROVIDER=alipay). */
  payments: SandboxPaymentGateway | null;
  /** null when the platform talks to the real 政务服务平台 法人登录 (LEGAL_PERSON_PROVIDER=gov). */
  legalPerson?: SandboxLegalPersonGateway | null;
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
export const sandboxRoutes: FastifyPluginAsyncZod<Deps> = async (app, { clock, captcha, sms, reviews, alipay, wechat, notices, payments, legalPerson }) => {
  if (wechat) await app.register(sandboxWechatRoutes, { wechat });
  if (legalPerson) await app.register(sandboxLegalPersonRoutes, { legalPerson });
  if (payments) await app.register(sandboxPaymentRoutes, { payments });

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

/**
 * The 政务服务平台's 法人登录 page (/sandbox/legal-person), as the sandbox service sees it: the unit's legal
 * person names the unit and confirms (or cancels, or confirms and then the service stops answering).
 */
const sandboxLegalPersonRoutes: FastifyPluginAsyncZod<{ legalPerson: SandboxLegalPersonGateway }> = async (app, { legalPerson }) => {
  const tags = ['sandbox'];
  const gone = () => notFound('sandbox/no_legal_person_ticket', '登录页面不存在、已处理或已过期');
  app.post(
    '/api/sandbox/legal-person/authorize',
    {
      schema: {
        tags,
        summary: '沙箱：政务服务平台法人登录页打开',
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
    async (req, reply) => reply.status(201).send(await legalPerson.open(req.body.state, req.body.redirectUri)),
  );
  app.get(
    '/api/sandbox/legal-person/:ticket',
    { schema: { tags, summary: '沙箱：法人登录页的状态（已确认时带回跳地址）', params: ZTicket, response: { 200: ZWechatView } } },
    async (req) => {
      const view = await legalPerson.view(req.params.ticket);
      if (!view) throw gone();
      return view;
    },
  );
  const identity = {
    uscc: z.string({ message: '请输入统一社会信用代码' }).max(40),
    unitName: z.string({ message: '请输入单位名称' }).trim().min(1, '请输入单位名称').max(100),
    legalRepresentative: z.string().trim().max(50).default(''),
  };
  app.post(
    '/api/sandbox/legal-person/:ticket',
    {
      schema: {
        tags,
        summary: '沙箱：法定代表人确认登录（或取消，或确认后让政务服务平台不可用）',
        params: ZTicket,
        body: z.discriminatedUnion(
          'action',
          [z.object({ action: z.literal('confirm'), ...identity }), z.object({ action: z.literal('unavailable'), ...identity }), z.object({ action: z.literal('cancel') })],
          { message: '操作只能是 confirm、cancel 或 unavailable' },
        ),
      },
    },
    async (req, reply) => {
      const outcome = await legalPerson.act(req.params.ticket, req.body);
      if (outcome === 'gone') throw gone();
      if (outcome === 'bad_uscc') throw new AppError(400, 'sandbox/bad_uscc', '统一社会信用代码不正确', { field: 'uscc' });
      return reply.status(204).send();
    },
  );
};

const ZOrderNoParam = z.object({ orderNo: z.string().max(64) });
const noTrade = () => notFound('sandbox/no_payment', '交易不存在');

/**
 * The payment provider's side (SANDBOX.md): what it knows of a trade, the buyer paying on the cashier page
 * (/sandbox/cashier/:orderNo), its notifications sent again (as Alipay does until answered "success"), and
 * calls it can be told not to answer.
 */
const sandboxPaymentRoutes: FastifyPluginAsyncZod<{ payments: SandboxPaymentGateway }> = async (app, { payments }) => {
  const tags = ['sandbox'];
  app.get(
    '/api/sandbox/payments',
    {
      schema: {
        tags,
        summary: '沙箱：支付平台所见的某订单（金额、状态、通知次数、退款）',
        querystring: z.object({ orderNo: z.string({ message: '请提供订单号码' }).max(64) }),
        response: {
          200: z.object({
            orderNo: z.string(),
            amount: z.string(),
            status: z.enum(['WAIT_BUYER_PAY', 'TRADE_SUCCESS', 'TRADE_CLOSED']),
            notifications: z.number(),
            refunds: z.array(z.object({ amount: z.string(), at: z.string() })),
            // Beyond the contract's fields: what the cashier page shows.
            subject: z.string(),
            expiresAt: z.date(),
            outage: z.array(ZPaymentCall),
          }),
        },
      },
    },
    async (req) => {
      // query() first: a trade past its time_expire reads as closed, as Alipay's would.
      await payments.query(req.query.orderNo).catch(() => undefined);
      const row = await payments.find(req.query.orderNo);
      if (!row) throw noTrade();
      return {
        orderNo: row.orderNo,
        amount: row.amount,
        status: row.status as 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED',
        notifications: row.notifications,
        refunds: row.refunds.map((r) => ({ amount: r.amount, at: r.at })),
        subject: row.subject,
        expiresAt: row.expiresAt,
        // Only the calls the PUT below accepted are stored.
        outage: row.outage as z.infer<typeof ZPaymentCall>[],
      };
    },
  );
  app.post(
    '/api/sandbox/payments/:orderNo/pay',
    { schema: { tags, summary: '沙箱：“手机”在收银台付款，支付平台随后通知平台', params: ZOrderNoParam } },
    async (req, reply) => {
      const { outcome } = await payments.pay(req.params.orderNo);
      if (outcome === 'absent') throw noTrade();
      if (outcome === 'closed') throw new AppError(409, 'sandbox/trade_closed', '交易已关闭，不能付款');
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/sandbox/payments/:orderNo/return',
    { schema: { tags, summary: '沙箱：付款后收银台把浏览器送回平台的地址（带签名）', params: ZOrderNoParam, response: { 200: z.object({ returnUrl: z.string() }) } } },
    async (req) => {
      const row = await payments.find(req.params.orderNo);
      if (!row || row.status !== 'TRADE_SUCCESS') throw noTrade();
      const { returnUrl } = await payments.pay(req.params.orderNo);
      return { returnUrl: returnUrl! };
    },
  );
  app.post(
    '/api/sandbox/payments/:orderNo/notify',
    {
      schema: {
        tags,
        summary: '沙箱：把已付款交易的异步通知再发若干次（同时到达）',
        params: ZOrderNoParam,
        body: z.object({ times: z.number({ message: '次数须为1至20的整数' }).int('次数须为1至20的整数').min(1, '次数须为1至20的整数').max(20, '次数须为1至20的整数') }),
        response: { 200: z.object({ answers: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const row = await payments.find(req.params.orderNo);
      if (!row || row.status !== 'TRADE_SUCCESS') throw noTrade();
      return { answers: await payments.notify(req.params.orderNo, req.body.times) };
    },
  );
  app.get(
    '/api/sandbox/payments/:orderNo/notification',
    { schema: { tags, summary: '沙箱：支付平台最近发出的异步通知（带签名）', params: ZOrderNoParam, response: { 200: z.record(z.string(), z.string()) } } },
    async (req) => {
      const row = await payments.find(req.params.orderNo);
      if (!row?.lastNotification) throw noTrade();
      return row.lastNotification;
    },
  );
  app.put(
    '/api/sandbox/payments/:orderNo/outage',
    {
      schema: {
        tags,
        summary: '沙箱：让支付平台对该交易不再应答某些调用（query、close、refund、notify）',
        params: ZOrderNoParam,
        body: z.object({ calls: z.array(ZPaymentCall).max(4) }),
      },
    },
    async (req, reply) => {
      if (!(await payments.setOutage(req.params.orderNo, req.body.calls))) throw noTrade();
      return reply.status(204).send();
    },
  );
};
