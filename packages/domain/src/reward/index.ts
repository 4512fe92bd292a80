import { z } from '../zod';
import { chinaToday, isIsoDate } from '../collection/dates';

// 会计人员奖惩记录 (seed 001 首页; issue 26): an accountant's rewards and penalties, recorded by staff or added by
// an approved 奖惩申请 (a review kind that holds a transfer back while open: transfer openApplicationLabel).

export const REWARD_KINDS = [
  { code: 'reward', name: '奖励' },
  { code: 'penalty', name: '惩戒' },
] as const;
export type RewardKind = (typeof REWARD_KINDS)[number]['code'];
export const rewardKindName = (code: string) => REWARD_KINDS.find((k) => k.code === code)?.name ?? '';

export const REWARD_SOURCES = { staff: '会计管理部门录入', application: '本人申请' } as const;
export type RewardSource = keyof typeof REWARD_SOURCES;

export const REWARD_APPLICATION_STATUSES = { pending: '待审核', approved: '审核通过', rejected: '审核不通过', withdrawn: '已撤回' } as const;
export type RewardApplicationStatus = keyof typeof REWARD_APPLICATION_STATUSES;

/** The review engine's kind of a 奖惩申请. */
export const REWARD_KIND = 'reward_application';



/** The fields a reward or penalty names, with `now` deciding the latest date allowed. */
function fields(now: () => Date) {
  return {
    reason: z.string({ message: '请填写奖惩事由' }).trim().min(2, '请填写奖惩事由').max(200, '奖惩事由不能超过200个字'),
    occurredOn: z
      .string({ message: '请选择奖惩日期' })
      .trim()
      .refine(isIsoDate, '奖惩日期格式不正确')
      .refine((d) => d >= '1950-01-01', '奖惩日期不正确')
      .refine((d) => d <= chinaToday(now()), '奖惩日期不能晚于今天'),
    docNumber: z.string({ message: '请填写文件编号' }).trim().min(1, '请填写文件编号').max(50, '文件编号不能超过50个字'),
    issuer: z.string({ message: '请填写奖惩单位' }).trim().min(2, '请填写奖惩单位').max(60, '奖惩单位不能超过60个字'),
  };
}

export function rewardSchemas(now: () => Date) {
  /** The console's entry: the person by 证件号码 (居民身份证), the kind and the document. */
  const ZRewardRecordInput = z.object(
    {
      idNumber: z
        .string({ message: '请填写证件号码' })
        .trim()
        .toUpperCase()
        .refine((v) => /^[0-9A-Z]{5,18}$/.test(v), '证件号码格式不正确'),
      kind: z.enum(['reward', 'penalty'], { message: '请选择奖惩类型' }),
      ...fields(now),
    },
    { message: '请求内容格式不正确' },
  );
  /** The accountant's 奖惩申请: a reward only, with its proof (PDF). */
  const ZRewardApplication = z.object(
    {
      ...fields(now),
      proofFileId: z.string({ message: '请上传证明材料' }).min(1, '请上传证明材料').max(64, '请上传证明材料'),
    },
    { message: '请求内容格式不正确' },
  );
  return { ZRewardRecordInput, ZRewardApplication };
}
export type TRewardRecordInput = z.infer<ReturnType<typeof rewardSchemas>['ZRewardRecordInput']>;
export type TRewardApplication = z.infer<ReturnType<typeof rewardSchemas>['ZRewardApplication']>;

