import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STANDARD_CATEGORY_CODES, STANDARD_QUERY_MAX, ZStandardInput } from '@ausm/domain';
import { originOf, type SessionService } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import type { RequireStaff } from '../staff';
import type { StandardService } from './service';

const ZCategory = z.enum(STANDARD_CATEGORY_CODES, { message: '类别不正确' });
const ZSummary = z.object({
  id: z.string(),
  title: z.string(),
  docNumber: z.string(),
  issuedOn: z.string(),
  category: ZCategory,
  categoryName: z.string(),
  hasPdf: z.boolean(),
  published: z.boolean(),
  publishedAt: z.date().nullable(),
  updatedAt: z.date(),
  studiedAt: z.date().nullable(),
  excerpt: z.string(),
});
const ZView = ZSummary.extend({ body: z.string(), pdfName: z.string().nullable(), pdfSize: z.number().nullable() });
const ZList = z.object({ total: z.number(), tokens: z.array(z.string()), items: z.array(ZSummary) });
const ZQuery = z.object({
  q: z.string().max(STANDARD_QUERY_MAX, `搜索内容不能超过${STANDARD_QUERY_MAX}个字`).optional(),
  category: ZCategory.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50, '每页最多50条').default(10),
});
const ZId = z.object({ id: z.string().max(64) });

/** RFC 5987 / 8187 ext-value of a file name. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * 会计准则制度学习: the portal's library (public; a signed-in reader sees and sets 已学习) and the console's
 * upkeep (财政部 administrators). Registered in a scope with @fastify/multipart for the PDF upload (app.ts).
 */
export const standardRoutes: FastifyPluginAsyncZod<{ standards: StandardService; sessions: SessionService; requireStaff: RequireStaff }> = async (
  app,
  { standards, sessions, requireStaff },
) => {
  const tags = ['standards'];
  const reader = async (req: FastifyRequest) =>
    (
      await sessions.require(req, 'accountant').catch((err: unknown) => {
        if (err instanceof AppError && err.status === 401) return null;
        throw err;
      })
    )?.id ?? null;
  const me = async (req: FastifyRequest) => (await sessions.require(req, 'accountant')).id;

  app.get('/api/standards', { schema: { tags, summary: '会计准则制度学习：列表、按类别筛选与搜索（中文词语）', querystring: ZQuery, response: { 200: ZList } } }, async (req) =>
    standards.list({ query: req.query.q, category: req.query.category, page: req.query.page, pageSize: req.query.pageSize }, await reader(req)),
  );

  app.get('/api/standards/studied', { schema: { tags, summary: '个人档案：已学习的会计准则制度', response: { 200: z.object({ total: z.number(), studied: z.number(), items: z.array(z.object({ id: z.string(), title: z.string(), docNumber: z.string(), categoryName: z.string(), studiedAt: z.date() })) }) } } }, async (req) =>
    standards.studied(await me(req)),
  );

  app.get('/api/standards/:id', { schema: { tags, summary: '会计准则制度学习：查看全文', params: ZId, response: { 200: ZView } } }, async (req) =>
    standards.one(req.params.id, await reader(req)),
  );

  app.get('/api/standards/:id/pdf', { schema: { tags, summary: '会计准则制度学习：下载PDF文件', params: ZId } }, async (req, reply) => {
    const { name, bytes } = await standards.pdf(req.params.id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${rfc5987(name)}`)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(bytes);
  });

  app.put('/api/standards/:id/studied', { schema: { tags, summary: '会计准则制度学习：标记为已学习', params: ZId, response: { 200: z.object({ studiedAt: z.date() }) } } }, async (req) =>
    standards.markStudied(await me(req), req.params.id),
  );

  app.delete('/api/standards/:id/studied', { schema: { tags, summary: '会计准则制度学习：取消已学习标记', params: ZId, response: { 204: z.null() } } }, async (req, reply) => {
    await standards.unmarkStudied(await me(req), req.params.id);
    return reply.status(204).send(null);
  });

  // ---- console ----

  app.get('/api/console/standards', { schema: { tags, summary: '会计准则制度维护：列表（含未发布）', querystring: ZQuery, response: { 200: ZList } } }, async (req) =>
    standards.consoleList(await requireStaff(req), { query: req.query.q, category: req.query.category, page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.post('/api/console/standards', { schema: { tags, summary: '会计准则制度维护：新增（未发布）', body: ZStandardInput, response: { 201: ZView } } }, async (req, reply) =>
    reply.status(201).send(await standards.create(await requireStaff(req), req.body, originOf(req))),
  );

  app.get('/api/console/standards/:id', { schema: { tags, summary: '会计准则制度维护：详情', params: ZId, response: { 200: ZView } } }, async (req) =>
    standards.consoleOne(await requireStaff(req), req.params.id),
  );

  app.put('/api/console/standards/:id', { schema: { tags, summary: '会计准则制度维护：修改', params: ZId, body: ZStandardInput, response: { 200: ZView } } }, async (req) =>
    standards.update(await requireStaff(req), req.params.id, req.body, originOf(req)),
  );

  app.post('/api/console/standards/:id/publish', { schema: { tags, summary: '会计准则制度维护：发布', params: ZId, response: { 200: ZView } } }, async (req) =>
    standards.setPublished(await requireStaff(req), req.params.id, true, originOf(req)),
  );

  app.post('/api/console/standards/:id/unpublish', { schema: { tags, summary: '会计准则制度维护：撤回发布', params: ZId, response: { 200: ZView } } }, async (req) =>
    standards.setPublished(await requireStaff(req), req.params.id, false, originOf(req)),
  );

  app.post(
    '/api/console/standards/:id/pdf',
    { schema: { tags, summary: '会计准则制度维护：上传PDF文件（multipart/form-data，字段 file）', consumes: ['multipart/form-data'], params: ZId, response: { 200: ZView } } },
    async (req) => {
      const ctx = await requireStaff(req);
      standards.requireEditor(ctx);
      if (!req.isMultipart()) throw new AppError(400, 'file/not_multipart', '请以表单方式（multipart/form-data）上传文件', { field: 'file' });
      const part = await req.file().catch(() => {
        throw new AppError(400, 'file/bad_request', '文件上传请求格式不正确，请重新上传', { field: 'file' });
      });
      if (!part || part.fieldname !== 'file') throw new AppError(400, 'file/missing', '请选择要上传的文件', { field: 'file' });
      return standards.attachPdf(ctx, req.params.id, part.file, part.filename, originOf(req));
    },
  );

  app.delete('/api/console/standards/:id/pdf', { schema: { tags, summary: '会计准则制度维护：删除PDF文件', params: ZId, response: { 200: ZView } } }, async (req) =>
    standards.removePdf(await requireStaff(req), req.params.id, originOf(req)),
  );
};
