import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from '@cantoo/pdf-lib';
import fontkit from '@cantoo/fontkit';
import { cjkFontBytes } from './font';

/**
 * A printable document as data: the module says what is on it, this file lays it out on A4 pages
 * (wrapping, page breaks, a table's header again on each page, page numbers). Kept small on
 * purpose: headings, paragraphs, label/value grids and tables are all the platform's forms need.
 */
export type PdfBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string; muted?: boolean }
  /** A label/value grid, two pairs a row; a `wide` pair takes a whole row. */
  | { type: 'fields'; rows: Array<{ label: string; value: string; wide?: boolean }> }
  /** Column widths are relative; the header repeats on every page the table reaches. */
  | { type: 'table'; columns: Array<{ header: string; width: number }>; rows: string[][]; empty?: string }
  /** Pictures side by side (a photo, a QR code), each `width` × `height` points with a caption under it. */
  | { type: 'figures'; items: Array<{ bytes: Uint8Array; format: 'png' | 'jpg'; width: number; height: number; caption?: string }> };

export interface PdfDocumentSpec {
  title: string;
  /** Lines under the title (who, when). */
  subtitle?: string[];
  blocks: PdfBlock[];
  /** Printed at the foot of every page, left of the page number. */
  footer?: string;
  /** The document's metadata; `createdAt` is the platform clock's instant, so the bytes depend on it alone. */
  meta: { subject: string; createdAt: Date };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { x: 48, top: 56, bottom: 60 };
const SIZE = { title: 18, subtitle: 9.5, heading: 12.5, body: 10, footer: 8.5 };
const LINE = 1.45;
const PAD = 4;
const BORDER = rgb(0.6, 0.6, 0.6);
const LABEL_FILL = rgb(0.94, 0.95, 0.97);
const MUTED = rgb(0.4, 0.4, 0.4);
const TEXT = rgb(0.1, 0.1, 0.1);

// Closing punctuation never starts a line (GB/T 15834 practice); it pulls the character before it down.
const NO_LINE_START = new Set('，。、；：？！）》」』】”’,.;:?!)]%'.split(''));
const isWordChar = (c: string) => /[A-Za-z0-9@._\-/]/.test(c);

/** Lines of `text` no wider than `width`: Chinese breaks between any two characters, Latin words stay whole where they fit. */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex
  for (const paragraph of text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').split('\n')) {
    const chars = Array.from(paragraph); // code points: a rare character outside the BMP is one
    let line: string[] = [];
    let lineWidth = 0;
    for (const c of chars) {
      const w = measure(c);
      if (line.length > 0 && lineWidth + w > width) {
        let keep = line.length;
        if (NO_LINE_START.has(c) && keep > 1) keep -= 1;
        else if (isWordChar(c) && isWordChar(line[keep - 1]!)) {
          // Move the whole Latin word down when the line has something else to keep.
          let i = keep;
          while (i > 0 && isWordChar(line[i - 1]!)) i -= 1;
          if (i > 0) keep = i;
        }
        const carried = line.slice(keep);
        out.push(line.slice(0, keep).join('').trimEnd());
        line = carried[0] === ' ' ? carried.slice(1) : carried;
        lineWidth = line.reduce((sum, ch) => sum + measure(ch), 0);
      }
      if (line.length === 0 && c === ' ') continue;
      line.push(c);
      lineWidth += w;
    }
    out.push(line.join(''));
  }
  return out;
}

class Writer {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly widths = new Map<string, number>();
  readonly contentWidth = A4[0] - 2 * MARGIN.x;

  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.newPage();
  }

  measure(size: number) {
    return (c: string) => {
      const key = `${size}:${c}`;
      let w = this.widths.get(key);
      if (w === undefined) this.widths.set(key, (w = this.font.widthOfTextAtSize(c, size)));
      return w;
    };
  }

  newPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN.top;
  }

  /** Room for `height` more points on this page, or a new page. */
  ensure(height: number) {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  get room() {
    return this.y - MARGIN.bottom;
  }

  text(s: string, x: number, size: number, color = TEXT) {
    this.page.drawText(s, { x, y: this.y - size, size, font: this.font, color });
  }

  title(title: string, subtitle: string[]) {
    const w = this.font.widthOfTextAtSize(title, SIZE.title);
    this.text(title, (A4[0] - w) / 2, SIZE.title);
    this.y -= SIZE.title * 1.8;
    for (const line of subtitle) {
      const lw = this.font.widthOfTextAtSize(line, SIZE.subtitle);
      this.text(line, (A4[0] - lw) / 2, SIZE.subtitle, MUTED);
      this.y -= SIZE.subtitle * LINE;
    }
    this.y -= 8;
  }

  heading(text: string) {
    // A heading never ends a page: it keeps a row's worth of room below it.
    this.ensure(SIZE.heading * 2 + SIZE.body * 4);
    this.y -= 6;
    this.page.drawRectangle({ x: MARGIN.x, y: this.y - SIZE.heading - 1, width: 3, height: SIZE.heading + 2, color: rgb(0.04, 0.31, 0.64) });
    this.text(text, MARGIN.x + 8, SIZE.heading);
    this.y -= SIZE.heading * 1.7;
  }

  paragraph(text: string, muted: boolean) {
    const lh = SIZE.body * LINE;
    for (const line of wrapText(text, this.contentWidth, this.measure(SIZE.body))) {
      this.ensure(lh);
      this.text(line, MARGIN.x, SIZE.body, muted ? MUTED : TEXT);
      this.y -= lh;
    }
    this.y -= 4;
  }

  /**
   * One table row of cells (x offsets and widths), each cell's text wrapped; a row taller than the
   * room left continues on the next page, after `again` (the table's header) is drawn there.
   */
  row(cells: Array<{ x: number; width: number; text: string; fill?: boolean }>, again?: () => void) {
    const lh = SIZE.body * LINE;
    const lines = cells.map((c) => wrapText(c.text, c.width - 2 * PAD, this.measure(SIZE.body)));
    let from = 0;
    const total = Math.max(1, ...lines.map((l) => l.length));
    // A row that fits on a fresh page is not split: it moves there whole.
    const whole = total * lh + 2 * PAD;
    if (whole > this.room && whole <= A4[1] - MARGIN.top - MARGIN.bottom - 4 * lh) {
      this.newPage();
      again?.();
    }
    while (from < total) {
      let fit = Math.floor((this.room - 2 * PAD) / lh);
      if (fit < 1) {
        this.newPage();
        again?.();
        fit = Math.floor((this.room - 2 * PAD) / lh);
      }
      const n = Math.min(fit, total - from);
      const height = n * lh + 2 * PAD;
      for (const [i, c] of cells.entries()) {
        this.page.drawRectangle({
          x: MARGIN.x + c.x,
          y: this.y - height,
          width: c.width,
          height,
          borderColor: BORDER,
          borderWidth: 0.6,
          ...(c.fill ? { color: LABEL_FILL } : {}),
        });
        for (const [k, line] of lines[i]!.slice(from, from + n).entries()) {
          this.page.drawText(line, { x: MARGIN.x + c.x + PAD, y: this.y - PAD - k * lh - SIZE.body * 1.1, size: SIZE.body, font: this.font, color: TEXT });
        }
      }
      this.y -= height;
      from += n;
    }
  }

  fields(rows: Array<{ label: string; value: string; wide?: boolean }>) {
    const label = 92;
    const half = this.contentWidth / 2;
    for (let i = 0; i < rows.length; ) {
      const a = rows[i]!;
      const b = rows[i + 1];
      if (a.wide || !b || b.wide) {
        this.row([
          { x: 0, width: label, text: a.label, fill: true },
          { x: label, width: this.contentWidth - label, text: a.value || '—' },
        ]);
        i += 1;
      } else {
        this.row([
          { x: 0, width: label, text: a.label, fill: true },
          { x: label, width: half - label, text: a.value || '—' },
          { x: half, width: label, text: b.label, fill: true },
          { x: half + label, width: half - label, text: b.value || '—' },
        ]);
        i += 2;
      }
    }
    this.y -= 8;
  }

  table(columns: Array<{ header: string; width: number }>, rows: string[][], empty: string) {
    const sum = columns.reduce((s, c) => s + c.width, 0);
    let x = 0;
    const geometry = columns.map((c) => {
      const width = (c.width / sum) * this.contentWidth;
      const g = { x, width };
      x += width;
      return g;
    });
    const header = () => this.row(geometry.map((g, i) => ({ ...g, text: columns[i]!.header, fill: true })));
    // The header and at least one line of the first row stay together.
    this.ensure(SIZE.body * LINE * 3 + 4 * PAD);
    header();
    if (rows.length === 0) this.row([{ x: 0, width: this.contentWidth, text: empty }]);
    for (const r of rows) this.row(geometry.map((g, i) => ({ ...g, text: r[i] ?? '' })), header);
    this.y -= 8;
  }

  figures(items: Array<{ image: PDFImage; width: number; height: number; caption?: string }>) {
    const gap = 24;
    const tallest = Math.max(...items.map((i) => i.height)) + (items.some((i) => i.caption) ? SIZE.body * 2 : 0);
    this.ensure(tallest + 8);
    let x = MARGIN.x;
    for (const it of items) {
      this.page.drawImage(it.image, { x, y: this.y - it.height, width: it.width, height: it.height });
      this.page.drawRectangle({ x, y: this.y - it.height, width: it.width, height: it.height, borderColor: BORDER, borderWidth: 0.6 });
      if (it.caption) {
        for (const [k, line] of wrapText(it.caption, Math.max(it.width, 120), this.measure(SIZE.footer)).entries()) {
          this.page.drawText(line, { x, y: this.y - it.height - 4 - (k + 1) * SIZE.footer * LINE, size: SIZE.footer, font: this.font, color: MUTED });
        }
      }
      x += Math.max(it.width, 120) + gap;
    }
    this.y -= tallest + 16;
  }

  footers(footer: string | undefined) {
    const n = this.pages.length;
    for (const [i, page] of this.pages.entries()) {
      const number = `第 ${i + 1} 页 / 共 ${n} 页`;
      const w = this.font.widthOfTextAtSize(number, SIZE.footer);
      page.drawLine({ start: { x: MARGIN.x, y: MARGIN.bottom - 14 }, end: { x: A4[0] - MARGIN.x, y: MARGIN.bottom - 14 }, thickness: 0.5, color: BORDER });
      page.drawText(number, { x: A4[0] - MARGIN.x - w, y: MARGIN.bottom - 28, size: SIZE.footer, font: this.font, color: MUTED });
      if (footer) page.drawText(footer, { x: MARGIN.x, y: MARGIN.bottom - 28, size: SIZE.footer, font: this.font, color: MUTED });
    }
  }
}

/** Lays `spec` out and returns the PDF's bytes; the CJK font is embedded as a subset of the glyphs used. */
export async function renderPdf(spec: PdfDocumentSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(cjkFontBytes(), { subset: true });
  doc.setTitle(spec.title);
  doc.setSubject(spec.meta.subject);
  doc.setCreator('全国会计人员统一服务管理平台');
  doc.setProducer('全国会计人员统一服务管理平台');
  doc.setCreationDate(spec.meta.createdAt);
  doc.setModificationDate(spec.meta.createdAt);

  const w = new Writer(doc, font);
  w.title(spec.title, spec.subtitle ?? []);
  for (const block of spec.blocks) {
    if (block.type === 'heading') w.heading(block.text);
    else if (block.type === 'paragraph') w.paragraph(block.text, block.muted ?? false);
    else if (block.type === 'fields') w.fields(block.rows);
    else if (block.type === 'figures') {
      const items = [];
      for (const it of block.items) items.push({ ...it, image: it.format === 'png' ? await doc.embedPng(it.bytes) : await doc.embedJpg(it.bytes) });
      w.figures(items);
    } else w.table(block.columns, block.rows, block.empty ?? '暂无数据');
  }
  w.footers(spec.footer);
  return doc.save({ useObjectStreams: false });
}
