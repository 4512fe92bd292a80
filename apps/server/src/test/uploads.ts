import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { makeJpeg } from '../platform/uploads/test-files';

export type FormPart = { name: string; filename?: string; contentType?: string; data: Buffer | string };

/** A multipart/form-data body as a browser sends it, ready for app.inject. */
export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ausm${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const type = p.filename === undefined ? '' : `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A multipart body of `size` file bytes, produced lazily: `sent()` tells how much of it the server
 * pulled, so a test can show an oversized upload was refused without being read to the end.
 */
export function streamingMultipart(size: number, filename = 'big.jpg'): { payload: Readable; headers: Record<string, string>; sent: () => number } {
  const boundary = `----ausm${randomBytes(8).toString('hex')}`;
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  async function* body() {
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`);
    yield head;
    const jpegStart = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    yield jpegStart;
    sent = jpegStart.length;
    while (sent < size) {
      const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += piece.length;
      yield piece;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return { payload: Readable.from(body(), { objectMode: false }), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, sent: () => sent };
}

/** Uploads a file through the API as the given accountant. */
export function uploadFile(app: FastifyInstance, cookies: Record<string, string>, purpose: string, data: Buffer, filename = 'photo.jpg') {
  return app.inject({ method: 'POST', url: `/api/files?purpose=${purpose}`, cookies, ...multipart([{ name: 'file', filename, contentType: 'image/jpeg', data }]) });
}

/** A fresh 线上实名认证 photo of the account: its id, ready for the manual form. */
export async function uploadRealnamePhoto(app: FastifyInstance, cookies: Record<string, string>): Promise<string> {
  // A random comment length makes every photo's bytes (and so its storage key) different.
  const res = await uploadFile(app, cookies, 'realname_photo', makeJpeg({ width: 640, height: 400, size: 12_000 + Math.floor(Math.random() * 4000) }));
  if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  return res.json().id as string;
}
