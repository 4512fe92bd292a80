import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from './errors';

/** The error body every 4xx and 5xx carries; the portal shows `message` beside `field`. */
export const ZErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

/** Field name of a validation issue: '/idNumber' -> 'idNumber', '' -> ''. */
const fieldOf = (instancePath: string) => instancePath.replace(/^\//, '').split('/')[0] ?? '';

/**
 * Turns every failure into a clear Chinese answer: never a stack trace, never a bare 500 text.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.extra.headers) reply.headers(err.extra.headers);
      return reply.status(err.status).send({
        code: err.code,
        message: err.message,
        ...(err.extra.field ? { field: err.extra.field } : {}),
        ...(err.extra.fields ? { fields: err.extra.fields } : {}),
        ...(err.extra.data ?? {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const issue of err.validation) {
        const f = fieldOf(issue.instancePath);
        fields[f] ??= issue.message ?? '提交的信息有误';
      }
      const first = Object.values(fields)[0] ?? '提交的信息有误';
      return reply.status(400).send({ code: 'validation/failed', message: first, fields });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return reply.status(500).send({ code: 'server/error', message: '系统繁忙，请稍后重试' });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.status(413).send({ code: 'request/too_large', message: '提交的内容过大' });
    if (status === 415) return reply.status(415).send({ code: 'request/unsupported_type', message: '不支持的请求格式' });
    if (status === 429) return reply.status(429).send({ code: 'request/too_many', message: '请求过于频繁，请稍后重试' });
    if (status >= 400 && status < 500) {
      // Malformed JSON, bad content length and the like: the client's fault, said plainly.
      return reply.status(status).send({ code: 'request/invalid', message: '请求格式不正确' });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'server/error', message: '系统繁忙，请稍后重试' });
  });
}
