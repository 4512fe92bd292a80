import { z } from '../zod';
import { ACCOUNT_RULES } from '../account-rules';
import { checkIdNumber, normalizeIdNumber, ZIdType } from '../id-number';
import { checkMobile } from '../mobile';
import { checkPassword } from '../password';
import { checkRealName, normalizeRealName } from '../real-name';

const TOO_LONG = '输入内容过长';
const NOT_AN_OBJECT = '请求内容格式不正确';
// Zod 4 skips object refinements once a field failed unless told otherwise. Run them whenever the
// input is an object at all, so the form shows every message at once; never on null or a string.
export const WHEN_OBJECT = {
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};
const smsCode = z
  .string({ message: '请输入6位手机验证码' })
  .trim()
  .regex(new RegExp(`^\\d{${ACCOUNT_RULES.smsCodeLength}}$`), '请输入6位手机验证码');
const mobile = z
  .string({ message: '请输入手机号' })
  .trim()
  .max(20, TOO_LONG)
  .superRefine((v, ctx) => {
    const m = checkMobile(v);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });
/** A new password: the strength rule (password.ts). */
const password = z
  .string({ message: '请输入密码' })
  .max(64, TOO_LONG)
  .superRefine((v, ctx) => {
    const m = checkPassword(v);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });
const confirmPassword = z.string({ message: '请再次输入密码' }).max(64, TOO_LONG).min(1, '请再次输入密码');

/** The fields every form that sets a password by an SMS code shares (找回密码, personal or an employer's; 注册). */
export const accountFields = { smsCode, password, confirmPassword };

/** An object schema whose own message (a body that is not an object) is Chinese too. */
const object = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { message: NOT_AN_OBJECT });

/** 确认密码: compared only when both were typed, so an empty field shows its own message alone. */
export function checkConfirmation(v: { password?: unknown; confirmPassword?: unknown }, ctx: z.RefinementCtx): void {
  if (typeof v.password !== 'string' || typeof v.confirmPassword !== 'string' || !v.confirmPassword) return;
  if (v.password !== v.confirmPassword) ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '两次输入的密码不一致' });
}

/**
 * Request schemas of the account pages, shared by the form and the server. `now` is the platform
 * clock (the server's, which the sandbox can move) for rules that depend on today.
 */
export function accountSchemas(now: () => Date) {
  const ZRegisterRequest = object({
    idType: ZIdType,
    idNumber: z
      .string({ message: '请输入证件号码' })
      .max(40, TOO_LONG)
      .transform((v) => normalizeIdNumber('mainland_id', v)),
    realName: z.string({ message: '请输入真实姓名' }).max(200, TOO_LONG).transform(normalizeRealName),
    password,
    confirmPassword,
    mobile,
    smsCode,
  }).superRefine((v, ctx) => {
    // The ID number is checked against the chosen type, the name too (Latin names only on permits and
    // passports), here rather than on the fields themselves.
    // With no type chosen yet, an empty number is still said at once, beside both fields.
    const idType = ZIdType.safeParse(v.idType);
    if (typeof v.idNumber === 'string') {
      const idError = idType.success ? checkIdNumber(idType.data, v.idNumber, now()) : v.idNumber.trim() ? null : '请输入证件号码';
      if (idError) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: idError });
    }
    if (typeof v.realName === 'string') {
      const nameError = checkRealName(idType.success ? idType.data : 'mainland_id', normalizeRealName(v.realName));
      if (nameError) ctx.addIssue({ code: 'custom', path: ['realName'], message: nameError });
    }
    checkConfirmation(v, ctx);
  }, WHEN_OBJECT);

  const ZLoginRequest = object({
    identifier: z
      .string({ message: '请输入证件号码或手机号' })
      .trim()
      .min(1, '请输入证件号码或手机号')
      .max(40, TOO_LONG)
      // An ID number or a mobile: normalised as ID numbers are, which leaves a mobile as it was.
      .transform((v) => normalizeIdNumber('mainland_id', v)),
    // Not the strength rule: a password set under older rules must still log in.
    password: z.string({ message: '请输入密码' }).min(1, '请输入密码').max(64, TOO_LONG),
    captchaId: z.string({ message: '请刷新验证码' }).min(1, '请刷新验证码').max(64, TOO_LONG),
    captchaAnswer: z.string({ message: '请输入验证码' }).trim().min(1, '请输入验证码').max(10, TOO_LONG),
    /**
     * Set when the person came back from a WeChat scan that no account is bound to yet: this login binds
     * that WeChat, which the server knows by a cookie of this browser (never by anything in a URL).
     */
    wechatBind: z.boolean({ message: '微信绑定信息不正确，请重新扫码' }).optional(),
  });

  /** The browser's return from WeChat's QR page (/login/wechat?code=…&state=…). */
  const ZWechatLoginRequest = object({
    code: z.string({ message: '微信授权信息不完整，请重新扫码' }).min(1, '微信授权信息不完整，请重新扫码').max(128, TOO_LONG),
    state: z.string({ message: '微信授权信息不完整，请重新扫码' }).min(1, '微信授权信息不完整，请重新扫码').max(128, TOO_LONG),
  });

  const ZPasswordResetRequest = object({
    // No type on this page: any of the four formats, loosely; the server matches it against accounts.
    idNumber: z
      .string({ message: '请输入证件号码' })
      .max(40, TOO_LONG)
      .transform((v) => normalizeIdNumber('mainland_id', v))
      .pipe(z.string().min(1, '请输入证件号码').regex(/^[A-Z0-9]{5,18}$/, '证件号码格式不正确')),
    realName: z
      .string({ message: '请输入真实姓名' })
      .max(200, TOO_LONG)
      .transform(normalizeRealName)
      .pipe(z.string().min(1, '请输入真实姓名').max(60, TOO_LONG)),
    password,
    confirmPassword,
    mobile,
    smsCode,
  }).superRefine(checkConfirmation, WHEN_OBJECT);

  const ZSmsCodeRequest = object({
    mobile,
    purpose: z.enum(['register', 'password_reset', 'change_mobile'], { message: '验证码用途不正确' }),
  });

  /** 个人中心 · 信息修改 (seed 003 §9): a new mobile, proved by a code sent to it, and the password. */
  const ZMobileChangeRequest = object({
    mobile,
    smsCode,
    password: z.string({ message: '请输入登录密码' }).min(1, '请输入登录密码').max(64, TOO_LONG),
  });

  return { ZRegisterRequest, ZLoginRequest, ZWechatLoginRequest, ZPasswordResetRequest, ZSmsCodeRequest, ZMobileChangeRequest };
}

type Schemas = ReturnType<typeof accountSchemas>;
export type TRegisterRequest = z.output<Schemas['ZRegisterRequest']>;
export type TLoginRequest = z.output<Schemas['ZLoginRequest']>;
export type TWechatLoginRequest = z.output<Schemas['ZWechatLoginRequest']>;
export type TPasswordResetRequest = z.output<Schemas['ZPasswordResetRequest']>;
export type TSmsCodeRequest = z.output<Schemas['ZSmsCodeRequest']>;
export type TMobileChangeRequest = z.output<Schemas['ZMobileChangeRequest']>;
