import type { Readable } from 'node:stream';
import { checkUpload, maxUploadBytes, sniffType, uploadTooLargeMessage, UPLOAD_RULES, type UploadFileType, type UploadPurpose } from '@ausm/domain';
import { AppError } from '../errors';
import { readImageSize, reencodeImage } from './image';
import { checkPdf } from './pdf';
import { contentKey, sha256Hex } from './storage';
import { uploadError } from './upload-error';

export type AcceptedUpload = {
  /** What is stored: the re-encoded image, or the PDF as uploaded. */
  bytes: Buffer;
  /** Content-derived storage key of `bytes`, `<sha256>.<ext>`. */
  key: string;
  type: UploadFileType;
  /** Of the stored bytes. */
  size: number;
  /** Of the file as uploaded, which the purpose's byte rule was checked on. */
  uploadedSize: number;
  width?: number;
  height?: number;
  sha256: string;
  /** The user's file name, for display only: base name, no control characters, at most 100 characters. */
  name: string;
};

/** For a rule without its own limit (none today): what any phone photo needs. */
const DEFAULT_MAX_PIXELS = 24_000_000;

/**
 * The one way a file's bytes are judged (issue 4): every module hands its upload here with a purpose,
 * and the purpose's rule from `UPLOAD_RULES` decides. The same rules run in the browser first; this is
 * the check that counts, on the real bytes. It stores nothing: FileService stores what it returns.
 *
 * The rule's type, byte sizes and pixel dimensions are checked on the file as uploaded. What is kept
 * of an image is a new file libvips encodes from its decoded pixels (issue 17), so no metadata and no
 * appended data survive; a PDF is kept as it is, once it has been parsed and found free of active
 * content.
 */
export class UploadService {
  async accept(purpose: UploadPurpose, stream: AsyncIterable<Buffer> | Readable, fileName: string): Promise<AcceptedUpload> {
    const name = displayName(fileName);
    const bytes = await readCapped(stream, purpose);
    const type = sniffType(bytes);
    // Empty, format and size first: cheap, and their messages are the ones the user can act on.
    const early = checkUpload(purpose, { name, size: bytes.length, type });
    if (early) throw uploadError(early.reason, early.message);
    if (type === 'pdf') {
      await checkPdf(bytes);
      return { bytes, key: contentKey(bytes, type), type, size: bytes.length, uploadedSize: bytes.length, sha256: sha256Hex(bytes), name };
    }
    const image = type as 'jpg' | 'png';
    // Dimensions and pixels from the header, before any decoding: a bomb is refused unopened.
    const header = await readImageSize(bytes, image);
    const problem = checkUpload(purpose, { name, size: bytes.length, type: image, ...header });
    if (problem) throw uploadError(problem.reason, problem.message);
    const clean = await reencodeImage(bytes, image, UPLOAD_RULES[purpose].maxPixels ?? DEFAULT_MAX_PIXELS);
    return {
      bytes: clean.bytes,
      key: contentKey(clean.bytes, image),
      type: image,
      size: clean.bytes.length,
      uploadedSize: bytes.length,
      width: clean.width,
      height: clean.height,
      sha256: sha256Hex(clean.bytes),
      name,
    };
  }
}

/**
 * Reads the whole upload, but never more than the purpose's cap: past it the stream is destroyed and
 * the upload refused, so a 50 MB file costs at most the cap plus one chunk of memory.
 */
async function readCapped(stream: AsyncIterable<Buffer> | Readable, purpose: UploadPurpose): Promise<Buffer> {
  const cap = maxUploadBytes(purpose);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > cap) {
        destroy(stream);
        throw uploadError('too_large', uploadTooLargeMessage(purpose));
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The client went away or the multipart parser failed mid-file.
    throw uploadError('interrupted', '文件上传中断，请重新上传');
  }
  return Buffer.concat(chunks, size);
}

function destroy(stream: AsyncIterable<Buffer> | Readable): void {
  if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
}

const MAX_NAME_CHARS = 100;

/**
 * The name shown in lists and to reviewers. Only the base name survives (`../../etc/passwd.jpg` →
 * `passwd.jpg`, `C:\x\a.png` → `a.png`); control and bidirectional-override characters go, because
 * `U+202E` makes `gpj.exe` read as `exe.jpg`. Long names keep their extension.
 */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (clean === '' || /^\.+$/.test(clean)) return '未命名文件';
  const chars = [...clean];
  if (chars.length <= MAX_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? [...clean.slice(dot)] : [];
  return chars.slice(0, MAX_NAME_CHARS - ext.length).join('') + ext.join('');
}
