import { z } from '../zod';
import { checkPassword } from '../password';

// The console's rules (财政用户 and 审核), used by the server's request schemas and the console's
// forms alike, so a message beside a field is the one the server would give.

const TOO_LONG = '输入内容过长';

/**
 * The rules of a staff login's second factor. A login past the password gets a few tries at the code, then
 * starts over with password and captcha; wrong codes across logins lock the staff member as wrong passwords
 * do (ACCOUNT_RULES.lockoutMs). Each try is taken before the code is compared.
 */
export const STAFF_RULES = {
  totpTriesPerLogin: 5,
  totpMaxFailures: 10,
  /** How long the password step waits for its code. */
  totpLoginTtlMs: 5 * 60_000,
} as const;

/** STAFF_TOTP: `required` asks every staff member for a second factor (forced in production). */
export const STAFF_TOTP_POLICIES = ['required', 'optional'] as const;
export type StaffTotpPolicy = (typeof STAFF_TOTP_POLICIES)[number];

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

/**
 * 修改密码 (a staff member's own): the old password, the new one twice. The new one follows the platform's
 * password rule and differs from the old, so a password an administrator set cannot be kept by "changing" it.
 * The refinement runs whenever the input is an object, so every message shows at once.
 */
export const ZStaffPasswordChange = z
  .object(
    {
      oldPassword: z.string({ message: '请输入原密码' }).min(1, '请输入原密码').max(64, TOO_LONG),
      password: ZStaffNewPassword,
      confirmPassword: z.string({ message: '请再次输入新密码' }).min(1, '请再次输入新密码').max(64, TOO_LONG),
    },
    { message: '请求内容格式不正确' },
  )
  .superRefine((v, ctx) => {
    if (typeof v.password !== 'string' || !v.password) return;
    if (typeof v.oldPassword === 'string' && v.oldPassword && v.password === v.oldPassword) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: '新密码不能与原密码相同' });
    }
    if (typeof v.confirmPassword === 'string' && v.confirmPassword && v.password !== v.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '两次输入的新密码不一致' });
    }
  }, { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) });

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
  ZStaffPasswordChange,
  ZRejectReason: z.object({ opinion: ZRejectReason }),
  ZApproveOpinion: z.object({ opinion: ZReviewOpinion }),
};
