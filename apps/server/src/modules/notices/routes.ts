import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import type { Notice, NoticeService } from '../../platform/notices/service';
import type { ReviewEngine } from '../../platform/review/engine';
import type { RequireStaff } from '../staff';

const ZStatus = z.enum(['pending', 'sent', 'failed']);
const ZChannel = z.enum(['wechat', 'sms']).nullable();
const ZMyNotice = z.object({
  id: z.string(),
  reviewItemId: z.string(),
  status: ZStatus,
  channel: ZChannel,
  content: z.string(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});
const ZConsoleNotice = z.object({
  id: z.string(),
  reviewItemId: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  decision: z.string(),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  status: ZStatus,
  channel: ZChannel,
  tries: z.number(),
  triesLeft: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  nextAttemptAt: z.date(),
  sentAt: z.date().nullable(),
});

/** 我的办件's notices (the person's own) and the console's 消息通知 (staff in scope; 重试 for administrators). */
export const noticeRoutes: FastifyPluginAsyncZod<{ notices: NoticeService; engine: ReviewEngine; sessions: SessionService; requireStaff: RequireStaff }> = async (
  app,
  { notices, engine, sessions, requireStaff },
) => {
  const kindLabel = (kind: string) => engine.kinds().find((k) => k.kind === kind)?.label ?? kind;
  const forConsole = (n: Notice) => ({
    id: n.id,
    reviewItemId: n.reviewItemId,
    kind: n.reviewKind,
    kindLabel: kindLabel(n.reviewKind),
    decision: n.decision,
    applicantName: n.applicantName,
    applicantIdMasked: n.applicantIdMasked,
    status: n.status,
    channel: n.channel,
    tries: n.tries,
    triesLeft: n.triesLeft,
    lastError: n.lastError,
    createdAt: n.createdAt,
    nextAttemptAt: n.nextAttemptAt,
    sentAt: n.sentAt,
  });

  app.get(
    '/api/my/notices',
    { schema: { tags: ['review'], summary: '我收到的审核结果通知', response: { 200: z.object({ items: z.array(ZMyNotice) }) } } },
    async (req) => {
      const subject = await sessions.require(req, 'accountant');
      const rows = await notices.forAccount(subject.id);
      return {
        items: rows.map((n) => ({ id: n.id, reviewItemId: n.reviewItemId, status: n.status, channel: n.channel, content: n.content, createdAt: n.createdAt, sentAt: n.sentAt })),
      };
    },
  );

  app.get(
    '/api/console/notices',
    {
      schema: {
        tags: ['console'],
        summary: '审核结果通知（本级及下级），可按发送状态筛选',
        querystring: z.object({
          status: ZStatus.optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(ZConsoleNotice) }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      const { total, items } = await notices.list(ctx, req.query);
      return { total, items: items.map(forConsole) };
    },
  );

  app.post(
    '/api/console/notices/:id/retry',
    { schema: { tags: ['console'], summary: '重试发送失败的通知（管理员）', params: z.object({ id: z.string().max(64) }), response: { 200: ZConsoleNotice } } },
    async (req) => {
      const ctx = await requireStaff(req);
      if (!ctx.roles.includes('admin')) throw new AppError(403, 'notice/forbidden', '仅管理员可以重试发送通知');
      return forConsole(await notices.retry({ authorityPath: ctx.authorityPath, actor: { staffId: ctx.staffId, username: ctx.username } }, req.params.id, originOf(req)));
    },
  );
};
