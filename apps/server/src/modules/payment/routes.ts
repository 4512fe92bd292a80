import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { RequireStaff } from '../staff';
import type { PaymentConsole } from './console';
import type { EnrollmentForms } from './form';
import type { PaymentService } from './service';

/** RFC 6266: an ASCII fallback name, and the Chinese one for every browser that reads filename*. */
const attachment = (filename: string) => `attachment; filename="enrollment-form.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`;

const ZOrder = z.object({
  orderNo: z.string(),
  amount: z.string(),
  createdAt: z.date(),
  status: z.enum(['open', 'paid', 'closed']),
  statusName: z.string(),
  provider: z.string(),
  paidAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closeReason: z.string().nullable(),
});
const ZRefund = z.object({ orderNo: z.string(), amount: z.string(), reason: z.string(), status: z.enum(['pending', 'done']), createdAt: z.date(), doneAt: z.date().nullable() });
export const ZPaymentPage = z.object({
  // The enrollment is the domain's EnrollmentView, described loosely here as enrollment/routes.ts does.
  enrollment: z.looseObject({ id: z.string(), status: z.string(), step: z.number() }),
  amount: z.string(),
  order: ZOrder.nullable(),
  refunds: z.array(ZRefund),
  payOpen: z.boolean(),
  payWindow: z.object({ start: z.string(), end: z.string() }),
  phone: z.string(),
});
const ZEnrollmentId = z.object({ enrollmentId: z.string().max(64) });
const ZOrderNo = z.object({ orderNo: z.string().max(64) });
/** What Alipay posts or appends: strings, named as it names them. */
const ZProviderParams = z.record(z.string().max(64), z.string().max(4096));

/**
 * 网上缴费: the candidate's page, 生成订单 and 支付 (the session is the candidate), and the provider's two ways
 * back: the asynchronous notification (server to server, authenticated by its RSA2 signature alone) and the
 * browser's synchronous return.
 */
export const paymentRoutes: FastifyPluginAsyncZod<{ payments: PaymentService; forms: EnrollmentForms; reports: PaymentConsole; sessions: SessionService; requireStaff: RequireStaff }> = async (
  app,
  { payments, forms, reports, sessions, requireStaff },
) => {
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['payment'];

  // Alipay posts its notification as a form (application/x-www-form-urlencoded), in this scope only.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(
    '/api/payments/enrollments/:enrollmentId',
    { schema: { tags, summary: '网上缴费：订单基本信息与缴费状态（报名成功页同此）', params: ZEnrollmentId, response: { 200: ZPaymentPage } } },
    async (req) => payments.page(await me(req), req.params.enrollmentId),
  );

  app.post(
    '/api/payments/enrollments/:enrollmentId/order',
    { schema: { tags, summary: '生成订单（再次生成得到同一未支付订单）', params: ZEnrollmentId, response: { 200: ZPaymentPage } } },
    async (req) => payments.createOrder(await me(req), req.params.enrollmentId, originOf(req)),
  );

  app.post(
    '/api/payments/orders/:orderNo/pay',
    { schema: { tags, summary: '支付：转到支付平台的收银台', params: ZOrderNo, response: { 200: z.object({ cashierUrl: z.string() }) } } },
    async (req) => payments.pay(await me(req), req.params.orderNo),
  );

  app.post(
    '/api/payments/notify',
    { schema: { tags, summary: '支付平台异步通知（RSA2 验签）', body: ZProviderParams, response: { 200: z.string() } } },
    async (req, reply) => reply.type('text/plain; charset=utf-8').send(await payments.notify(req.body, req.ip ?? null)),
  );

  // The cashier sends the browser to the portal's /exam/pay-return with Alipay's signed parameters; that page
  // asks here which enrollment they are of (verified, and the order queried), then shows it.
  app.get(
    '/api/payments/return',
    {
      schema: {
        tags,
        summary: '支付平台同步返回（验签并查询订单后告知是哪一个报名）',
        querystring: z.looseObject({ out_trade_no: z.string().max(64).optional(), sign: z.string().max(4096).optional() }),
        response: { 200: z.object({ enrollmentId: z.string().nullable() }) },
      },
    },
    async (req) => ({ enrollmentId: await payments.returned(Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string'))) }),
  );

  // 报名表打印 (seed 003 §6.2): the candidate's own document, whole name and ID number, never cached.
  app.get('/api/payments/enrollments/:enrollmentId/form.pdf', { schema: { tags, summary: '报名表打印（PDF）', params: ZEnrollmentId } }, async (req, reply) => {
    const { bytes, filename, code } = await forms.pdf(await me(req), req.params.enrollmentId, originOf(req));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachment(filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-verification-code', code)
      .send(Buffer.from(bytes));
  });

  // Public: the 报名表's QR code leads here; masked name, exam, subjects and state, nothing else.
  app.get(
    '/api/verify/enrollment/:code',
    {
      schema: {
        tags,
        summary: '报名表核验（公开）',
        params: z.object({ code: z.string().max(40, '验证码格式不正确') }),
        response: { 200: z.object({ title: z.string(), holderMasked: z.string(), examName: z.string(), subjects: z.array(z.string()), status: z.string(), issuedAt: z.string() }) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return forms.verify(req.params.code);
    },
  );

  // ---- console: per exam and province, scoped to the staff member's authority ----
  const ZConsoleParams = z.object({ examId: z.string().max(64), provinceId: z.string().max(12) });
  const ZFilter = z.object({
    state: z.enum(['reviewing', 'awaitingPayment', 'paid', 'closed', 'refunded', 'cancelled', 'refused'], { message: '状态不正确' }).optional(),
    q: z.string().max(40, '搜索内容不能超过40字').optional(),
  });
  const ZItem = z.object({
    id: z.string(),
    realName: z.string(),
    idNumber: z.string(),
    siteName: z.string(),
    subjects: z.string(),
    state: z.string(),
    stateName: z.string(),
    amount: z.string().nullable(),
    orderNo: z.string().nullable(),
    paidAt: z.date().nullable(),
    refunded: z.string().nullable(),
    submittedAt: z.date(),
  });
  app.get(
    '/api/console/exams/:examId/provinces/:provinceId/enrollments',
    {
      schema: {
        tags,
        summary: '考试报名统计：各状态人数、缴费金额与报名列表',
        params: ZConsoleParams,
        querystring: ZFilter,
        response: {
          200: z.object({
            examName: z.string(),
            provinceName: z.string(),
            counts: z.record(z.string(), z.number()),
            countNames: z.record(z.string(), z.string()),
            received: z.string(),
            refunded: z.string(),
            items: z.array(ZItem),
          }),
        },
      },
    },
    async (req) => reports.report(await requireStaff(req), req.params.examId, req.params.provinceId, req.query),
  );
  app.get(
    '/api/console/exams/:examId/provinces/:provinceId/enrollments.csv',
    { schema: { tags, summary: '导出考试报名列表（CSV）', params: ZConsoleParams, querystring: ZFilter } },
    async (req, reply) => {
      const body = await reports.csv(await requireStaff(req), req.params.examId, req.params.provinceId, req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="enrollments.csv"; filename*=UTF-8''${encodeURIComponent('考试报名列表.csv')}`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
  app.get(
    '/api/console/enrollments/:enrollmentId/history',
    {
      schema: {
        tags,
        summary: '考生的报名历史',
        params: ZEnrollmentId,
        response: {
          200: z.array(z.object({ id: z.string(), examName: z.string(), provinceName: z.string(), siteName: z.string(), status: z.string(), submittedAt: z.date(), paidAt: z.date().nullable() })),
        },
      },
    },
    async (req) => reports.history(await requireStaff(req), req.params.enrollmentId),
  );
};
