import { z } from '../zod';
import { ACCOUNTING_POSITIONS, ACCOUNTING_POSTS, COLLECTION_SCOPES, DEGREES, EDUCATION_LEVELS, ETHNICITIES, INDUSTRIES, POLITICAL_STATUSES, POST_LEVELS, STUDY_MODES, UNIT_TYPES, type CodeOf, type CodeTable } from './codes';

// The code tables of codes.ts as Zod enums, for the request schemas; apart from the tables so that a page that
// reads a table (a label, a rank) loads no zod.

/** A Zod enum of a table's codes whose every refusal (missing, empty, unknown) says `message`. */
export function codeEnum<const T extends CodeTable>(table: T, message: string) {
  const codes = table.map((x) => x.code) as unknown as readonly [CodeOf<T>, ...CodeOf<T>[]];
  return z.enum(codes, { message });
}

export const ZPoliticalStatus = codeEnum(POLITICAL_STATUSES, '请选择政治面貌');
export const ZEthnicity = codeEnum(ETHNICITIES, '请选择民族');
export const ZStudyMode = codeEnum(STUDY_MODES, '请选择培养方式');
export const ZEducationLevel = codeEnum(EDUCATION_LEVELS, '请选择学历');
export const ZDegree = codeEnum(DEGREES, '请选择学位');
export const ZUnitType = codeEnum(UNIT_TYPES, '请选择单位类型');
export const ZIndustry = codeEnum(INDUSTRIES, '请选择所属行业');
export const ZPostLevel = codeEnum(POST_LEVELS, '请选择会计人员岗位层级');
export const ZAccountingPosition = codeEnum(ACCOUNTING_POSITIONS, '请选择从事会计工作岗位');
export const ZAccountingPost = codeEnum(ACCOUNTING_POSTS, '请选择会计专业职务');
export const ZCollectionScope = codeEnum(COLLECTION_SCOPES, '请选择采集范围');
