import type { OpenAPIV3 } from 'openapi-types';

/**
 * The OpenAPI document as a product (issue 23): what every operation must carry to pass Redocly's
 * `recommended` rules is added here, once, after @fastify/swagger has collected the routes, so that a
 * route a module adds tomorrow passes without knowing about it:
 *
 * - `operationId` derived from the method and the path (`GET /api/console/review-items/{id}` →
 *   `getConsoleReviewItemsById`), the name generated clients give the call;
 * - `security`: the session cookie on every operation, except the public doors of PUBLIC_OPERATIONS and
 *   the sandbox contract (SANDBOX.md), which say `security: []`. The access matrix test checks this
 *   list against the routes it declares public, so the document cannot claim a door is open that the
 *   server keeps shut, or the reverse;
 * - a `4XX` answer in the AppError shape (code and Chinese message) on every operation that documents
 *   no 4xx of its own, `5XX` likewise;
 * - a summary where a route has none (its method and path), the servers, the licence.
 *
 * A route that wants its own `operationId`, `summary` or `security` sets it in its schema, and that wins.
 */

/** Operations anybody may call without a session (the access matrix's `public`), as OpenAPI writes their paths. */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'GET /api/health',
  'GET /api/ready',
  'GET /api/meta',
  'GET /api/help/faqs',
  'GET /api/help/faqs/topics/{topic}',
  'GET /api/help/faqs/search',
  'GET /api/help/guide',
  'GET /api/captcha',
  'GET /api/authorities',
  'GET /api/authorities/{id}/chain',
  'GET /api/verify/{code}',
  // 网上缴费: the provider's notification and the browser's return carry their own signature; the 报名表's check is public.
  'POST /api/payments/notify',
  'GET /api/payments/return',
  'GET /api/verify/enrollment/{code}',
  // 电子证书's QR code (issue 24).
  'GET /api/verify/certificate/{code}',
  'GET /api/exams',
  // 会计准则制度学习 is open to everybody; a signed-in reader's 已学习 marks come with it.
  'GET /api/standards',
  'GET /api/standards/{id}',
  'GET /api/standards/{id}/pdf',
  // 高端会计人才培养项目: its pages are public.
  'GET /api/talent/years',
  'GET /api/talent/years/{year}',
  'GET /api/exams/{examId}/provinces',
  'GET /api/exams/{examId}/provinces/{provinceId}',
  'POST /api/sms-codes',
  'POST /api/accounts',
  'POST /api/session',
  'POST /api/session/wechat/start',
  'POST /api/session/wechat',
  'POST /api/password-resets',
  'POST /api/console/session',
  'POST /api/console/session/totp',
  // Logging out answers everybody alike; with a session it ends that session (optional security).
  'DELETE /api/session',
  'DELETE /api/console/session',
  // 单位法人用户 (issue 26): its doors, as a person's
  'POST /api/employer/sms-codes',
  'POST /api/employer/accounts',
  'POST /api/employer/session',
  'DELETE /api/employer/session',
  'POST /api/employer/password-resets/sms-codes',
  'POST /api/employer/password-resets',
  'POST /api/employer/session/legal-person/start',
  'POST /api/employer/session/legal-person',
]);

/** The sandbox contract (SANDBOX.md): open to anybody in sandbox mode, absent (404) in production. */
export const isSandboxPath = (path: string) => path.startsWith('/api/sandbox/');

export const isPublicOperation = (method: string, path: string) => PUBLIC_OPERATIONS.has(`${method.toUpperCase()} ${path}`) || isSandboxPath(path);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const pascal = (word: string) =>
  word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `post /api/console/staff/{id}/password` → `postConsoleStaffByIdPassword`. */
export function operationIdOf(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((s) => s && s !== 'api')
    .map((s) => (s.startsWith('{') ? `By${pascal(s.slice(1, -1))}` : pascal(s)));
  return `${method.toLowerCase()}${parts.join('')}`;
}

export const SESSION_SCHEME = 'session';
const APP_ERROR_RESPONSE = 'AppError';

type Document = OpenAPIV3.Document;

/** @fastify/swagger's `transformObject`: the whole document, once its paths are collected. */
export function completeOpenApiDocument({ openapiObject }: { openapiObject: Partial<Document> }): Partial<Document> {
  const doc = openapiObject;
  doc.info = {
    title: doc.info?.title ?? 'API',
    version: doc.info?.version ?? '0.0.0',
    ...doc.info,
    license: { name: 'UNLICENSED' },
  };
  doc.servers = [{ url: '/', description: 'the platform itself (behind the province\'s reverse proxy: its public address)' }];
  doc.components ??= {};
  doc.components.securitySchemes = {
    ...doc.components.securitySchemes,
    [SESSION_SCHEME]: {
      type: 'apiKey',
      in: 'cookie',
      name: 'ausm_sid',
      description: 'The session of an accountant (POST /api/session) or a staff member (POST /api/console/session).',
    },
  };
  doc.components.schemas = {
    ...doc.components.schemas,
    [APP_ERROR_RESPONSE]: {
      type: 'object',
      description: 'Every refusal of the platform: a namespaced code and the Chinese text the portal shows as it is.',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Namespaced, stable: `account/locked`, `validation/failed`, `request/too_many` …', example: 'validation/failed' },
        message: { type: 'string', description: 'Chinese, for the person', example: '请填写手机号' },
        field: { type: 'string', description: 'The form field the message belongs beside' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Every invalid field and its message' },
      },
      additionalProperties: true,
    },
  };
  doc.components.responses = {
    ...doc.components.responses,
    [APP_ERROR_RESPONSE]: {
      description: 'Refused: bad input (400), no session (401), not yours or not your authority\'s (403/404), a conflict (409), too many requests (429)',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${APP_ERROR_RESPONSE}` } } },
    },
    ServerError: {
      description: 'The platform or one of its stores is unavailable (503 with Retry-After), or failed (500)',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${APP_ERROR_RESPONSE}` } } },
    },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      op.summary ??= `${method.toUpperCase()} ${path}`;
      if (!op.security) {
        if (method === 'delete' && (path === '/api/session' || path === '/api/console/session')) op.security = [{}, { [SESSION_SCHEME]: [] }];
        else op.security = isPublicOperation(method, path) ? [] : [{ [SESSION_SCHEME]: [] }];
      }
      op.responses ??= {};
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => s.startsWith('4'))) op.responses['4XX'] = { $ref: `#/components/responses/${APP_ERROR_RESPONSE}` };
      if (!statuses.some((s) => s.startsWith('5'))) op.responses['5XX'] = { $ref: '#/components/responses/ServerError' };
    }
  }
  return doc;
}
