import type { IdType } from './id-number';

/** Length in Unicode code points: a character outside the BMP (𠮷) counts once, not twice. */
export const codePointLength = (s: string) => [...s].length;

// A Han character of any CJK block, the extensions outside the BMP included (𠮷 U+20BB7). Kangxi and
// supplementary radicals (⼀ looks like 一 but is U+2F00, it comes from copying out of PDFs) and the
// Japanese iteration marks 々 〻 are Script=Han too, but no ID card carries them.
const HAN = String.raw`(?:(?![\u2E80-\u2FDF\u3005\u303B])\p{Script=Han})`;
const LETTER = String.raw`(?:${HAN}|\p{Script=Latin})`;
// Mainland names: Han characters, and the middle dot between the parts of a minority name
// (阿依古丽·买买提), never leading, trailing or doubled.
const MAINLAND_NAME = new RegExp(String.raw`^${HAN}+(?:·${HAN}+)*$`, 'u');
// Names on permits and passports: Han or Latin letters with spaces, . - ' and the middle dot between.
const OTHER_NAME = new RegExp(String.raw`^${LETTER}(?:${LETTER}|[ .'·-])*$`, 'u');

// Dots people type for the 间隔号 with other input methods: • ・ ･ ‧ ∙ ⋅ and the Greek ano teleia.
const DOT_LOOKALIKES = /[\u2022\u30FB\uFF65\u2027\u2219\u22C5\u0387]/g;

/**
 * The name as it is stored and compared: trimmed, inner runs of white space made one space, full-width
 * Latin letters and spaces made ASCII (NFKC, applied to non-Han characters only so that no ideograph
 * is ever swapped for another code point), and dot look-alikes made the middle dot '·'.
 */
export function normalizeRealName(name: string): string {
  return name
    .replace(/\P{Script=Han}+/gu, (run) => run.normalize('NFKC'))
    .replace(DOT_LOOKALIKES, '·')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * null when the name suits the ID type, else the message shown beside the field. Lengths are counted
 * in code points, so a name with a character outside the BMP is not refused as too long.
 * Mainland ID: 2-30 Han characters and '·'. Other types: 2-60 characters, Han or Latin letters with
 * spaces, '.', '-', "'" and '·'.
 */
export function checkRealName(idType: IdType, name: string): string | null {
  const n = normalizeRealName(name);
  if (!n) return '请输入真实姓名';
  const length = codePointLength(n);
  if (idType === 'mainland_id') {
    if (length < 2) return '姓名至少2个字';
    if (length > 30) return '姓名不能超过30个字';
    return MAINLAND_NAME.test(n) ? null : '姓名格式不正确，只能包含汉字和间隔号“·”，生僻字请点击右侧“生僻字”选择';
  }
  if (length < 2) return '姓名至少2个字符';
  if (length > 60) return '姓名不能超过60个字符';
  return OTHER_NAME.test(n) ? null : '姓名格式不正确，请按证件上的姓名填写';
}

/**
 * The 生僻字录入 picker (seed 001 §1.1 shows 䶮 瓘 昲 頔 䜣 㑇 婧 桦 砾 ...): characters people really
 * carry in names that common input methods lack or hide, including several outside the BMP (most of
 * those are in the 通用规范汉字表 of 2013 because they occur in names).
 */
export const RARE_CHARACTERS: readonly string[] = [
  '䶮', '瓘', '昲', '頔', '䜣', '㑇', '婧', '砾', '桦', '枞', '鹈', '挦', '䴖', '蹒', '茑', '闶',
  '堃', '喆', '赟', '玥', '珺', '昇', '燚', '犇', '骉', '淼', '垚', '鑫', '龑', '䶵', '㵘', '彧',
  '斌', '翀', '暐', '祎', '祐', '琇', '璟', '旻', '晔', '靓', '媖', '嫚', '敩', '鋆', '昉', '珏',
  '𠮷', '𡘙', '𪚥', '𬍤', '𬌗', '𬣙', '𬇕', '𬭚', '𫖯', '𬀩', '𫟹', '𬱖', '𰻞',
];
