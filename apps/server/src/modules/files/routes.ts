import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { CONTENT_TYPES } from '../../platform/uploads/storage';
import type { RequireStaff } from '../staff';
import { UPLOAD_PURPOSES, type FileService, type FileViewer } from './service';

const ZFileView = z.object({
  id: z.string(),
  purpose: z.enum(UPLOAD_PURPOSES),
  name: z.string(),
  size: z.number(),
  type: z.enum(['jpg', 'png', 'pdf']),
  width: z.number().nullable(),
  height: z.number().nullable(),
});

/**
 * Uploads and downloads. Registered in a scope of its own together with @fastify/multipart (app.ts),
 * so the rest of the API never parses multipart bodies.
 */
export const fileRoutes: FastifyPluginAsyncZod<{ files: FileService; sessions: SessionService; requireStaff: RequireStaff }> = async (
  app,
  { files, sessions, requireStaff },
) => {
  // Any other body type reaches the handler unread, which answers with a clear 400 instead of a 415.
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传文件（multipart/form-data，字段 file）',
        consumes: ['multipart/form-data'],
        querystring: z.object({ purpose: z.enum(UPLOAD_PURPOSES, { message: '文件用途不正确' }) }),
        response: { 201: ZFileView },
      },
    },
    async (req, reply) => {
      const me = await sessions.require(req, 'accountant');
      try {
        const part = await filePart(req);
        const file = await files.upload(me.id, req.query.purpose, part.file, part.filename);
        return reply.status(201).send(file);
      } catch (err) {
        discardRest(req);
        throw err;
      }
    },
  );

  app.get(
    '/api/files/:id',
    { schema: { tags: ['files'], summary: '查看文件（本人，或审核范围内的财政用户）', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      const { file, bytes } = await files.open(await viewers(req, sessions, requireStaff), req.params.id, originOf(req));
      return reply
        .header('content-type', CONTENT_TYPES[file.type])
        .header('content-disposition', `inline; filename*=UTF-8''${rfc5987(file.displayName)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
};

const badUpload = (code: string, message: string) => new AppError(400, code, message, { field: 'file' });

/** The one file part, named `file`; the stream is handed on unread so the service can cap it. */
async function filePart(req: FastifyRequest): Promise<MultipartFile> {
  if (!req.isMultipart()) throw badUpload('file/not_multipart', '请以表单方式（multipart/form-data）上传文件');
  let part: MultipartFile | undefined;
  try {
    part = await req.file();
  } catch {
    // No boundary, a truncated body, too many fields: the request itself is broken.
    throw badUpload('file/bad_request', '文件上传请求格式不正确，请重新上传');
  }
  if (!part) throw badUpload('file/missing', '请选择要上传的文件');
  if (part.fieldname !== 'file') {
    part.file.destroy();
    throw badUpload('file/missing', '请选择要上传的文件');
  }
  return part;
}

/** What a refused upload may still send after the answer: read and dropped, never kept. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * After an upload is refused part-way (too large, wrong field), the rest of the body is still on
 * its way and nobody reads it: the connection would stall until keep-alive times out, and closing
 * it at once can reset the connection before the client has read the 400. So the rest is read and
 * dropped, as Node does for bodies a handler never touched, but only up to a bound; a client that
 * keeps sending past it loses the connection.
 */
function discardRest(req: FastifyRequest): void {
  const raw = req.raw;
  if (raw.readableEnded || raw.destroyed) return;
  let left = DISCARD_LIMIT_BYTES;
  raw.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) raw.destroy();
  });
  raw.resume();
}

/** Both kinds of session may be present on one browser: the accountant's first, then staff. */
async function viewers(req: FastifyRequest, sessions: SessionService, requireStaff: RequireStaff): Promise<FileViewer[]> {
  const out: FileViewer[] = [];
  const accountant = await sessions.require(req, 'accountant').catch(unlessUnauthorized);
  if (accountant) out.push({ kind: 'accountant', accountId: accountant.id });
  const staff = await requireStaff(req).catch(unlessUnauthorized);
  if (staff) out.push({ kind: 'staff', scope: staff });
  return out;
}

const unlessUnauthorized = (err: unknown): null => {
  if (err instanceof AppError && err.status === 401) return null;
  throw err;
};

/** RFC 5987 / 8187 ext-value: every byte outside attr-char percent-encoded, so no quote or CR/LF survives. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
