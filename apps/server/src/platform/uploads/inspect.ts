import { sniffType, type UploadFileType } from '@ausm/domain';
import { walkJpeg } from './jpeg';
import { checkPngImageData, pngRows, readIhdr, readPngChunks } from './png';
import { BROKEN_IMAGE, NOT_PDF, uploadError } from './upload-error';

export type InspectedFile = { type: UploadFileType; width?: number; height?: number };

/**
 * Beyond this an image is refused before any pixel work: 50 megapixels is more than any phone's
 * default and bounds the inflate work a small, highly compressed PNG could demand.
 */
export const MAX_PIXELS = 50_000_000;

const tooManyPixels = () => uploadError('pixels', '图片像素过大，请缩小后重新上传');

/**
 * The file's type from its bytes (never its name) after checking its whole structure, so what is
 * stored can be opened by a reviewer. Throws `upload/type` for anything that is not JPEG, PNG or PDF
 * and `upload/corrupt` for a broken or truncated one.
 */
export async function inspectFile(bytes: Buffer): Promise<InspectedFile> {
  const type = sniffType(bytes);
  if (type === 'jpg') return inspectJpeg(bytes);
  if (type === 'png') return inspectPng(bytes);
  if (type === 'pdf') return inspectPdf(bytes);
  throw uploadError('type', '文件格式不正确：只能上传jpg、png图片或PDF文件');
}

function inspectJpeg(bytes: Buffer): InspectedFile {
  const { width, height } = walkJpeg(bytes);
  if (width * height > MAX_PIXELS) throw tooManyPixels();
  return { type: 'jpg', width, height };
}

// Critical chunks a decoder must understand; any other critical chunk makes the file undecodable.
const KNOWN_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

async function inspectPng(bytes: Buffer): Promise<InspectedFile> {
  const broken = () => uploadError('corrupt', BROKEN_IMAGE);
  const chunks = readPngChunks(bytes);
  const first = chunks[0];
  const last = chunks[chunks.length - 1];
  // Nothing may follow IEND: readPngChunks would have read it as another chunk and it would be last.
  if (!first || first.type !== 'IHDR' || !last || last.type !== 'IEND' || last.dataEnd !== last.dataStart) throw broken();
  const header = readIhdr(bytes.subarray(first.dataStart, first.dataEnd));
  if (header.width * header.height > MAX_PIXELS) throw tooManyPixels();
  const idat: Buffer[] = [];
  let idatEnded = false;
  let palette = false;
  for (const [i, chunk] of chunks.entries()) {
    const inner = i > 0 && i < chunks.length - 1;
    if ((chunk.type === 'IHDR' || chunk.type === 'IEND') && inner) throw broken();
    if (chunk.type === 'PLTE') palette = true;
    if (chunk.type === 'IDAT') {
      // PNG §5.6: IDAT chunks are consecutive; a second run means a spliced file.
      if (idatEnded) throw broken();
      idat.push(bytes.subarray(chunk.dataStart, chunk.dataEnd));
    } else if (idat.length > 0) idatEnded = true;
    if (/^[A-Z]/.test(chunk.type) && !KNOWN_CRITICAL.has(chunk.type)) throw broken();
  }
  if (idat.length === 0 || (header.colorType === 3 && !palette)) throw broken();
  await checkPngImageData(idat, pngRows(header));
  return { type: 'png', width: header.width, height: header.height };
}

/**
 * Not a PDF parser: it catches what is not a PDF at all (a renamed file) and what was cut short.
 * Every complete PDF ends with `startxref <offset>` and `%%EOF` in its last bytes.
 */
function inspectPdf(bytes: Buffer): InspectedFile {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 16));
  const tail = bytes.toString('latin1', Math.max(0, bytes.length - 1024));
  const trailer = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail.replace(/\0+$/, ''));
  if (!/^%PDF-\d\.\d/.test(head) || !trailer || Number(trailer[1]) >= bytes.length) {
    throw uploadError('corrupt', NOT_PDF);
  }
  return { type: 'pdf' };
}
