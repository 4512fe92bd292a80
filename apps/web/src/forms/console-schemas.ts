import { checkPassword } from '@ausm/domain';
import { z } from 'zod';

/**
 * The console forms' schemas, for the one form adapter (zod-rules.ts). They restate the request schemas of
 * apps/server/src/modules/{staff,review}/routes.ts, which packages/domain does not export yet; the server
 * checks again and its messages appear beside the same fields. Module level, never in reactive state.
 */
const ZUsername = z.string().trim().regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为3-32位字母、数字、下划线、点或横线');
const ZPassword = z.string().superRefine((pw, ctx) => {
  const message = checkPassword(pw);
  if (message) ctx.addIssue({ code: 'custom', message });
});

export const consoleSchemas = {
  ZConsoleLogin: z.object({
    username: z.string().trim().min(1, '请输入用户名').pipe(ZUsername),
    password: z.string().min(1, '请输入密码').max(64, '输入内容过长'),
    captchaAnswer: z.string().trim().min(1, '请输入验证码').max(10, '输入内容过长'),
  }),
  ZTotp: z.object({ code: z.string().trim().regex(/^\d{6}$/, '请输入6位动态口令') }),
  ZStaffCreate: z.object({
    username: z.string().trim().min(1, '请输入用户名').pipe(ZUsername),
    realName: z.string().trim().min(2, '请输入姓名').max(30, '输入内容过长'),
    authorityId: z.string({ message: '请选择会计管理部门' }).min(1, '请选择会计管理部门'),
    roles: z.array(z.enum(['reviewer', 'admin'])).min(1, '请至少选择一个角色'),
    password: ZPassword,
  }),
  ZStaffRoles: z.object({ roles: z.array(z.enum(['reviewer', 'admin'])).min(1, '请至少选择一个角色') }),
  ZStaffPassword: z.object({ password: ZPassword }),
  ZRejectReason: z.object({ opinion: z.string().trim().min(1, '请填写不通过的原因').max(500, '不通过原因不能超过500字') }),
  ZApproveOpinion: z.object({ opinion: z.string().trim().max(500, '审核意见不能超过500字') }),
};
