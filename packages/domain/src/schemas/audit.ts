import { z } from '../zod';
import { ZStaffUsername } from './console';

// 审计日志 (等保 2.0 level 3, 安全审计): what the audit trail records, the names the console shows, how
// long it is kept, and the search an administrator runs on it.

/** Every kind of audit event, with the name the console shows. */
export const AUDIT_EVENT_LABELS = {
  // An accountant's own security events.
  register: '注册',
  login_success: '登录成功',
  login_failure: '登录失败',
  lockout: '账号锁定',
  password_reset: '找回密码',
  logout: '退出登录',
  wechat_bind: '绑定微信',
  wechat_unbind: '解绑微信',
  mobile_change: '修改手机号',
  // Staff work on staff.
  staff_create: '新增财政用户',
  staff_roles_change: '修改角色',
  staff_disable: '停用财政用户',
  staff_enable: '启用财政用户',
  staff_update: '修改财政用户信息',
  staff_password_reset: '重置财政用户密码',
  // Staff work on people.
  collection_import: '导入历史采集信息',
  personal_data_view: '查看个人信息',
  personal_data_export: '导出个人信息',
  review_claim: '受理审核事项',
  review_approve: '审核通过',
  review_reject: '审核不通过',
  notice_retry: '重发审核结果通知',
  password_change: '修改密码',
  totp_enroll: '绑定动态口令',
  exam_create: '创建考试',
  exam_province_settings: '设置考试报名',
  ce_year_settings: '设置继续教育年度要求',
  standard_save: '保存会计准则制度',
  standard_publish: '发布会计准则制度',
  standard_unpublish: '撤回发布会计准则制度',
  reward_record: '录入奖惩记录',
  reward_revoke: '撤销奖惩记录',
  talent_year_save: '编辑高端会计人才培养项目',
  enrollment_submit: '提交考试报名',
  order_create: '生成缴费订单',
  enrollment_cancel: '重新报名（取消原报名）',
  payment_refund: '报名费退款',
  score_import: '导入考试成绩',
  employer_register: '单位法人用户注册',
  employer_login: '单位法人用户登录',
  employer_password_reset: '单位法人用户找回密码',
  employer_employment: '单位确认人员在职情况',
  employer_staff_export: '单位导出会计人员名单',
  certificate_revoke: '撤销资格证书',
} as const;

export type AuditEventKind = keyof typeof AUDIT_EVENT_LABELS;
export const AUDIT_EVENT_KINDS = Object.keys(AUDIT_EVENT_LABELS) as [AuditEventKind, ...AuditEventKind[]];

/** The console's name of a kind; a kind this build does not know is shown as stored. */
export const auditEventLabel = (kind: string): string => (AUDIT_EVENT_LABELS as Record<string, string>)[kind] ?? kind;

/**
 * 《网络安全法》第二十一条 and 等保 2.0 level 3: network logs are kept no less than six months. Six calendar
 * months are at most 184 days; the floor is 183 as the platform's setting rounds it, and the database's
 * trigger refuses to delete anything younger whatever the setting says.
 */
export const AUDIT_RETENTION_MIN_DAYS = 183;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An ID number or a mobile must never be a search term: the trail is searched by ids only, and a
// number typed here would end up in URLs and logs.
const LOOKS_PERSONAL = /^(\d{17}[\dXx]|\d{15}|1\d{10})$/;

/** 对象: an account id, a staff id, or a staff member's username. */
export const ZAuditSubject = z
  .string()
  .trim()
  .max(64, '输入内容过长')
  .refine((v) => !LOOKS_PERSONAL.test(v), '不能按证件号码或手机号查询，请输入账号ID、财政用户ID或用户名')
  .refine((v) => UUID.test(v) || ZStaffUsername.safeParse(v).success, '请输入账号ID、财政用户ID或用户名');

export const isAuditId = (v: string) => UUID.test(v);

const ZDay = z.iso.date('日期格式应为 YYYY-MM-DD');

/** The search of the audit trail: dates are China time, both ends included; a blank filter is left out. */
export const ZAuditQuery = z
  .object({
    from: ZDay.optional(),
    to: ZDay.optional(),
    kind: z.enum(AUDIT_EVENT_KINDS, { message: '事件类型不正确' }).optional(),
    actor: ZStaffUsername.optional(),
    subject: ZAuditSubject.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/** A filter field left blank is no filter; filled, it follows the rule above (the console's form). */
const blankOr = (schema: z.ZodType<string>) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === '') return;
    const r = schema.safeParse(v);
    if (!r.success) ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? '输入内容不正确' });
  });

export const auditSchemas = {
  ZAuditFilter: z.object({ actor: blankOr(ZStaffUsername), subject: blankOr(ZAuditSubject) }),
};
