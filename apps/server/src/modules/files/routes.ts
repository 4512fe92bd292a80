import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maxUploadBytes, uploadTooLargeMessage, type UploadPurpose } from '@ausm/domain';
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
      try {
        const me = await uploader(req, sessions, req.query.purpose);
        refuseDeclaredTooLarge(req, req.query.purpose);
        const part = await filePart(req);
        const file = await files.upload(me.id, req.query.purpose, part.file, part.filename);
        return reply.status(201).send(file);
      } catch (err) {
        closeAfterAnswer(req, reply);
        throw err;
      }
    },
  );

  app.get(
    '/api/files/:id',
    { schema: { tags: ['files'], summary: '查看文件（本人，或审核范围内的财政用户）', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      const { file, bytes } = await files.open(await viewers(req, sessions, requireStaff), req.params.id, originOf(req));
      // A PDF is never shown inside the platform's origin (issue 17): the browser saves it, and a
      // viewer that opens it anyway finds no active content (the upload refused it). Images are
      // shown inline; none of them can run anything, and the CSP sandbox makes any response a
      // scriptless document of an opaque origin, were a browser ever to take one for HTML.
      const disposition = file.type === 'pdf' ? 'attachment' : 'inline';
      return reply
        .header('content-type', CONTENT_TYPES[file.type])
        .header('content-disposition', `${disposition}; filename*=UTF-8''${rfc5987(file.displayName)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', FILE_CSP)
        .header('cross-origin-resource-policy', 'same-origin')
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

/** As GitHub serves user content: nothing loads, no script runs, and the document has an opaque origin. */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Room for the multipart framing around the file: boundaries, part headers and the few small fields allowed. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/**
 * A body whose declared length cannot hold an acceptable file is refused before a byte of it is read
 * (issue 17: a 50 MB upload got its 400 only after 10 MB were read).
 */
function refuseDeclaredTooLarge(req: FastifyRequest, purpose: UploadPurpose): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxUploadBytes(purpose) + MULTIPART_OVERHEAD_BYTES) {
    throw badUpload('upload/too_large', uploadTooLargeMessage(purpose));
  }
}

/** How long a refused upload's connection stays open after the answer, dropping what still arrives. */
const LINGER_MS = 2_000;

/**
 * After a refusal the rest of the body is still on its way. Reading it to the end would keep the
 * client sending for nothing (issue 17: a client hung 73 s after its 400), so the answer goes out at
 * once with `Connection: close` and the connection is closed after it.
 *
 * Not at once, though: closing a socket with unread bytes in its receive buffer makes the kernel
 * reset the connection, and a reset can reach the client before it has read the answer, which it
 * then never sees. So the answer is followed by a FIN, what the client still sends is read and
 * dropped (never parsed or kept), and the socket is destroyed after LINGER_MS at most, as web
 * servers' "lingering close" does. A client that reads the answer stops sending and closes first.
 */
function closeAfterAnswer(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  const raw = req.raw;
  if (!raw.readableEnded && !raw.destroyed) {
    raw.unpipe(); // whatever multipart parser was fed from the request is fed no more
    raw.resume(); // and what still arrives is dropped
  }
  const socket = raw.socket;
  // Node calls this once a `Connection: close` answer is written.
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    this.end();
    setTimeout(() => this.destroy(), LINGER_MS).unref();
  };
}

/** What a 单位法人用户 uploads (issue 26): its 营业执照 and the proofs of the training it files. */
const EMPLOYER_PURPOSES: ReadonlySet<UploadPurpose> = new Set(['business_license', 'ce_proof', 'feedback_attachment']);

/** The uploader: an accountant, or an employer for its own purposes (the file is then the employer's). */
async function uploader(req: FastifyRequest, sessions: SessionService, purpose: UploadPurpose): Promise<{ id: string }> {
  if (purpose === 'business_license' || purpose === 'feedback_attachment') return sessions.require(req, 'employer');
  const employer = EMPLOYER_PURPOSES.has(purpose) ? await sessions.require(req, 'employer').catch(unlessUnauthorized) : null;
  return employer ?? sessions.require(req, 'accountant');
}

/** Both kinds of session may be present on one browser: the accountant's (or the employer's) first, then staff. */
async function viewers(req: FastifyRequest, sessions: SessionService, requireStaff: RequireStaff): Promise<FileViewer[]> {
  const out: FileViewer[] = [];
  const accountant = await sessions.require(req, 'accountant').catch(unlessUnauthorized);
  if (accountant) out.push({ kind: 'accountant', accountId: accountant.id });
  // An employer owns its uploads as an accountant does (files.owner_account_id is the employer's id).
  const employer = accountant ? null : await sessions.require(req, 'employer').catch(unlessUnauthorized);
  if (employer) out.push({ kind: 'accountant', accountId: employer.id });
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
