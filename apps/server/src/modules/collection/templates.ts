import { createHash } from 'node:crypto';

/**
 * The proof templates of seed 001 §3.4 (工作证明模板, 工作经历证明模板) as printable pages, with the
 * person's name and ID number filled in; the unit fills in the rest and stamps it.
 */
export const TEMPLATE_NAMES = ['work-proof', 'work-history-proof'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const BLANK = '<span class="blank"></span>';
const DATE = `${BLANK}年${BLANK}月${BLANK}日`;

const BODIES: Record<TemplateName, { title: string; body: (name: string, id: string) => string; note: string }> = {
  'work-proof': {
    title: '工作证明',
    body: (name, id) =>
      `兹证明${name}同志（身份证号：${id}），为我单位职工。自${DATE}起在我单位工作，自${DATE}至今（或截止日期${DATE}）在我单位从事会计工作。`,
    note: '注：从业经历简单的，工作证明和工作经历证明可以统一用此模板',
  },
  'work-history-proof': {
    title: '工作经历证明',
    body: (name, id) => `兹证明${name}同志（身份证号：${id}），自${DATE}至${DATE}在我单位从事会计工作。`,
    note: '注：从业经历复杂的，除工作证明外，每一段会计工作经历都需对应一个此模板证明',
  },
};

/** The page's one style sheet, inline so that it prints alone; the CSP allows it by this hash. */
const TEMPLATE_STYLE = `
  body { font-family: "SimSun", "Songti SC", serif; max-width: 640px; margin: 48px auto; line-height: 2.2; font-size: 18px; }
  h1 { text-align: center; letter-spacing: 8px; }
  .blank { display: inline-block; min-width: 3em; border-bottom: 1px solid #000; }
  .sign { text-align: right; margin-top: 48px; }
  .note { margin-top: 48px; font-size: 14px; color: #555; }
  @media print { .note { display: none; } }
`;
export const TEMPLATE_STYLE_HASH = `sha256-${createHash('sha256').update(TEMPLATE_STYLE).digest('base64')}`;

export function renderTemplate(name: TemplateName, person: { realName: string; idNumber: string }): string {
  const t = BODIES[name];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${t.title}模板</title>
<style>${TEMPLATE_STYLE}</style></head>
<body><main>
<h1>${t.title}</h1>
<p>　　${t.body(escape(person.realName), escape(person.idNumber))}</p>
<p>联系电话：${BLANK}</p>
<p>　　特此证明。</p>
<p class="sign">${BLANK}（单位盖章）<br>${BLANK}年${BLANK}月${BLANK}日</p>
<p class="note">${t.note}</p>
<p class="note">请使用浏览器的“打印”功能打印本页，填写后加盖单位公章。</p>
</main></body></html>`;
}
