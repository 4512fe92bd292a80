import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ACCOUNT_RULES, accountSchemas, ZIdType } from '@ausm/domain';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import { originOf, SESSION_COOKIE } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { HASHER_BUSY, type HashPlace } from '../../platform/hasher';
import { AppError } from '../../platform/errors';
import { ZErrorBody } from '../../platform/http';
import { expiresInMs, sessionClockRoutes } from '../../platform/session-clock';
import { toAccountView, type AccountService } from './service';
import type { SmsCodeService } from './sms-codes';
import type { WechatLoginService } from './wechat-login';

/** The state of this browser's WeChat QR login, which WeChat must bring back unchanged. */
const WECHAT_STATE_COOKIE = 'ausm_wx_state';
const WECHAT_STATE_PATH = '/api/session/wechat';
/**
 * The WeChat this browser scanned that no account is bound to yet, for the login that binds it. A
 * cookie, not a link: a link could be sent to someone else, whose login would then bind the sender's
 * WeChat to their account.
 */
const WECHAT_BIND_COOKIE = 'ausm_wx_bind';
const WECHAT_BIND_PATH = '/api/session';

const ZAccountView = z.object({
  id: z.string(),
  idType: ZIdType,
  maskedIdNumber: z.string(),
  maskedName: z.string(),
  maskedMobile: z.string(),
  identityVerified: z.boolean(),
});

type Deps = {
  accounts: AccountService;
  wechatLogin: WechatLoginService;
  smsCodes: SmsCodeService;
  captcha: CaptchaService;
  sessions: SessionService;
  clock: Clock;
  cookieSecure: boolean;
};

/** HTTP only: validate, call the service, answer. */
export const accountRoutes: FastifyPluginAsyncZod<Deps> = async (app, { accounts, wechatLogin, smsCodes, captcha, sessions, clock, cookieSecure }) => {
  const schemas = accountSchemas(() => clock.now());

  app.get(
    '/api/captcha',
    {
      schema: {
        tags: ['account'],
        summary: '获取图形验证码',
        response: { 200: z.object({ id: z.string(), svg: z.string(), expiresAt: z.date() }), 429: ZErrorBody },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return captcha.issue(req.ip);
    },
  );

  app.post(
    '/api/sms-codes',
    {
      schema: {
        tags: ['account'],
        summary: '发送手机验证码',
        body: schemas.ZSmsCodeRequest,
        response: { 200: z.object({ sentAt: z.date(), expiresAt: z.date(), resendAt: z.date() }), 429: ZErrorBody.extend({ resendAt: z.string().optional() }) },
      },
    },
    async (req) => {
      // A code to change the mobile is for a logged-in accountant, and for a number no account has:
      // nobody else can make the platform text a stranger, and a taken number costs no SMS.
      if (req.body.purpose === 'change_mobile') {
        const subject = await sessions.require(req, 'accountant');
        await accounts.checkNewMobile(subject.id, req.body.mobile);
      }
      return smsCodes.send(req.body.mobile, req.body.purpose, req.ip);
    },
  );

  app.post(
    '/api/accounts',
    { schema: { tags: ['account'], summary: '注册', body: schemas.ZRegisterRequest, response: { 201: z.object({ account: ZAccountView }), 409: ZErrorBody } } },
    async (req, reply) => {
      const account = await accounts.register(req.body, originOf(req));
      return reply.status(201).send({ account });
    },
  );

  // A login's place in the hasher is taken as the request arrives, before its body is read or checked: at a
  // peak, a login the hasher has no room for is refused (429) at the least cost there is, and the CPU goes
  // to the logins it can take. Released when the login is done, or when the request ends without reaching it.
  const loginPlaces = new WeakMap<FastifyRequest, HashPlace>();
  const BUSY_BODY = JSON.stringify({ code: HASHER_BUSY.code, message: HASHER_BUSY.message });
  const releaseLoginPlace = async (req: FastifyRequest) => loginPlaces.get(req)?.release();
  app.post(
    '/api/session',
    {
      schema: { tags: ['account'], summary: '登录（证件号码或手机号）', body: schemas.ZLoginRequest, response: { 200: z.object({ account: ZAccountView }), 429: ZErrorBody } },
      onRequest: async (req, reply) => {
        const place = accounts.loginPlace();
        if (place) return void loginPlaces.set(req, place);
        // Answered here, as the error handler would answer PasswordHasher's 429, without an error to build
        // (its stack) and handle: this is the answer a peak sends most.
        return reply.code(HASHER_BUSY.status).headers(HASHER_BUSY.headers).type('application/json; charset=utf-8').send(BUSY_BODY as never);
      },
      onResponse: releaseLoginPlace,
      onRequestAbort: releaseLoginPlace,
    },
    async (req, reply) => {
      try {
        const { account, token } = await accounts.login(req.body, originOf(req), req.cookies[WECHAT_BIND_COOKIE], loginPlaces.get(req));
        if (req.body.wechatBind) reply.clearCookie(WECHAT_BIND_COOKIE, { path: WECHAT_BIND_PATH, httpOnly: true, sameSite: 'lax', secure: cookieSecure });
        sessions.setCookie(reply, token);
        return { account };
      } finally {
        await releaseLoginPlace(req);
      }
    },
  );

  // 微信扫码登录 (seed 002 §3.1): the login page asks for WeChat's QR page, the browser comes back
  // to /login/wechat with a code, and that page completes the login here.
  app.post(
    '/api/session/wechat/start',
    {
      schema: {
        tags: ['account'],
        summary: '微信扫码登录（或在个人中心绑定微信）：获取微信二维码页面地址',
        // No body at all is a login, as the login page sends it.
        body: z.object({ purpose: z.enum(['login', 'bind'], { message: '用途只能是 login 或 bind' }).default('login') }, { message: '请求内容格式不正确' }).nullish(),
        response: { 200: z.object({ authorizeUrl: z.string() }) },
      },
    },
    async (req, reply) => {
      const bindTo = req.body?.purpose === 'bind' ? (await sessions.require(req, 'accountant')).id : undefined;
      const { state, authorizeUrl } = await wechatLogin.start(bindTo);
      reply.setCookie(WECHAT_STATE_COOKIE, state, {
        path: WECHAT_STATE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        maxAge: Math.floor(ACCOUNT_RULES.wechatStateTtlMs / 1000),
      });
      return { authorizeUrl };
    },
  );

  app.post(
    '/api/session/wechat',
    {
      schema: {
        tags: ['account'],
        summary: '微信扫码登录：用微信返回的 code 登录',
        body: schemas.ZWechatLoginRequest,
        response: {
          200: z.discriminatedUnion('status', [
            z.object({ status: z.literal('logged_in'), account: ZAccountView }),
            z.object({ status: z.literal('bind_required'), expiresAt: z.date() }),
            z.object({ status: z.literal('bound') }),
          ]),
        },
      },
    },
    async (req, reply) => {
      const browserState = req.cookies[WECHAT_STATE_COOKIE];
      reply.clearCookie(WECHAT_STATE_COOKIE, { path: WECHAT_STATE_PATH, httpOnly: true, sameSite: 'lax', secure: cookieSecure });
      const current = await sessions.resolve(req.cookies[SESSION_COOKIE]);
      const outcome = await wechatLogin.complete(req.body, browserState, current?.kind === 'accountant' ? current.id : null, originOf(req));
      if (outcome.status === 'bound') return outcome;
      if (outcome.status === 'bind_required') {
        reply.setCookie(WECHAT_BIND_COOKIE, outcome.bindToken, {
          path: WECHAT_BIND_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: cookieSecure,
          maxAge: Math.floor(ACCOUNT_RULES.wechatBindTtlMs / 1000),
        });
        return { status: 'bind_required' as const, expiresAt: outcome.expiresAt };
      }
      sessions.setCookie(reply, outcome.token);
      return { status: 'logged_in' as const, account: toAccountView(outcome.account) };
    },
  );

  // 个人中心 · 信息修改 (seed 003 §9).
  app.put(
    '/api/my/mobile',
    { schema: { tags: ['account'], summary: '个人中心：修改手机号', body: schemas.ZMobileChangeRequest, response: { 200: z.object({ account: ZAccountView }) } } },
    async (req) => {
      const subject = await sessions.require(req, 'accountant');
      return { account: await accounts.changeMobile(subject, req.body, originOf(req)) };
    },
  );

  // 个人中心 · 微信绑定 (seed 003 §9).
  app.get(
    '/api/my/wechat',
    { schema: { tags: ['account'], summary: '个人中心：微信绑定状态', response: { 200: z.object({ bound: z.boolean(), boundAt: z.date().nullable() }) } } },
    async (req) => wechatLogin.binding((await sessions.require(req, 'accountant')).id),
  );
  app.delete('/api/my/wechat', { schema: { tags: ['account'], summary: '个人中心：解绑微信' } }, async (req, reply) => {
    const subject = await sessions.require(req, 'accountant');
    await wechatLogin.unbind(subject.id, originOf(req));
    return reply.status(204).send();
  });

  // expiresInMs: how long the session lasts unused, by the server's clock (the portal warns before it ends).
  const expiresIn = (subject: { expiresAt: Date }) => expiresInMs(subject, clock);

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['account'],
        summary: '当前登录的会计人员',
        response: { 200: z.object({ account: ZAccountView, expiresInMs: z.number().int().min(0) }), 401: ZErrorBody },
      },
    },
    async (req) => {
      const subject = await sessions.require(req, 'accountant');
      const account = await accounts.current(subject.id);
      if (!account) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
      return { account, expiresInMs: expiresIn(subject) };
    },
  );

  // WCAG 2.2.1: how long is left, and 继续使用 (platform/session-clock.ts).
  sessionClockRoutes(app, { base: '/api/session', kind: 'accountant', sessions, clock, tags: ['account'] });

  app.delete('/api/session', { schema: { tags: ['account'], summary: '退出登录' } }, async (req, reply) => {
    const subject = await sessions.resolve(req.cookies['ausm_sid']);
    if (subject?.kind === 'accountant') await accounts.logout(subject, originOf(req));
    sessions.clearCookie(reply);
    return reply.status(204).send();
  });

  app.post(
    '/api/password-resets',
    { schema: { tags: ['account'], summary: '找回密码', body: schemas.ZPasswordResetRequest } },
    async (req, reply) => {
      await accounts.resetPassword(req.body, originOf(req));
      return reply.status(204).send();
    },
  );
};
