import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isUnavailable } from '../db/unavailable';
import { AppError } from './errors';

/** What a person sees while the database (or Redis) is down or too slow to answer; retry after a few seconds. */
export const UNAVAILABLE = { code: 'server/unavailable', message: '系统暂时无法处理您的请求，请稍后重试' } as const;
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** The error body every 4xx and 5xx carries; the portal shows `message` beside `field`. */
export const ZErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});

/** Field name of a validation issue: '/idNumber' -> 'idNumber', '' -> ''. */
const fieldOf = (instancePath: string) => instancePath.replace(/^\//, '').split('/')[0] ?? '';

/** A string no text column can store: one holding U+0000, or half of a surrogate pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/**
 * True when a string anywhere in a parsed body, query or params is unstorable, keys included. No
 * form nests 32 deep, so a body that does is refused too rather than walked without end.
 */
function holdsUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (depth > 32) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsUnstorable(v, depth + 1));
  return Object.entries(value).some(([k, v]) => unstorable(k) || holdsUnstorable(v, depth + 1));
}

/**
 * Refuses, before any route's schema or handler sees it, text PostgreSQL cannot store (U+0000, a
 * lone surrogate), which would otherwise fail deep inside a write. Installed as a root hook.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (holdsUnstorable(request.params) || holdsUnstorable(request.query) || holdsUnstorable(request.body)) {
      throw new AppError(400, 'request/invalid_character', '提交的内容含有无法识别的字符');
    }
  });
}

/**
 * Fastify's own answers before a route is found (a URL it cannot decode, a path parameter past its
 * length), in the platform's words. Passed as the `frameworkErrors` option.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({ code: 'request/uri_too_long', message: '请求地址过长' });
    return;
  }
  void reply.status(400).send({ code: 'request/invalid', message: '请求地址不正确' });
}

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
    if (isUnavailable(err)) {
      // An outage, not a bug: the request's transaction rolled back (or, its COMMIT's answer lost, went
      // through: decision 0009), and a retry may succeed.
      request.log.warn({ err }, 'database unavailable');
      return reply.status(503).header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S)).send(UNAVAILABLE);
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
