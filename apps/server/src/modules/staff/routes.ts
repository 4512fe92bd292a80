import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  STAFF_TOTP_POLICIES,
  ZCaptchaAnswer,
  ZStaffLoginPassword,
  ZStaffPasswordChange,
  ZStaffRealName,
  ZStaffRole,
  ZStaffRoles,
  ZStaffUsername,
  ZTotpCode,
} from '@ausm/domain';
import { z } from 'zod';
import { originOf, SESSION_COOKIE, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { sessionClockRoutes } from '../../platform/session-clock';
import { AppError } from '../../platform/errors';
import type { StaffLoginResult } from './login';
import type { StaffService } from './service';

const ZRole = ZStaffRole;
const ZStaffView = z.object({
  id: z.string(),
  username: z.string(),
  realName: z.string(),
  authorityId: z.string(),
  authorityName: z.string(),
  roles: z.array(ZRole),
  disabled: z.boolean(),
  totpRequired: z.boolean(),
  totpEnrolled: z.boolean(),
  mustChangePassword: z.boolean(),
});
const ZLoginStep = z.discriminatedUnion('step', [
  z.object({ step: z.literal('done'), staff: ZStaffView }),
  z.object({ step: z.literal('totp'), pendingToken: z.string() }),
  z.object({ step: z.literal('totp_enroll'), pendingToken: z.string(), secret: z.string(), otpauthUrl: z.string() }),
]);

/** Console sign-in and the administration of 财政用户. */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService; sessions: SessionService; requireStaff: RequireStaff; clock: Clock }> = async (
  app,
  { staff, sessions, requireStaff, clock },
) => {
  // 修改密码 and the session itself stay open to a staff member who must change the password first.
  const requireOwnSession = makeRequireStaff(sessions, staff, { allowPasswordChange: true });
  const finish = (reply: Parameters<typeof sessions.setCookie>[0], result: StaffLoginResult) => {
    if (result.step === 'done') {
      sessions.setCookie(reply, result.token);
      return { step: 'done' as const, staff: result.staff };
    }
    return result;
  };

  app.post(
    '/api/console/session',
    {
      schema: {
        tags: ['console'],
        summary: '财政用户登录',
        body: z.object({
          username: ZStaffUsername,
          password: ZStaffLoginPassword,
          captchaId: z.string().min(1).max(64),
          captchaAnswer: ZCaptchaAnswer,
        }),
        response: { 200: ZLoginStep },
      },
    },
    async (req, reply) => finish(reply, await staff.signIn.login(req.body, originOf(req))),
  );

  app.post(
    '/api/console/session/totp',
    {
      schema: {
        tags: ['console'],
        summary: '财政用户登录：动态口令',
        body: z.object({ pendingToken: z.string().min(1).max(100), code: ZTotpCode }),
        response: { 200: ZLoginStep },
      },
    },
    async (req, reply) => finish(reply, await staff.signIn.loginTotp(req.body, originOf(req))),
  );

  app.get('/api/console/session', { schema: { tags: ['console'], summary: '当前登录的财政用户', response: { 200: z.object({ staff: ZStaffView }) } } }, async (req) => {
    const ctx = await requireOwnSession(req);
    return { staff: (await staff.me(ctx.staffId))! };
  });

  // The console's session on the clock, as the portal's (platform/session-clock.ts); a staff member disabled
  // meanwhile is logged out.
  sessionClockRoutes(app, {
    base: '/api/console/session',
    kind: 'staff',
    sessions,
    clock,
    tags: ['console'],
    stillValid: async (subject) => !!(await staff.context(subject.id)),
  });

  app.post(
    '/api/console/session/password',
    {
      schema: {
        tags: ['console'],
        summary: '修改密码（本人；其他登录会话随之退出）',
        body: ZStaffPasswordChange,
        response: { 200: z.object({ staff: ZStaffView }) },
      },
    },
    async (req) => {
      await requireOwnSession(req);
      const subject = await sessions.require(req, 'staff');
      return { staff: await staff.signIn.changePassword(subject, req.body, originOf(req)) };
    },
  );

  app.delete('/api/console/session', { schema: { tags: ['console'], summary: '财政用户退出登录' } }, async (req, reply) => {
    const subject = await sessions.resolve(req.cookies[SESSION_COOKIE]);
    if (subject?.kind === 'staff') await staff.signIn.logout(subject, originOf(req));
    sessions.clearCookie(reply);
    return reply.status(204).send();
  });

  app.get(
    '/api/console/staff',
    {
      schema: {
        tags: ['console'],
        summary: '财政用户列表（本级及下级）',
        querystring: z.object({
          q: z.string().trim().max(32, '搜索内容过长').optional(),
          page: z.coerce.number().int().min(1).max(10_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(10),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(ZStaffView), totpPolicy: z.enum(STAFF_TOTP_POLICIES) }) },
      },
    },
    async (req) => staff.list(await requireStaff(req), req.query),
  );

  app.post(
    '/api/console/staff',
    {
      schema: {
        tags: ['console'],
        summary: '新增财政用户',
        body: z.object({
          username: ZStaffUsername,
          realName: ZStaffRealName,
          authorityId: z.string().trim().min(1, '请选择会计管理部门').max(12, '输入内容过长'),
          roles: ZStaffRoles,
          password: ZStaffLoginPassword, // the service applies the password rule, with its own message
          totpRequired: z.boolean().default(false),
        }),
        response: { 201: ZStaffView },
      },
    },
    async (req, reply) => reply.status(201).send(await staff.create(await requireStaff(req), req.body, originOf(req))),
  );

  app.patch(
    '/api/console/staff/:id',
    {
      schema: {
        tags: ['console'],
        summary: '修改财政用户（角色、停用、动态口令、重置动态口令）',
        params: z.object({ id: z.string().max(64) }),
        body: z.object({
          roles: ZStaffRoles.optional(),
          disabled: z.boolean().optional(),
          totpRequired: z.boolean().optional(),
          realName: ZStaffRealName.optional(),
          resetTotp: z.literal(true).optional(),
        }),
        response: { 200: ZStaffView },
      },
    },
    async (req) => staff.update(await requireStaff(req), req.params.id, req.body, originOf(req)),
  );

  app.post(
    '/api/console/staff/:id/password',
    {
      schema: {
        tags: ['console'],
        summary: '重置财政用户密码',
        params: z.object({ id: z.string().max(64) }),
        body: z.object({ password: ZStaffLoginPassword }),
      },
    },
    async (req, reply) => {
      await staff.resetPassword(await requireStaff(req), req.params.id, req.body.password, originOf(req));
      return reply.status(204).send();
    },
  );
};

export type RequireStaff = (req: import('fastify').FastifyRequest) => Promise<import('./service').StaffContext>;

/**
 * The console's guard: a live staff session of an enabled staff member, or 401. A staff member whose
 * password an administrator set may do nothing but change it (403 auth/password_change_required), unless
 * the route is one of the few that `allowPasswordChange` opens.
 */
export function makeRequireStaff(sessions: SessionService, staff: StaffService, opts: { allowPasswordChange?: boolean } = {}): RequireStaff {
  return async (req) => {
    const subject = await sessions.require(req, 'staff');
    const ctx = await staff.context(subject.id);
    if (!ctx) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (ctx.mustChangePassword && !opts.allowPasswordChange) {
      throw new AppError(403, 'auth/password_change_required', '首次登录或密码被重置后，请先修改密码');
    }
    return ctx;
  };
}
