import { EMPLOYER_CE_STATUSES, EMPLOYER_STATUSES, EMPLOYMENT_DECISIONS, employerCeSchemas, ZEmployerFeedback, ZFeedbackAnswer, ZEmployerLogin, ZEmployerPasswordReset, ZEmployerRegister, ZEmployerResetCode, ZEmployerSmsCode, ZEmployerSubmit, ZEmploymentDecision } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, SESSION_COOKIE, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { ZErrorBody } from '../../platform/http';
import { sessionClockRoutes } from '../../platform/session-clock';
import type { EmployerService } from './service';
import type { EmployerStaffService } from './staff';
import type { EmployerFeedbackService } from './feedback';
import type { FileService } from '../files';
import type { RequireStaff } from '../staff';

/** The state of this browser's 法人登录, which the 政务服务平台 must bring back unchanged. */
const LP_STATE_COOKIE = 'ausm_lp_state';
const LP_STATE_PATH = '/api/employer/session/legal-person';

const ZEmployerView = z.object({
  id: z.string(),
  uscc: z.string(),
  unitName: z.string(),
  agentName: z.string(),
  agentMobileMasked: z.string(),
  status: z.enum(Object.keys(EMPLOYER_STATUSES) as [string, ...string[]]),
  statusLabel: z.string(),
  opinion: z.string().nullable(),
  address: z.object({ provinceId: z.string(), cityId: z.string(), countyId: z.string().nullable(), regionName: z.string(), detail: z.string() }).nullable(),
  authorityName: z.string().nullable(),
  licenseFileId: z.string().nullable(),
  canAct: z.boolean(),
});
const ZStaffRow = z.object({
  accountId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  postLevel: z.string(),
  position: z.string(),
  title: z.string(),
  startDate: z.string(),
  decision: z.enum(Object.keys(EMPLOYMENT_DECISIONS) as [string, ...string[]]).nullable(),
  decisionLabel: z.string(),
  decidedAt: z.date().nullable(),
  ce: z.object({ year: z.number(), total: z.number(), professional: z.number(), public: z.number(), reached: z.boolean(), summary: z.string() }),
});
const ZFiling = z.object({
  id: z.string(),
  form: z.string(),
  formName: z.string(),
  year: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  institution: z.string(),
  people: z.array(z.string()),
  claimed: z.number(),
  computed: z.number(),
  status: z.enum(Object.keys(EMPLOYER_CE_STATUSES) as [string, ...string[]]),
  statusLabel: z.string(),
  opinion: z.string().nullable(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
});
const ZAccountId = z.object({ accountId: z.string().max(64) });

/**
 * 单位法人用户 (issue 26): its own doors (注册, 登录, 法人登录, 退出) and, with an employer's session, its account,
 * its staff and its continuing-education filings. An accountant's or a staff member's session opens none.
 */
export const employerRoutes: FastifyPluginAsyncZod<{
  employers: EmployerService;
  staff: EmployerStaffService;
  feedback: EmployerFeedbackService;
  files: FileService;
  requireStaff: RequireStaff;
  sessions: SessionService;
  clock: Clock;
  cookieSecure: boolean;
}> = async (app, { employers, staff, feedback, files, requireStaff, sessions, clock, cookieSecure }) => {
  const tags = ['employer'];
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'employer')).id;
  const s = employerCeSchemas(() => clock.now());

  app.post(
    '/api/employer/sms-codes',
    {
      schema: {
        tags,
        summary: '单位法人用户注册：向经办人手机发送验证码',
        body: ZEmployerSmsCode,
        response: { 200: z.object({ sentAt: z.date(), expiresAt: z.date(), resendAt: z.date() }), 429: ZErrorBody },
      },
    },
    async (req) => employers.sendCode(req.body.agentMobile, req.ip),
  );

  app.post(
    '/api/employer/accounts',
    { schema: { tags, summary: '单位法人用户注册', body: ZEmployerRegister, response: { 201: z.object({ employer: ZEmployerView }), 409: ZErrorBody } } },
    async (req, reply) => {
      const { employer, token } = await employers.register(req.body, originOf(req));
      sessions.setCookie(reply, token);
      return reply.status(201).send({ employer });
    },
  );

  app.post(
    '/api/employer/session',
    { schema: { tags, summary: '单位法人用户登录（统一社会信用代码和密码）', body: ZEmployerLogin, response: { 200: z.object({ employer: ZEmployerView }) } } },
    async (req, reply) => {
      const { employer, token } = await employers.login(req.body, originOf(req));
      sessions.setCookie(reply, token);
      return { employer };
    },
  );

  app.get('/api/employer/session', { schema: { tags, summary: '当前登录的单位法人用户（审核状态、不通过原因）', response: { 200: z.object({ employer: ZEmployerView }) } } }, async (req) => ({
    employer: await employers.view(await me(req)),
  }));

  // The unit's session on the clock, as a person's (platform/session-clock.ts).
  sessionClockRoutes(app, { base: '/api/employer/session', kind: 'employer', sessions, clock, tags, who: '单位法人用户' });

  app.delete('/api/employer/session', { schema: { tags, summary: '单位法人用户退出登录' } }, async (req, reply) => {
    const subject = await sessions.resolve(req.cookies[SESSION_COOKIE], 'peek');
    if (subject?.kind === 'employer') await sessions.destroy(subject.tokenHash);
    sessions.clearCookie(reply);
    return reply.status(204).send();
  });

  // 找回密码: the same answer whether or not the credit code has an employer (EmployerService.sendResetCode).
  app.post(
    '/api/employer/password-resets/sms-codes',
    {
      schema: {
        tags,
        summary: '单位法人用户找回密码：向登记的经办人手机发送验证码（未注册的统一社会信用代码答复相同）',
        body: ZEmployerResetCode,
        response: { 200: z.object({ sentAt: z.date(), expiresAt: z.date(), resendAt: z.date() }), 429: ZErrorBody },
      },
    },
    async (req) => employers.sendResetCode(req.body.uscc, req.ip),
  );

  app.post(
    '/api/employer/password-resets',
    { schema: { tags, summary: '单位法人用户找回密码：验证码和新密码（结束该单位的全部登录）', body: ZEmployerPasswordReset } },
    async (req, reply) => {
      await employers.resetPassword(req.body, originOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/employer/session/legal-person/start',
    { schema: { tags, summary: '政务服务平台法人登录：获取登录页面地址', response: { 200: z.object({ authorizeUrl: z.string() }) } } },
    async (_req, reply) => {
      const { url, state } = await employers.legalPersonStart();
      reply.setCookie(LP_STATE_COOKIE, state, { path: LP_STATE_PATH, httpOnly: true, sameSite: 'lax', secure: cookieSecure, maxAge: 600 });
      return { authorizeUrl: url };
    },
  );

  app.post(
    '/api/employer/session/legal-person',
    {
      schema: {
        tags,
        summary: '政务服务平台法人登录：用返回的 code 登录',
        body: z.object({
          code: z.string({ message: '法人登录授权信息不完整，请重新登录' }).min(1, '法人登录授权信息不完整，请重新登录').max(128, '输入内容过长'),
          state: z.string({ message: '法人登录授权信息不完整，请重新登录' }).min(1, '法人登录授权信息不完整，请重新登录').max(128, '输入内容过长'),
        }),
        response: { 200: z.object({ employer: ZEmployerView }) },
      },
    },
    async (req, reply) => {
      const cookieState = req.cookies[LP_STATE_COOKIE];
      reply.clearCookie(LP_STATE_COOKIE, { path: LP_STATE_PATH, httpOnly: true, sameSite: 'lax', secure: cookieSecure });
      const { employer, token } = await employers.legalPersonLogin(req.body.code, req.body.state, cookieState, originOf(req));
      sessions.setCookie(reply, token);
      return { employer };
    },
  );

  app.put(
    '/api/employer/registration',
    { schema: { tags, summary: '单位法人用户：提交（或修改后重新提交）单位信息和营业执照审核', body: ZEmployerSubmit, response: { 200: z.object({ employer: ZEmployerView }), 409: ZErrorBody } } },
    async (req) => ({ employer: await employers.submit(await me(req), req.body) }),
  );

  // ---- 单位会计人员信息管理 ----

  app.get('/api/employer/staff', { schema: { tags, summary: '单位会计人员信息管理：本单位会计人员名单', response: { 200: z.object({ year: z.number(), items: z.array(ZStaffRow) }) } } }, async (req) =>
    staff.list(await me(req)),
  );

  app.put(
    '/api/employer/staff/:accountId',
    { schema: { tags, summary: '单位会计人员信息管理：确认在职或非本单位人员', params: ZAccountId, body: ZEmploymentDecision, response: { 200: ZStaffRow } } },
    async (req) => staff.decide(await me(req), req.params.accountId, req.body.decision, originOf(req)),
  );

  app.get('/api/employer/staff.csv', { schema: { tags, summary: '单位会计人员信息管理：导出 CSV' } }, async (req, reply) => {
    const id = await me(req);
    const { year, items } = await staff.list(id);
    await staff.recordExport(id, items.length, originOf(req));
    const header = ['姓名', '证件号码', '岗位层级', '会计工作岗位', '会计专业职务', '入职时间', '在职确认', `${year}年度继续教育学分`, `${year}年度继续教育情况`];
    const lines = items.map((r) => [r.name, r.idNumberMasked, r.postLevel, r.position, r.title, r.startDate, r.decisionLabel, String(r.ce.total), r.ce.summary]);
    const csv = [header, ...lines].map((row) => row.map(csvCell).join(',')).join('\r\n');
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="staff.csv"; filename*=UTF-8''${encodeURIComponent('本单位会计人员.csv')}`);
    reply.header('cache-control', 'no-store');
    return `\uFEFF${csv}\r\n`;
  });

  // ---- 单位会计人员继续教育管理 ----

  app.get('/api/employer/ce-filings', { schema: { tags, summary: '单位会计人员继续教育管理：单位申报列表', response: { 200: z.object({ items: z.array(ZFiling) }) } } }, async (req) => ({
    items: await staff.filings(await me(req)),
  }));

  app.post(
    '/api/employer/ce-filings',
    { schema: { tags, summary: '单位会计人员继续教育管理：为已确认在职人员申报培训（提交审核）', body: s.ZEmployerCeFiling, response: { 201: ZFiling, 409: ZErrorBody } } },
    async (req, reply) => reply.status(201).send(await staff.file(await me(req), req.body)),
  );

  // ---- 单位会计准则制度反馈意见 ----

  const ZFeedback = z.object({
    id: z.string(),
    unitName: z.string(),
    uscc: z.string(),
    standardId: z.string(),
    standardTitle: z.string(),
    standardDocNumber: z.string(),
    clause: z.string(),
    content: z.string(),
    attachmentFileId: z.string().nullable(),
    attachmentName: z.string().nullable(),
    status: z.enum(['pending', 'answered']),
    statusLabel: z.string(),
    answer: z.string().nullable(),
    answeredByName: z.string().nullable(),
    answeredAt: z.date().nullable(),
    submittedAt: z.date(),
  });
  const ZFeedbackId = z.object({ id: z.string().max(64) });

  app.get('/api/employer/feedback', { schema: { tags, summary: '单位会计准则制度反馈意见：本单位的反馈与答复', response: { 200: z.object({ items: z.array(ZFeedback) }) } } }, async (req) => {
    const id = await me(req);
    await employers.approved(id);
    return { items: await feedback.list({ employerId: id }) };
  });

  app.post(
    '/api/employer/feedback',
    { schema: { tags, summary: '单位会计准则制度反馈意见：提交（准则制度、条款、意见、附件）', body: ZEmployerFeedback, response: { 201: ZFeedback } } },
    async (req, reply) => reply.status(201).send(await feedback.submit(await me(req), req.body)),
  );

  app.get('/api/console/employer-feedback', { schema: { tags, summary: '单位会计准则制度反馈意见：列表（财政部管理员）', response: { 200: z.object({ items: z.array(ZFeedback) }) } } }, async (req) => ({
    items: await feedback.consoleList(await requireStaff(req)),
  }));

  app.post(
    '/api/console/employer-feedback/:id/answer',
    { schema: { tags, summary: '单位会计准则制度反馈意见：答复（财政部管理员，一次）', params: ZFeedbackId, body: ZFeedbackAnswer, response: { 200: ZFeedback, 409: ZErrorBody } } },
    async (req) => feedback.answer(await requireStaff(req), req.params.id, req.body.answer),
  );

  app.get('/api/console/employer-feedback/:id/attachment', { schema: { tags, summary: '单位会计准则制度反馈意见：下载附件（财政部管理员）', params: ZFeedbackId } }, async (req, reply) => {
    const { fileId, employerId } = await feedback.attachment(await requireStaff(req), req.params.id);
    const { file, bytes } = await files.open([{ kind: 'accountant', accountId: employerId }], fileId, originOf(req));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.displayName)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });
};

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}
