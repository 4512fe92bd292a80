import { z } from '../zod';
import { INDUSTRIES, STUDY_MODES, UNIT_TYPES } from '../collection/codes';
import { codeEnum } from '../collection/code-enums';
import { chinaToday, EARLIEST_COLLECTION_DATE, isIsoDate } from '../collection/dates';
import { fieldSchemas } from '../collection/schemas';
import { checkUscc, normalizeUscc } from '../collection/uscc';
import { UPLOAD_RULES } from '../uploads';

// 属地关系调转 (seeds 003 §5, 000 §5; issue 20): the reasons and their forms, the refusals of 图 5-4, the
// states of 调转记录. Read by the portal's form and by the server (modules/transfer).

const { object, optional, text, ref } = fieldSchemas;

/**
 * 调转原因 with the second line of the upload hint for each (seed 000 图 5-2: 工作岗位变动请上传…).
 * The territorial principle (seed 001): the unit's place first, then the school's, then the household's.
 */
export const TRANSFER_REASONS = [
  { code: 'work', name: '工作单位所在地变动', proofHint: '工作岗位变动请上传统一社会信用代码证或工作单位证明' },
  { code: 'school', name: '学籍所在地变动', proofHint: '学籍变动请上传录取通知书、学生证或其他学习证明' },
  { code: 'household', name: '户籍所在地或居住地变动', proofHint: '户籍或居住地变动请上传身份证、户籍证明或居住证明' },
] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number]['code'];

export const transferReasonName = (code: string) => TRANSFER_REASONS.find((r) => r.code === code)?.name ?? code;

/** The seed's two-line hint under 上传调转证明材料: the file rule, then what the chosen reason asks for. */
export function transferProofHint(reason: TransferReason | null): [string, string] {
  const line1 = `1.${UPLOAD_RULES.transfer_proof.text}。`;
  const line2 = reason
    ? `2.${TRANSFER_REASONS.find((r) => r.code === reason)!.proofHint}。`
    : `2.${TRANSFER_REASONS.map((r) => r.proofHint).join('，')}。`;
  return [line1, line2];
}

/**
 * 调转状态. A transfer is decided twice: the current authority 调出 (out), then the chosen one 调入 (in);
 * 调出待审 and 调入地已接收 are the seed's words (000 图 5-5), the others name the same steps.
 */
export const TRANSFER_STATUSES = {
  out_pending: '调出待审',
  out_rejected: '调出地未通过',
  in_pending: '调入待审',
  in_rejected: '调入地未接收',
  accepted: '调入地已接收',
  withdrawn: '已撤回',
} as const;
export type TransferStatus = keyof typeof TRANSFER_STATUSES;
export const OPEN_TRANSFER_STATUSES: readonly TransferStatus[] = ['out_pending', 'in_pending'];

/** 调转类型: within one province or across (国管局 counts as a province of its own, as the seed's list shows). */
export type TransferType = 'within' | 'across';
export const TRANSFER_TYPES: Record<TransferType, string> = { within: '省内调转', across: '跨省调转' };
export const transferType = (fromProvinceId: string, toProvinceId: string): TransferType => (fromProvinceId === toProvinceId ? 'within' : 'across');

// ---- the refusals at 提交审核 (seed 5.1, 图 5-4) ----

export const TRANSFER_REFUSALS = {
  collection: '信息采集未完成或尚未审核通过，不能申请调转',
  sameAuthority: '选择的调入会计管理机构与当前所属会计管理机构相同，无需调转',
  openApplication: (label: string) => `您有审核中的${label}申请，请待审核完成后再申请调转`,
} as const;

/** The kinds of application that, while in review, hold a transfer back, named as the refusal names them. */
export function openApplicationLabel(kind: string): string | null {
  if (kind.startsWith('change_')) return '信息变更';
  if (kind.startsWith('transfer_')) return '调转';
  if (kind.startsWith('reward_') || kind === 'reward') return '奖惩';
  if (kind.startsWith('equivalent_') || kind === 'ce_equivalent') return '视同教育';
  return null;
}

/**
 * Why a transfer may not be filed, or null: 信息采集 not approved; a change, transfer, 奖惩 or 视同教育
 * application in review (the kinds of the person's open review items); the chosen authority the current one.
 */
export function transferRefusal(input: {
  collectionStatus: string;
  currentAuthorityId: string | null;
  chosenAuthorityId: string;
  openKinds: readonly string[];
}): { code: 'collection' | 'open' | 'same'; message: string } | null {
  if (input.collectionStatus !== 'approved' || !input.currentAuthorityId) return { code: 'collection', message: TRANSFER_REFUSALS.collection };
  for (const kind of input.openKinds) {
    const label = openApplicationLabel(kind);
    if (label) return { code: 'open', message: TRANSFER_REFUSALS.openApplication(label) };
  }
  if (input.chosenAuthorityId === input.currentAuthorityId) return { code: 'same', message: TRANSFER_REFUSALS.sameAuthority };
  return null;
}

// ---- the request ----

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 调转申请 (seed 000 图 5-2, 5-3): the reason's own fields, the 调入会计管理机构 and one proof image. */
export function transferSchemas(now: () => Date) {
  const date = (label: string, required: string) =>
    z
      .string({ message: required })
      .trim()
      .superRefine((v, ctx) => {
        let message: string | null = null;
        if (!v) message = required;
        else if (!isIsoDate(v)) message = `${label}格式不正确`;
        else if (v < EARLIEST_COLLECTION_DATE) message = `${label}不能早于${EARLIEST_COLLECTION_DATE}`;
        else if (v > chinaToday(now())) message = `${label}不能晚于今天`;
        if (message) ctx.addIssue({ code: 'custom', message });
      });

  const authority = object(
    {
      provinceId: ref('请选择调入会计管理机构所在省份'),
      cityId: ref('请选择调入会计管理机构所在地市'),
      countyId: optional(ref('请选择调入会计管理机构所在区县')),
    },
    '请选择调入会计管理机构',
  );
  const common = { authority, proofFileId: ref('请上传调转证明材料') };

  const ZWorkTransfer = object({
    reason: z.literal('work'),
    unitName: text('请输入拟调入单位名称', 100, '拟调入单位名称'),
    uscc: z
      .string({ message: '请输入拟调入单位统一社会信用代码' })
      .max(40, '输入内容过长')
      .overwrite(normalizeUscc)
      .superRefine((v, ctx) => {
        const message = checkUscc(v);
        if (message) ctx.addIssue({ code: 'custom', message });
      }),
    unitType: codeEnum(UNIT_TYPES, '请选择拟调入单位经济类型'),
    industry: codeEnum(INDUSTRIES, '请选择拟调入单位所属行业'),
    address: object(
      {
        provinceId: ref('请选择拟调入单位地址'),
        cityId: ref('请选择拟调入单位地址'),
        countyId: optional(ref('请选择拟调入单位地址')),
        detail: optional(text('请输入拟调入单位详细地址', 100, '详细地址')),
      },
      '请选择拟调入单位地址',
    ),
    phone: optional(
      z
        .string()
        .trim()
        .max(20, '请输入正确的电话号码')
        .regex(/^\d(?:[\d-]*\d)?$/, '请输入正确的电话号码'),
    ),
    startDate: date('拟调入单位工作开始时间', '请选择拟调入单位工作开始时间'),
    ...common,
  });

  const ZSchoolTransfer = object({
    reason: z.literal('school'),
    school: text('请输入拟入学校名称', 60, '拟入学校名称'),
    major: text('请输入所学专业', 50, '所学专业'),
    studyMode: codeEnum(STUDY_MODES, '请选择培养方式'),
    startDate: date('入学时间', '请选择入学时间'),
    ...common,
  });

  const ZHouseholdTransfer = object({
    reason: z.literal('household'),
    place: text('请输入转入户籍所在地或居住地', 100, '转入户籍所在地或居住地'),
    ...common,
  });

  // The reason decides the form; without one, only its own message (not every field's).
  const ZTransferRequest = z.discriminatedUnion('reason', [ZWorkTransfer, ZSchoolTransfer, ZHouseholdTransfer], {
    error: (iss) => (iss.input === undefined || isRecord(iss.input) ? '请选择调转原因' : '请求内容格式不正确'),
  });

  return { ZTransferRequest, ZWorkTransfer, ZSchoolTransfer, ZHouseholdTransfer };
}

type Schemas = ReturnType<typeof transferSchemas>;
export type TTransferRequest = z.output<Schemas['ZTransferRequest']>;
export type TWorkTransfer = z.output<Schemas['ZWorkTransfer']>;

/** One row of 调转记录 as GET /api/transfer answers it; `D` a Date on the server, a string in the browser. */
export type TransferRecord<D = string> = {
  id: string;
  status: TransferStatus;
  statusLabel: string;
  type: TransferType;
  typeLabel: string;
  reason: TransferReason;
  reasonLabel: string;
  /** 调出时间: the application's day; 调入时间: the acceptance's. */
  outAt: D;
  inAt: D | null;
  from: { province: string; city: string; county: string; label: string };
  to: { province: string; city: string; county: string; label: string };
  /** The reason's fields as 调转详情 lists them (label, value), the USCC and phone masked. */
  details: Array<{ label: string; value: string }>;
  proofFileId: string;
  opinion: string | null;
  /** The open review item (调出 or 调入), for 撤回. */
  openReviewItemId: string | null;
};
