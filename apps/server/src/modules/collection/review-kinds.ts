import { eq, and, inArray } from 'drizzle-orm';
import {
  ACCOUNTING_POSITIONS,
  ACCOUNTING_POSTS,
  codeName,
  periodText,
  COLLECTION_SCOPES,
  DEGREES,
  EDUCATION_LEVELS,
  ETHNICITIES,
  INDUSTRIES,
  POLITICAL_STATUSES,
  POST_LEVELS,
  STUDY_MODES,
  UNIT_TYPES,
  type BasicData,
  type TEducationRequest,
  type WorkData,
} from '@ausm/domain';
import type { Tx } from '../../db/client';
import type { ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import { collectionProfiles, educationRecords, workRecords, type DegreeCheckState, type PartStatus } from './tables';

export const COLLECTION_KINDS = {
  basic: 'collection_basic',
  education: 'collection_education',
  work: 'collection_work',
} as const;

const DEGREE_CHECK_TEXT: Record<DegreeCheckState, string> = {
  verified: '学信网已核验',
  failed: '学信网核验未通过（已上传证书）',
  unavailable: '学信网核验服务不可用（已上传证书）',
  not_applicable: '无需核验',
  unchecked: '未核验',
};

const SEX_TEXT = { male: '男', female: '女' } as const;
const until = (d: string | null | undefined) => d ?? '至今';


/** 基本信息 as the reviewer reads it: names, not codes. */
export function basicDisplay(
  scope: string | null,
  basic: BasicData,
  fixed: { idTypeLabel: string; idNumber: string; realName: string; sex: string | null; birthDate: string | null },
  authorityName: string,
  qualification: { verified: boolean } | null,
): Record<string, unknown> {
  return {
    scope: scope ? codeName(COLLECTION_SCOPES, scope) : '',
    // Unmasked: the reviewer compares them with the photo and the ID proofs.
    idType: fixed.idTypeLabel,
    idNumber: fixed.idNumber,
    realName: fixed.realName,
    sex: fixed.sex ? SEX_TEXT[fixed.sex as 'male' | 'female'] : '',
    birthDate: fixed.birthDate ?? '',
    politicalStatus: codeName(POLITICAL_STATUSES, basic.politicalStatus),
    ethnicity: codeName(ETHNICITIES, basic.ethnicity),
    email: basic.email ?? '',
    address: `${basic.address.regionName} ${basic.address.detail ?? ''}`.trim(),
    postalCode: basic.postalCode ?? '',
    residencePermitNo: basic.residencePermitNo ?? '',
    authority: authorityName,
    qualification: qualification === null ? '' : qualification.verified ? '已核验全国证书库' : '全国证书库未查到证书（未核验）',
  };
}

export function educationDisplay(d: TEducationRequest, degreeCheck: DegreeCheckState): Record<string, unknown> {
  return {
    studyMode: codeName(STUDY_MODES, d.studyMode),
    school: d.school,
    startDate: d.startDate,
    endDate: until(d.endDate),
    educationLevel: codeName(EDUCATION_LEVELS, d.educationLevel),
    diplomaNo: d.diplomaNo ?? '',
    degree: codeName(DEGREES, d.degree),
    degreeNo: d.degreeNo ?? '',
    major: d.major,
    degreeCheck: DEGREE_CHECK_TEXT[degreeCheck],
  };
}

export function workDisplay(d: WorkData): Record<string, unknown> {
  return {
    startDate: d.startDate,
    endDate: until(d.endDate),
    unitName: d.unitName,
    uscc: d.uscc,
    unitType: codeName(UNIT_TYPES, d.unitType),
    industry: codeName(INDUSTRIES, d.industry),
    address: `${d.address.regionName} ${d.address.detail ?? ''}`.trim(),
    phone: d.phone ?? '',
    hasAccountingExperience: d.hasAccountingExperience ? '是' : '否',
    experiences: d.experiences
      .map((e) => `${codeName(POST_LEVELS, e.postLevel)} · ${codeName(ACCOUNTING_POSITIONS, e.position)} · ${periodText(e.startDate, e.endDate)}`)
      .join('；'),
    accountingPost: d.accountingPost ? codeName(ACCOUNTING_POSTS, d.accountingPost) : '',
    appointmentDate: d.appointmentDate ?? '',
  };
}

export const BASIC_FIELDS = [
  { key: 'scope', label: '采集范围' },
  { key: 'idType', label: '有效证件类型' },
  { key: 'idNumber', label: '有效身份证件号码' },
  { key: 'realName', label: '姓名' },
  { key: 'sex', label: '性别' },
  { key: 'birthDate', label: '出生年月' },
  { key: 'politicalStatus', label: '政治面貌' },
  { key: 'ethnicity', label: '民族' },
  { key: 'email', label: '邮箱' },
  { key: 'address', label: '通讯地址' },
  { key: 'postalCode', label: '邮编' },
  { key: 'residencePermitNo', label: '港澳台居民居住证/外国人永久居留证' },
  { key: 'authority', label: '会计管理部门' },
  { key: 'qualification', label: '全国证书库核验' },
];
export const EDUCATION_FIELDS = [
  { key: 'studyMode', label: '培养方式' },
  { key: 'school', label: '学校名称(全称)' },
  { key: 'startDate', label: '入学时间' },
  { key: 'endDate', label: '毕业时间' },
  { key: 'educationLevel', label: '学历' },
  { key: 'diplomaNo', label: '学历证书编号' },
  { key: 'degree', label: '学位' },
  { key: 'degreeNo', label: '学位证书编号' },
  { key: 'major', label: '所学专业' },
  { key: 'degreeCheck', label: '学信网核验' },
];
export const WORK_FIELDS = [
  { key: 'startDate', label: '工作开始时间' },
  { key: 'endDate', label: '工作结束时间' },
  { key: 'unitName', label: '单位名称' },
  { key: 'uscc', label: '统一社会信用代码' },
  { key: 'unitType', label: '单位类型' },
  { key: 'industry', label: '所属行业' },
  { key: 'address', label: '工作单位地址' },
  { key: 'phone', label: '工作单位电话' },
  { key: 'hasAccountingExperience', label: '是否有会计工作经历' },
  { key: 'experiences', label: '会计工作经历' },
  { key: 'accountingPost', label: '会计专业职务' },
  { key: 'appointmentDate', label: '会计专业职务聘任时间' },
];

/**
 * The three kinds of collection review item. A decision lands on the part whose latest item it
 * is; an item a newer submission replaced changes nothing.
 */
export function collectionReviewKinds(): ReviewKindHandler[] {
  const decide = (table: typeof collectionProfiles | typeof educationRecords | typeof workRecords) => {
    const set = async (tx: Tx, item: ReviewItem, status: PartStatus, opinion: string | null) => {
      await tx
        .update(table)
        .set({ reviewStatus: status, reviewOpinion: opinion })
        .where(and(eq(table.reviewItemId, item.id), inArray(table.reviewStatus, ['pending', 'in_review'])));
    };
    return {
      onApproved: (tx: Tx, item: ReviewItem) => set(tx, item, 'approved', item.opinion),
      onRejected: (tx: Tx, item: ReviewItem) => set(tx, item, 'rejected', item.opinion),
      onWithdrawn: (tx: Tx, item: ReviewItem) => set(tx, item, 'draft', null),
    };
  };
  return [
    { kind: COLLECTION_KINDS.basic, label: '信息采集·基本信息', fields: BASIC_FIELDS, ...decide(collectionProfiles) },
    { kind: COLLECTION_KINDS.education, label: '信息采集·教育经历', fields: EDUCATION_FIELDS, ...decide(educationRecords) },
    { kind: COLLECTION_KINDS.work, label: '信息采集·工作经历', fields: WORK_FIELDS, ...decide(workRecords) },
  ];
}
