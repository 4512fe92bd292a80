import type { Readable } from 'node:stream';
import { checkUpload, maxUploadBytes, sniffType, uploadTooLargeMessage, type UploadFileType, type UploadPurpose } from '@ausm/domain';
import { AppError } from '../errors';
import { inspectFile } from './inspect';
import { sha256Hex } from './sigv4';
import type { FileStore } from './storage';
import { stripLocation } from './strip';
import { uploadError } from './upload-error';

export type AcceptedUpload = {
  /** Content-derived storage key, `<sha256>.<ext>`. */
  key: string;
  type: UploadFileType;
  /** Of the stored bytes, after location data was removed. */
  size: number;
  width?: number;
  height?: number;
  sha256: string;
  /** The user's file name, for display only: base name, no control characters, at most 100 characters. */
  name: string;
};

/**
 * The one way a file enters the platform (issue 4): every module hands its upload here with a purpose,
 * and the purpose's rule from `UPLOAD_RULES` decides. The same rules run in the browser first; this is
 * the check that counts, on the real bytes.
 */
export class UploadService {
  constructor(private readonly store: FileStore) {}

  async accept(purpose: UploadPurpose, stream: AsyncIterable<Buffer> | Readable, fileName: string): Promise<AcceptedUpload> {
    const name = displayName(fileName);
    const bytes = await readCapped(stream, purpose);
    // Empty, format and size first: cheap, and their messages are the ones the user can act on.
    const early = checkUpload(purpose, { name, size: bytes.length, type: sniffType(bytes) });
    if (early) throw uploadError(early.reason, early.message);
    const info = await inspectFile(bytes);
    const problem = checkUpload(purpose, { name, size: bytes.length, ...info });
    if (problem) throw uploadError(problem.reason, problem.message);
    const clean = stripLocation(bytes, info.type);
    const key = await this.store.put(clean, info.type);
    return { key, ...info, size: clean.length, sha256: sha256Hex(clean), name };
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
