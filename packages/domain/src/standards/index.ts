import { z } from '../zod';
import { isIsoDate } from '../collection/dates';

// 会计准则制度学习 (seed 001 首页; issue 26): the library of accounting standards and systems the 财政部
// publishes, its categories, the console's form, and the search's tokens. Read by the console's and the
// portal's pages and by the server (modules/standards); docs/decisions/0024-standards-search.md.

/** 类别: the four kinds of document the library holds. */
export const STANDARD_CATEGORIES = [
  { code: 'standard', name: '会计准则' },
  { code: 'system', name: '会计制度' },
  { code: 'interpretation', name: '解释' },
  { code: 'guide', name: '应用指南' },
] as const;
export type StandardCategory = (typeof STANDARD_CATEGORIES)[number]['code'];
export const STANDARD_CATEGORY_CODES = STANDARD_CATEGORIES.map((c) => c.code) as [StandardCategory, ...StandardCategory[]];
export const standardCategoryName = (code: string) => STANDARD_CATEGORIES.find((c) => c.code === code)?.name ?? '';

/** The longest body a document may have (the longest standard in force is far below it). */
export const STANDARD_BODY_MAX = 200_000;
export const STANDARD_TITLE_MAX = 100;
export const STANDARD_NUMBER_MAX = 50;
/** The longest search a reader may type. */
export const STANDARD_QUERY_MAX = 50;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The console's form: 标题, 文号, 发布日期, 类别, 正文 (or a PDF, uploaded beside it). */
export const ZStandardInput = z
  .object(
    {
      title: z.string({ message: '请填写标题' }).trim().min(1, '请填写标题').max(STANDARD_TITLE_MAX, `标题不能超过${STANDARD_TITLE_MAX}个字`),
      docNumber: z.string({ message: '请填写文号' }).trim().min(1, '请填写文号').max(STANDARD_NUMBER_MAX, `文号不能超过${STANDARD_NUMBER_MAX}个字`),
      issuedOn: z.string({ message: '请选择发布日期' }).trim().refine(isIsoDate, '发布日期格式不正确'),
      category: z.enum(STANDARD_CATEGORY_CODES, { message: '请选择类别' }),
      body: z.string({ message: '正文格式不正确' }).max(STANDARD_BODY_MAX, `正文不能超过${STANDARD_BODY_MAX}个字`).default(''),
    },
    { message: '请求内容格式不正确' },
  )
  .superRefine((raw, ctx) => {
    if (!isRecord(raw)) return;
    if (raw.issuedOn && raw.issuedOn < '1949-10-01') ctx.addIssue({ code: 'custom', path: ['issuedOn'], message: '发布日期不正确' });
  });
export type TStandardInput = z.infer<typeof ZStandardInput>;

/** Whether a document can be published: it needs something to read, its body or its PDF. */
export function standardPublishProblem(doc: { body: string; hasPdf: boolean }): string | null {
  return doc.body.trim() || doc.hasPdf ? null : '请填写正文或上传PDF文件后再发布';
}

// ---- search (docs/decisions/0024-standards-search.md) ----

const HAN = /\p{Script=Han}/u;
/** Runs of Han characters, of Latin letters and digits; everything else separates. */
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
/** A lexeme of PostgreSQL's tsvector is at most 2047 bytes; a Latin run past this is cut. */
const MAX_WORD = 60;

/**
 * The search tokens of a text: every Han character alone and every two neighbouring ones (bigrams), and each
 * Latin or digit run lowercased. Chinese has no spaces between words, so a word of any length is found by
 * the bigrams it is made of: 收入确认 → 收入, 入确, 确认. Duplicates are removed.
 */
export function standardTokens(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.normalize('NFKC').match(RUNS) ?? []) {
    if (HAN.test(run[0]!)) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        out.add(chars[i]!);
        if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
      }
    } else {
      out.add(run.toLowerCase().slice(0, MAX_WORD));
    }
  }
  return [...out];
}

/**
 * The tokens a search needs, word by word: a Han word of one character needs that character, a longer one all
 * its bigrams; a Latin or digit word itself. Every token must be in the document (AND), in any order, so
 * "收入 准则" finds a document where the two words stand far apart. Empty for a search of punctuation only.
 */
export function standardQueryTokens(query: string): string[] {
  const out = new Set<string>();
  for (const run of query.normalize('NFKC').slice(0, STANDARD_QUERY_MAX).match(RUNS) ?? []) {
    if (HAN.test(run[0]!)) {
      const chars = [...run];
      if (chars.length === 1) out.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
    } else {
      out.add(run.toLowerCase().slice(0, MAX_WORD));
    }
  }
  return [...out];
}

/**
 * The tokens as a PostgreSQL tsquery's text: each a quoted lexeme (a quote doubled, a backslash escaped), all
 * joined by &. The tsquery input reads quoted lexemes verbatim, with no parser or dictionary in between, so the
 * same text means the same on PGlite and on any PostgreSQL, whatever its locale.
 */
export function tsqueryText(tokens: readonly string[]): string {
  return tokens.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}
