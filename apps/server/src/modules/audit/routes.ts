import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditQuery } from '@ausm/domain';
import { z } from 'zod';
import type { RequireStaff } from '../staff';
import type { AuditTrailService } from './service';

const ZParty = z.object({ type: z.enum(['staff', 'accountant', 'anonymous', 'none']), id: z.string().nullable(), username: z.string().nullable(), label: z.string() });
const ZAuditEvent = z.object({
  id: z.string(),
  at: z.date(),
  kind: z.string(),
  kindLabel: z.string(),
  actor: ZParty,
  subject: ZParty,
  summary: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/** 审计日志: administrators search the audit trail of their authority's subtree. */
export const auditRoutes: FastifyPluginAsyncZod<{ trail: AuditTrailService; requireStaff: RequireStaff }> = async (app, { trail, requireStaff }) => {
  app.get(
    '/api/console/audit-events',
    {
      schema: {
        tags: ['console'],
        summary: '审计日志（管理员，本级及下级）',
        querystring: ZAuditQuery,
        response: { 200: z.object({ total: z.number(), items: z.array(ZAuditEvent) }) },
      },
    },
    async (req) => trail.search(await requireStaff(req), req.query),
  );
};
