import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { beijingTime, formatCode, normalizeCode, renderPdf, wrapText, type PdfDocumentSpec } from './index';
import { pdfPages } from './pdf-text';

const at = new Date('2026-12-03T02:00:00Z');
const spec = (blocks: PdfDocumentSpec['blocks']): PdfDocumentSpec => ({
  title: '会计人员信息表',
  subtitle: ['生成时间：2026-12-03 10:00:00（北京时间）'],
  blocks,
  footer: '验证码 ABCD-EFGH-JKMN-PQRS',
  meta: { subject: 'test', createdAt: at },
});

describe('wrapText', () => {
  const measure = (c: string) => (c.charCodeAt(0) > 0x2e80 ? 10 : 5);

  it('breaks Chinese between any two characters and keeps every character', () => {
    const text = '山东省济南市历下区经十路一号财政厅大楼';
    const lines = wrapText(text, 50, measure);
    expect(lines).toEqual(['山东省济南', '市历下区经', '十路一号财', '政厅大楼']);
  });

  it('never starts a line with closing punctuation and keeps Latin words whole', () => {
    expect(wrapText('一二三四，五', 40, measure)).toEqual(['一二三', '四，五']);
    expect(wrapText('地址 Jinan Road', 45, measure)).toEqual(['地址', 'Jinan', 'Road']);
  });

  it('counts a character outside the BMP as one', () => {
    expect(wrapText('𠮷𠮷𠮷', 20, () => 10)).toEqual(['𠮷𠮷', '𠮷']);
  });

  it('keeps the lines of the text and turns control characters into spaces', () => {
    expect(wrapText('甲\n乙\t丙', 100, measure)).toEqual(['甲', '乙 丙']);
  });
});

describe('renderPdf', () => {
  it('writes a small one-page A4 PDF whose Chinese text a reader extracts', async () => {
    const bytes = await renderPdf(
      spec([
        { type: 'heading', text: '基本信息' },
        { type: 'fields', rows: [{ label: '姓名', value: '张三' }, { label: '证件号码', value: '370102199001011234' }, { label: '通讯地址', value: '山东省济南市历下区', wide: true }] },
        { type: 'table', columns: [{ header: '学校名称', width: 2 }, { header: '学历', width: 1 }], rows: [['山东大学', '本科']] },
        { type: 'table', columns: [{ header: '单位名称', width: 1 }], rows: [] },
      ]),
    );
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('会计人员信息表');
    const [page] = doc.getPages();
    expect(Math.round(page!.getWidth())).toBe(595);
    // The 10 MB font is embedded as a subset of the glyphs used.
    expect(bytes.length).toBeLessThan(60_000);
    const [text] = await pdfPages(bytes);
    for (const s of ['会计人员信息表', '基本信息', '张三', '370102199001011234', '山东省济南市历下区', '山东大学', '本科', '暂无数据', '第 1 页 / 共 1 页', 'ABCD-EFGH-JKMN-PQRS']) {
      expect(text).toContain(s);
    }
  });

  it('breaks long content over pages, repeating the table header and numbering every page', async () => {
    const long = '会计工作经历：'.concat('主管会计负责总账与报表编制，'.repeat(40));
    const rows = Array.from({ length: 60 }, (_, i) => [`单位${i + 1}`, i === 5 ? long : '会计']);
    const bytes = await renderPdf(spec([{ type: 'heading', text: '工作经历' }, { type: 'table', columns: [{ header: '单位名称', width: 1 }, { header: '岗位', width: 3 }], rows }]));
    const pages = await pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages.length);
    for (const [i, p] of pages.entries()) {
      expect(p).toContain('单位名称'); // the header again on each page
      expect(p).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`);
    }
    const all = pages.join('');
    expect(all).toContain('单位1');
    expect(all).toContain('单位60');
    // Every character of the long cell made it onto some page, in order.
    expect(all.replace(/\s/g, '')).toContain('主管会计负责总账与报表编制，'.repeat(3));
  });

  it('splits a paragraph longer than a page over the pages', async () => {
    const text = '财'.repeat(6000);
    const pages = await pdfPages(await renderPdf(spec([{ type: 'paragraph', text }])));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.join('').split('财').length - 1).toBe(6000);
  });
});

describe('verification codes and times', () => {
  it('prints and reads codes leniently', () => {
    expect(formatCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(normalizeCode(' abcd-efgh-jkmn-pqrs ')).toBe('ABCDEFGHJKMNPQRS');
    expect(normalizeCode('O0IL-0000-0000-0000')).toBe('0011000000000000');
    expect(normalizeCode('ABCD')).toBeNull();
    expect(normalizeCode('ABCD-EFGH-JKMN-PQRU')).toBeNull();
  });

  it('reads instants in Beijing time', () => {
    expect(beijingTime(new Date('2026-12-03T16:30:05Z'))).toBe('2026-12-04 00:30:05');
  });
});
