import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZRejectReason, ZReviewOpinion } from '@ausm/domain';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { ReviewEngine, ReviewItem } from '../../platform/review/engine';
import { normalizeIdNumber } from '@ausm/domain';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { RequireStaff } from '../staff';

const ZStatus = z.enum(['pending', 'in_review', 'approved', 'rejected', 'withdrawn']);
const ZItemSummary = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  status: ZStatus,
  mode: z.enum(['auto', 'manual']),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  /** The person's real name, whole: staff in scope see it (issue 18); the ID number stays masked. */
  applicantFullName: z.string(),
  authorityId: z.string(),
  authorityLabel: z.string(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  opinion: z.string().nullable(),
});
const ZDecision = z.object({
  action: z.enum(['submit', 'claim', 'approve', 'reject', 'withdraw']),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  mode: z.enum(['auto', 'manual']),
  staffName: z.string().nullable(),
  opinion: z.string().nullable(),
  at: z.date(),
});
const ZDiffRow = z.object({ key: z.string(), label: z.string(), before: z.unknown().optional(), after: z.unknown().optional(), changed: z.boolean() });
const ZId = z.object({ id: z.string().max(64) });
const ZOpinion = ZReviewOpinion;

/** Queues, detail with 变更前/变更后, decisions, history and the console home; and the accountant's view. */
export const reviewRoutes: FastifyPluginAsyncZod<{
  engine: ReviewEngine;
  authorities: AuthorityService;
  accounts: AccountService;
  requireStaff: RequireStaff;
  sessions: SessionService;
  /** 单位法人用户's word on the person's employment (issue 26), shown beside each of their items. */
  employment?: (accountId: string) => Promise<Array<{ unitName: string; uscc: string; decisionLabel: string; decidedAt: Date }>>;
}> = async (app, { engine, authorities, accounts, requireStaff, sessions, employment }) => {
  const labelCache = new Map<string, string>();
  const authorityLabel = async (id: string) => {
    if (!labelCache.has(id)) labelCache.set(id, await authorities.label(id));
    return labelCache.get(id)!;
  };
  /** Each item with the person's whole name: the items given are already within the asker's scope. */
  const withNames = async (items: ReviewItem[]) => {
    const names = await accounts.realNames(items.map((i) => i.accountId));
    return Promise.all(items.map((i) => summary(i, names.get(i.accountId))));
  };
  const one = async (item: ReviewItem) => (await withNames([item]))[0]!;
  const summary = async (i: ReviewItem, fullName?: string) => ({
    id: i.id,
    kind: i.kind,
    kindLabel: engine.handler(i.kind).label,
    title: i.title,
    status: i.status,
    mode: i.mode,
    applicantName: i.applicantName,
    applicantIdMasked: i.applicantIdMasked,
    applicantFullName: fullName ?? i.applicantName,
    authorityId: i.authorityId,
    authorityLabel: await authorityLabel(i.authorityId),
    submittedAt: i.submittedAt,
    decidedAt: i.decidedAt,
    opinion: i.opinion,
  });

  app.get('/api/console/review-kinds', { schema: { tags: ['review'], summary: '审核事项的种类', response: { 200: z.object({ items: z.array(z.object({ kind: z.string(), label: z.string() })) }) } } }, async (req) => {
    await requireStaff(req);
    return { items: engine.kinds() };
  });

  app.get(
    '/api/console/review-items',
    {
      schema: {
        tags: ['review'],
        summary: '审核队列',
        querystring: z.object({
          kind: z.string().max(40).optional(),
          status: ZStatus.optional(),
          /** open 待办 (待审核, 审核中) / finished 已办结; without it every item, the open ones first. */
          state: z.enum(['open', 'finished'], { message: '审核状态不正确' }).optional(),
          authorityId: z.string().max(12).optional(),
          from: z.iso.date('日期格式应为 YYYY-MM-DD').optional(),
          to: z.iso.date('日期格式应为 YYYY-MM-DD').optional(),
          q: z.string().trim().max(30, '搜索内容不能超过30个字').optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(ZItemSummary) }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      const { from, to, ...rest } = req.query;
      // 请输入姓名或证件号码: a whole ID number is sealed in the database, so it is found by its blind index
      // (the masked column matches only what a reviewer sees, 370*****1234). Scope still applies.
      const idNumber = rest.q ? normalizeIdNumber('mainland_id', rest.q) : '';
      const wholeId = /^[0-9A-Z]{8,}$/.test(idNumber);
      const qAccountIds = wholeId ? await accounts.idsByIdNumber(idNumber) : undefined;
      // A whole real name (张三) finds the person's items (issue 18): the queue shows names whole to staff in scope.
      const qAccounts = rest.q && !wholeId ? accounts.idsByRealNameQuery(rest.q) : undefined;
      // Dates are China time: a day runs from 00:00 +08:00.
      const result = await engine.list(ctx, {
        ...rest,
        qAccountIds,
        qAccounts,
        submittedFrom: from ? new Date(`${from}T00:00:00+08:00`) : undefined,
        submittedTo: to ? new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
      });
      return { total: result.total, items: await withNames(result.items) };
    },
  );

  app.get(
    '/api/console/review-items/:id',
    {
      schema: {
        tags: ['review'],
        summary: '审核详情（变更前/变更后）',
        params: ZId,
        response: {
          200: z.object({
            item: ZItemSummary,
            fields: z.array(ZDiffRow),
            attachments: z.array(z.object({ id: z.string(), label: z.string() })),
            decisions: z.array(ZDecision),
            employment: z.array(z.object({ unitName: z.string(), uscc: z.string(), decisionLabel: z.string(), decidedAt: z.date() })),
          }),
        },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      const { item, decisions } = await engine.view(ctx, req.params.id, originOf(req));
      const [summarized] = await withNames([item]);
      const words = employment ? await employment(item.accountId) : [];
      return {
        item: summarized!,
        fields: diff(engine, item),
        attachments: item.attachments,
        decisions,
        employment: words.map(({ unitName, uscc, decisionLabel, decidedAt }) => ({ unitName, uscc, decisionLabel, decidedAt })),
      };
    },
  );

  app.post('/api/console/review-items/:id/claim', { schema: { tags: ['review'], summary: '领取审核事项', params: ZId, response: { 200: ZItemSummary } } }, async (req) =>
    one(await engine.claim(await requireStaff(req), req.params.id, originOf(req))),
  );

  app.post(
    '/api/console/review-items/:id/approve',
    { schema: { tags: ['review'], summary: '审核通过', params: ZId, body: z.object({ opinion: ZOpinion.optional() }).default({}), response: { 200: ZItemSummary } } },
    async (req) => one(await engine.decide(await requireStaff(req), req.params.id, 'approve', req.body.opinion ?? null, originOf(req))),
  );

  app.post(
    '/api/console/review-items/:id/reject',
    {
      schema: {
        tags: ['review'],
        summary: '审核不通过（须填写原因）',
        params: ZId,
        body: z.object({ opinion: ZRejectReason }),
        response: { 200: ZItemSummary },
      },
    },
    async (req) => one(await engine.decide(await requireStaff(req), req.params.id, 'reject', req.body.opinion, originOf(req))),
  );

  app.post(
    '/api/console/review-items/batch-approve',
    {
      schema: {
        tags: ['review'],
        summary: '批量审核通过',
        body: z.object({ ids: z.array(z.string().max(64)).min(1, '请选择要审核的事项').max(100, '一次最多审核100条'), opinion: ZOpinion.optional() }),
        response: { 200: z.object({ approved: z.array(z.string()), failed: z.array(z.object({ id: z.string(), message: z.string() })) }) },
      },
    },
    async (req) => engine.batchApprove(await requireStaff(req), req.body.ids, req.body.opinion ?? null, originOf(req)),
  );

  app.get(
    '/api/console/review-history',
    {
      schema: {
        tags: ['review'],
        summary: '审核记录',
        querystring: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(10) }),
        response: { 200: z.object({ total: z.number(), items: z.array(z.object({ item: ZItemSummary, decision: ZDecision })) }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      const { total, rows } = await engine.history(ctx, req.query.page, req.query.pageSize);
      const items = await withNames(rows.map((r) => r.item));
      return { total, items: rows.map((r, i) => ({ item: items[i]!, decision: r.decision })) };
    },
  );

  app.get(
    '/api/console/dashboard',
    {
      schema: {
        tags: ['review'],
        summary: '工作台：各类事项数量与最早待审事项',
        response: {
          200: z.object({
            authorityName: z.string(),
            counts: z.array(z.object({ kind: z.string(), label: z.string(), status: ZStatus, count: z.number() })),
            oldestOpenSubmittedAt: z.date().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      return { authorityName: ctx.authorityName, ...(await engine.dashboard(ctx)) };
    },
  );

  // ---- the accountant's side: status, authority and opinion of everything they submitted ----

  app.get(
    '/api/my/review-items',
    {
      schema: {
        tags: ['review'],
        summary: '我提交的审核事项',
        querystring: z.object({ kind: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(ZItemSummary.omit({ applicantIdMasked: true, applicantFullName: true })) }) },
      },
    },
    async (req) => {
      const subject = await sessions.require(req, 'accountant');
      const items = await engine.listForAccount(subject.id, req.query.kind);
      return { items: await Promise.all(items.map((i) => summary(i))) };
    },
  );

  app.post('/api/my/review-items/:id/withdraw', { schema: { tags: ['review'], summary: '撤回', params: ZId, response: { 200: ZItemSummary } } }, async (req) => {
    const subject = await sessions.require(req, 'accountant');
    return summary(await engine.withdraw(subject.id, req.params.id));
  });
};

/** 变更前 / 变更后, field by field, with the changed ones marked (the page shows them in red). */
function diff(engine: ReviewEngine, item: ReviewItem) {
  const handler = engine.handler(item.kind);
  const before = item.before ?? {};
  const after = item.after;
  const fields = handler.fieldsOf?.(item) ?? handler.fields;
  const keys = fields?.map((f) => f.key) ?? [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => ({
    key,
    label: fields?.find((f) => f.key === key)?.label ?? key,
    before: item.before ? before[key] : undefined,
    after: after[key],
    changed: !!item.before && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  }));
}
