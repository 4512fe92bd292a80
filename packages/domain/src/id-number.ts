import { z } from './zod';
import { ID_PREFECTURES, ID_PROVINCES, ID_RETIRED_PREFECTURES } from './codes/id-regions';

/** 证件类型 (seed 003 §1.1): the four types a person registers with. */
export const ID_TYPES = [
  { value: 'mainland_id', label: '内地居民身份证' },
  { value: 'hk_macao_permit', label: '港澳居民来往内地通行证' },
  { value: 'taiwan_permit', label: '台湾居民来往大陆通行证' },
  { value: 'foreign_passport', label: '护照（外国）' },
] as const;

export type IdType = (typeof ID_TYPES)[number]['value'];
export const ZIdType = z.enum(['mainland_id', 'hk_macao_permit', 'taiwan_permit', 'foreign_passport'], { message: '请选择证件类型' });
export const idTypeLabel = (t: IdType) => ID_TYPES.find((x) => x.value === t)?.label ?? t;

/**
 * Trims, drops inner spaces, upper-cases (a trailing x becomes X). NFKC first turns the full-width
 * digits and letters of a Chinese input method (１１０１…ｘ) and the ideographic space into ASCII.
 * The same for every type: all four are written in ASCII letters and digits.
 */
export function normalizeIdNumber(_idType: IdType | string, raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

// GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character of an 18-digit ID number, from its first 17 digits. */
export function mainlandIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('first17 must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

/**
 * Region rule (docs/decisions/0003). ID numbers keep the region code they were issued with for life,
 * also after the county was merged, renamed or moved, so checking all six digits against today's
 * county list would refuse real people. Province plus prefecture is the strict-but-safe check: the
 * first 2 digits are a known province and the first 4 a known prefecture code (in force or retired),
 * or a municipality's / 省直辖 code (city part 01, 02 or 90) under a known province.
 */
export function isKnownIdRegion(code6: string): boolean {
  if (!/^\d{6}$/.test(code6)) return false;
  const province = code6.slice(0, 2);
  if (!ID_PROVINCES[province]) return false;
  // 台湾省 and the 港澳台居民居住证 numbers (810000 / 820000 / 830000) have no prefectures.
  if (['71', '81', '82', '83'].includes(province)) return true;
  const prefecture = code6.slice(0, 4);
  if (ID_PREFECTURES[prefecture] || ID_RETIRED_PREFECTURES[prefecture]) return true;
  return ['01', '02', '90'].includes(code6.slice(2, 4));
}

/**
 * The facts an 18-digit number carries, or null when it is structurally invalid (format, calendar
 * date or check character). The region is not judged here: checkIdNumber does that.
 */
export function parseMainlandId(raw: string): { regionCode: string; birthDate: string; gender: 'male' | 'female' } | null {
  const idNumber = normalizeIdNumber('mainland_id', raw);
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  if (!isCalendarDate(y, m, d)) return null;
  if (mainlandIdCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return null;
  return {
    regionCode: idNumber.slice(0, 6),
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    // The 17th digit (sequence code) is odd for men, even for women.
    gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  };
}

function checkMainlandId(id: string, today: Date): string | null {
  if (id.length !== 18) return '身份证号码应为18位';
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码格式不正确（前17位为数字，最后一位为数字或X）';
  if (!isKnownIdRegion(id.slice(0, 6))) return '身份证号码的地区码无效';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isCalendarDate(y, m, d) || y < 1900) return '身份证号码中的出生日期无效';
  // Compare as China calendar dates: the birth day must not be after today.
  const todayCn = new Date(today.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` > todayCn) return '身份证号码中的出生日期无效';
  if (mainlandIdCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号码校验位不正确，请核对后重新输入';
  return null;
}

/**
 * null when the number is valid for its type, else the Chinese message shown beside the field.
 * - 港澳居民来往内地通行证: H or M + 8 digits (the card since 2013), or + 10 digits (the older booklet).
 * - 台湾居民来往大陆通行证: 8 digits (the card since 2015). The older 10-character forms that records
 *   still carry are accepted too: 10 digits (the booklet's number with its 2-digit issue count), or
 *   one letter and 9 digits (the 台湾身份证 number some holders registered with).
 * - 护照（外国）: 5–17 letters and digits with at least one digit (ICAO 9303 allows up to 9 in the
 *   MRZ; some states issue longer numbers printed elsewhere on the page).
 */
export function checkIdNumber(idType: IdType, idNumber: string, today: Date): string | null {
  const id = normalizeIdNumber(idType, idNumber);
  if (!id) return '请输入证件号码';
  switch (idType) {
    case 'mainland_id':
      return checkMainlandId(id, today);
    case 'hk_macao_permit':
      return /^[HM]\d{8}(\d{2})?$/.test(id) ? null : '港澳居民来往内地通行证号码格式不正确（H或M开头，后跟8位或10位数字）';
    case 'taiwan_permit':
      return /^(\d{8}|\d{10}|[A-Z]\d{9})$/.test(id) ? null : '台湾居民来往大陆通行证号码格式不正确（8位数字，旧证10位数字或1位字母加9位数字）';
    case 'foreign_passport':
      return /^[A-Z0-9]{5,17}$/.test(id) && /\d/.test(id) ? null : '护照号码格式不正确（5-17位字母和数字）';
    default:
      return '请选择证件类型';
  }
}
