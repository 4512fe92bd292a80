import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { RequireStaff } from '../staff';
import type { AuthorityService } from './service';

const ZNode = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['national', 'province', 'city', 'county']),
  parentId: z.string().nullable(),
  examProvince: z.boolean(),
  leaf: z.boolean(),
});

export const authorityRoutes: FastifyPluginAsyncZod<{ authorities: AuthorityService; requireStaff: RequireStaff }> = async (
  app,
  { authorities, requireStaff },
) => {
  // The portal's province-city-county cascader reads one level at a time.
  app.get(
    '/api/authorities',
    {
      schema: {
        tags: ['authority'],
        summary: '会计管理部门（逐级）',
        querystring: z.object({ parentId: z.string().trim().max(12, '参数过长').optional() }),
        response: { 200: z.object({ items: z.array(ZNode) }) },
      },
    },
    async (req, reply) => {
      if (req.query.parentId && !(await authorities.byId(req.query.parentId))) throw new AppError(404, 'authority/not_found', '会计管理部门不存在');
      reply.header('cache-control', 'public, max-age=3600');
      return { items: await authorities.children(req.query.parentId ?? null) };
    },
  );

  app.get(
    '/api/authorities/:id/chain',
    {
      schema: {
        tags: ['authority'],
        summary: '会计管理部门的上级链（省-市-区县）',
        params: z.object({ id: z.string().max(12) }),
        response: { 200: z.object({ items: z.array(ZNode.omit({ leaf: true })), label: z.string() }) },
      },
    },
    async (req) => {
      const chain = await authorities.chain(req.params.id);
      if (!chain.length) throw new AppError(404, 'authority/not_found', '会计管理部门不存在');
      return { items: chain, label: chain.map((a) => a.name).join('-') };
    },
  );

  // The console's tree starts at the staff member's own authority and never goes above it.
  app.get(
    '/api/console/authorities',
    {
      schema: {
        tags: ['console'],
        summary: '本级及下级会计管理部门（逐级）',
        querystring: z.object({ parentId: z.string().trim().max(12).optional() }),
        response: { 200: z.object({ items: z.array(ZNode) }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      if (!req.query.parentId) {
        const own = (await authorities.byId(ctx.authorityId))!;
        return { items: [{ id: own.id, name: own.name, level: own.level, parentId: own.parentId, examProvince: own.examProvince, leaf: own.level === 'county' }] };
      }
      if (!(await authorities.within(ctx.authorityPath, req.query.parentId))) throw new AppError(404, 'authority/not_found', '会计管理部门不存在');
      return { items: await authorities.children(req.query.parentId) };
    },
  );
};
