import { z } from '../zod';
import { checkUscc, normalizeUscc } from '../collection/uscc';
import { fieldSchemas } from '../collection/schemas';
import { ceSchemas } from '../continuing-education/schemas';
import { checkMobile } from '../mobile';
import { checkRealName, normalizeRealName } from '../real-name';
import { accountFields, checkConfirmation, WHEN_OBJECT } from '../schemas/account';

const { smsCode, password, confirmPassword } = accountFields;

// 单位法人用户 (issue 26): an employer's account, known by its 统一社会信用代码, registered by its 经办人 and
// reviewed by the authority of its address before it may act; its staff's employment, and the continuing
// education it files for them. The same schemas check the portal's forms and the server's requests.

const { object, text, ref } = fieldSchemas;
const TOO_LONG = '输入内容过长';

/** 单位法人用户's 审核状态: registered (营业执照 not yet submitted), waiting, approved, refused (may resubmit). */
export const EMPLOYER_STATUSES = { draft: '待提交审核', pending: '待审核', approved: '审核通过', rejected: '审核不通过' } as const;
export type EmployerStatus = keyof typeof EMPLOYER_STATUSES;

/** 在职确认: what an employer says of a person whose current work record names it. */
export const EMPLOYMENT_DECISIONS = { confirmed: '已确认在职', denied: '非本单位人员' } as const;
export type EmploymentDecision = keyof typeof EMPLOYMENT_DECISIONS;

/** 单位申报 continuing education: the training forms an employer files for its staff (seed 003 §8.2: 培训, 公需科目). */
export const EMPLOYER_CE_FORMS = ['public', 'offline_training', 'online_training'] as const;
export type EmployerCeForm = (typeof EMPLOYER_CE_FORMS)[number];
/** The most people one 单位申报 may name. */
export const EMPLOYER_CE_MAX_STAFF = 200;

export const EMPLOYER_CE_STATUSES = { pending: '待审核', approved: '审核通过', rejected: '审核不通过' } as const;
export type EmployerCeStatus = keyof typeof EMPLOYER_CE_STATUSES;

/** A 统一社会信用代码 field: normalised (full-width, spaces, lower case), then GB 32100 checked. */
export const ZUscc = z
  .string({ message: '请输入统一社会信用代码' })
  .max(40, TOO_LONG)
  .transform(normalizeUscc)
  .superRefine((v, ctx) => {
    const m = checkUscc(v);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });

const mobile = z
  .string({ message: '请输入经办人手机号' })
  .trim()
  .max(20, TOO_LONG)
  .superRefine((v, ctx) => {
    const m = checkMobile(v);
    if (m) ctx.addIssue({ code: 'custom', message: m });
  });

/** 单位法人用户注册: the unit, its 经办人, a password, and the code sent to the 经办人's mobile. */
export const ZEmployerRegister = object({
  uscc: ZUscc,
  unitName: text('请输入单位名称', 100, '单位名称'),
  agentName: z
    .string({ message: '请输入经办人姓名' })
    .max(200, TOO_LONG)
    .transform(normalizeRealName)
    .superRefine((v, ctx) => {
      const m = checkRealName('mainland_id', v);
      if (m) ctx.addIssue({ code: 'custom', message: m.replace('姓名', '经办人姓名') });
    }),
  agentMobile: mobile,
  smsCode,
  password,
  confirmPassword,
}).superRefine(checkConfirmation, WHEN_OBJECT);
export type TEmployerRegister = z.output<typeof ZEmployerRegister>;

/** 发送验证码 to the 经办人's mobile (registration). */
export const ZEmployerSmsCode = object({ agentMobile: mobile });

/**
 * 单位 找回密码: a code is asked for by the credit code alone and goes to the 经办人's registered mobile; the
 * reset then takes the code and a new password under the personal 找回密码's rules (schemas/account.ts).
 */
export const ZEmployerResetCode = object({ uscc: ZUscc });
export const ZEmployerPasswordReset = object({ uscc: ZUscc, smsCode, password, confirmPassword }).superRefine(checkConfirmation, WHEN_OBJECT);
export type TEmployerPasswordReset = z.output<typeof ZEmployerPasswordReset>;

/** 单位登录: the credit code and the password, with the image captcha. */
export const ZEmployerLogin = object({
  uscc: z
    .string({ message: '请输入统一社会信用代码' })
    .max(40, TOO_LONG)
    .transform(normalizeUscc)
    .pipe(z.string().min(1, '请输入统一社会信用代码')),
  password: z.string({ message: '请输入密码' }).min(1, '请输入密码').max(64, TOO_LONG),
  captchaId: z.string({ message: '请刷新验证码' }).min(1, '请刷新验证码').max(64, TOO_LONG),
  captchaAnswer: z.string({ message: '请输入验证码' }).trim().min(1, '请输入验证码').max(10, TOO_LONG),
});
export type TEmployerLogin = z.output<typeof ZEmployerLogin>;

/** 提交审核: the unit's address (its region decides the reviewing authority) and the 营业执照 image. */
export const ZEmployerSubmit = object({
  unitName: text('请输入单位名称', 100, '单位名称'),
  address: object({
    provinceId: ref('请选择单位所在地'),
    cityId: ref('请选择单位所在地'),
    countyId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().max(12, TOO_LONG).nullable()),
    detail: text('请输入单位详细地址', 100, '详细地址'),
  }),
  licenseFileId: ref('请上传营业执照（或法人登记证书）图片'),
});
export type TEmployerSubmit = z.output<typeof ZEmployerSubmit>;

/** 在职确认: the person (by the id the list gave) and the employer's answer. */
export const ZEmploymentDecision = object({
  decision: z.enum(['confirmed', 'denied'], { message: '请选择确认在职或非本单位人员' }),
});

/**
 * 单位申报继续教育: one training (公需科目, or 专业科目 线下/线上培训, with the seed's fields and its 培训经历 rows)
 * for many of the employer's confirmed staff at once, with one proof PDF (`training.proofFileId`).
 */
export function employerCeSchemas(now: () => Date) {
  const s = ceSchemas(now);
  const ZEmployerTraining = z.discriminatedUnion('form', [s.ZPublic, s.ZOfflineTraining, s.ZOnlineTraining], { message: '请选择培训类型' });
  const ZEmployerCeFiling = object({
    accountIds: z
      .array(z.string({ message: '请选择参加培训的人员' }).max(64, TOO_LONG), { message: '请选择参加培训的人员' })
      .min(1, '请选择参加培训的人员，至少一人')
      .max(EMPLOYER_CE_MAX_STAFF, `一次申报最多${EMPLOYER_CE_MAX_STAFF}人`),
    training: ZEmployerTraining,
  });
  return { ZEmployerTraining, ZEmployerCeFiling };
}
export type TEmployerCeFiling = z.output<ReturnType<typeof employerCeSchemas>['ZEmployerCeFiling']>;

/** 获得原因 of a credit an employer's filing granted. */
export const employerCeReason = (form: string, unitName: string) => `单位申报（${unitName}）：${form === 'public' ? '公需科目培训' : form === 'online_training' ? '专业科目线上培训' : '专业科目线下培训'}`;

/** 单位会计准则制度反馈意见: the standard (from the library), the clause, the text, an optional PDF. */
export const ZEmployerFeedback = object({
  standardId: ref('请选择会计准则制度'),
  clause: text('请填写条款（如：第十二条）', 100, '条款'),
  content: text('请填写反馈意见', 2000, '反馈意见'),
  attachmentFileId: z.preprocess((v) => (v === '' ? null : v), z.string().max(64, TOO_LONG).nullable().optional()),
});
export type TEmployerFeedback = z.output<typeof ZEmployerFeedback>;
/** 财政部's answer to a feedback. */
export const ZFeedbackAnswer = object({ answer: text('请填写答复内容', 2000, '答复内容') });
export const EMPLOYER_FEEDBACK_STATUSES = { pending: '待答复', answered: '已答复' } as const;
