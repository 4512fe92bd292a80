export { renderPdf, wrapText, type PdfBlock, type PdfDocumentSpec } from './layout';
export { PrintedDocuments, formatCode, normalizeCode, type IssuedDocument } from './verification';

/** An instant as Beijing time reads it, to the second: 2026-12-03 21:57:30. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** An instant's date in Beijing: 2026-12-03. */
export const beijingDate = (at: Date) => beijingTime(at).slice(0, 10);
