import { ID_PROVINCES } from '../codes/id-regions';

// 统一社会信用代码, GB 32100-2015 法人和其他组织统一社会信用代码编码规则:
//   1     登记管理部门代码       (1 机构编制, 5 民政, 9 工商, Y 其他, and the codes added since)
//   2     机构类别代码           (per registration authority)
//   3-8   登记管理机关行政区划码 (GB/T 2260)
//   9-17  主体标识码 = 组织机构代码 (GB 11714: 8 characters and their check character)
//   18    校验码                 (mod 31 over the first 17)
// Characters: 0-9 and the capital letters without I, O, Z, S, V.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * 机构类别代码 allowed under each 登记管理部门代码. 1, 5, 9 and Y are the standard's own; the others were
 * assigned later (外交, 司法行政, 文化, 旅游, 宗教, 工会, 中央军委改革和编制办公室, 农业) and are taken
 * with any type digit rather than refuse a real code over a list we cannot be sure is complete.
 */
const TYPES_BY_AUTHORITY: Readonly<Record<string, string>> = {
  '1': '1239', // 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '5': '1239', // 社会团体, 民办非企业单位, 基金会, 其他
  '9': '123', // 企业, 个体工商户, 农民专业合作社
  Y: '1',
  '2': '123456789',
  '3': '123456789',
  '4': '123456789',
  '6': '123456789',
  '7': '123456789',
  '8': '123456789',
  A: '123456789',
  N: '123456789',
};

/** Province parts of the region code besides GB/T 2260's: 10 (organisations registered nationally), 66 (兵团). */
const EXTRA_REGION_PREFIXES = ['10', '66'];

/** Trims, drops inner spaces, upper-cases; NFKC turns full-width input (９１３５…) into ASCII first. */
export function normalizeUscc(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** GB 11714 check of an 8-character organisation code body: weights 3 7 9 10 5 8 4 2, mod 11. */
export function organizationCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    // Digits count as themselves, letters A-Z as 10-35 (GB 11714 annex).
    sum += parseInt(body8[i]!, 36) * weights[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character from the first 17 characters: weight of position i (from 0) is 3^i mod 31. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    sum += CHARSET.indexOf(first17[i]!) * weight;
    weight = (weight * 3) % 31;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** null when the code is a valid 统一社会信用代码, else the Chinese message shown beside the field. */
export function checkUscc(raw: string): string | null {
  const code = normalizeUscc(raw);
  if (!code) return '请输入统一社会信用代码';
  if (code.length !== 18) return '统一社会信用代码应为18位';
  if (![...code].every((ch) => CHARSET.includes(ch))) {
    return '统一社会信用代码格式不正确（由数字和除I、O、Z、S、V以外的大写字母组成）';
  }
  const types = TYPES_BY_AUTHORITY[code[0]!];
  if (!types || !types.includes(code[1]!)) return '统一社会信用代码格式不正确';
  const region = code.slice(2, 8);
  if (!/^\d{6}$/.test(region)) return '统一社会信用代码格式不正确';
  const province = region.slice(0, 2);
  if (!ID_PROVINCES[province] && !EXTRA_REGION_PREFIXES.includes(province)) return '统一社会信用代码格式不正确';
  if (organizationCodeCheckChar(code.slice(8, 16)) !== code[16]) return '统一社会信用代码校验位不正确';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确';
  return null;
}
