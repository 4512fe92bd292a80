import { z } from 'zod';
import { checkPassword } from '../password';

// The console's rules (财政用户 and 审核), used by the server's request schemas and the console's
// forms alike, so a message beside a field is the one the server would give.

const TOO_LONG = '输入内容过长';

export const STAFF_ROLES = ['reviewer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { reviewer: '审核员', admin: '管理员' };

export const ZStaffRole = z.enum(STAFF_ROLES);
export const ZStaffUsername = z.string().trim().regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为3-32位字母、数字、下划线、点或横线');
export const ZStaffRealName = z.string().trim().min(2, '请输入姓名').max(30, TOO_LONG);
export const ZStaffRoles = z.array(ZStaffRole).min(1, '请至少选择一个角色').max(2, '角色最多两个');
/** A password typed to log in: only bounded, so a wrong one is "wrong", never "too weak". */
export const ZStaffLoginPassword = z.string().min(1, '请输入密码').max(64, TOO_LONG);
/** A password being set: the platform's password rule. */
export const ZStaffNewPassword = z
  .string({ message: '请输入密码' })
  .max(64, TOO_LONG)
  .superRefine((pw, ctx) => {
    const message = checkPassword(pw);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
export const ZCaptchaAnswer = z.string().trim().min(1, '请输入验证码').max(10, TOO_LONG);
export const ZTotpCode = z.string().trim().regex(/^\d{6}$/, '请输入6位动态口令');

export const REVIEW_OPINION_MAX = 500;
export const ZReviewOpinion = z.string().trim().max(REVIEW_OPINION_MAX, `审核意见不能超过${REVIEW_OPINION_MAX}字`);
export const ZRejectReason = z
  .string({ message: '请填写不通过的原因' })
  .trim()
  .min(1, '请填写不通过的原因')
  .max(REVIEW_OPINION_MAX, `不通过原因不能超过${REVIEW_OPINION_MAX}字`);

/** The console forms, whole (the web's form adapter takes object schemas). */
export const consoleSchemas = {
  ZConsoleLogin: z.object({
    username: z.string().trim().min(1, '请输入用户名').pipe(ZStaffUsername),
    password: ZStaffLoginPassword,
    captchaAnswer: ZCaptchaAnswer,
  }),
  ZTotp: z.object({ code: ZTotpCode }),
  ZStaffCreate: z.object({
    username: z.string().trim().min(1, '请输入用户名').pipe(ZStaffUsername),
    realName: ZStaffRealName,
    authorityId: z.string({ message: '请选择会计管理部门' }).trim().min(1, '请选择会计管理部门').max(12, TOO_LONG),
    roles: ZStaffRoles,
    password: ZStaffNewPassword,
  }),
  ZStaffRoles: z.object({ roles: ZStaffRoles }),
  ZStaffPassword: z.object({ password: ZStaffNewPassword }),
  ZRejectReason: z.object({ opinion: ZRejectReason }),
  ZApproveOpinion: z.object({ opinion: ZReviewOpinion }),
};
