import { TRANSFER_STATUSES, transferSchemas } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { AccountService } from '../account';
import type { RequireStaff } from '../staff';
import type { TransferService } from './service';

const ZPlace = z.object({ province: z.string(), city: z.string(), county: z.string(), label: z.string() });
const ZStatus = z.enum(Object.keys(TRANSFER_STATUSES) as [keyof typeof TRANSFER_STATUSES, ...Array<keyof typeof TRANSFER_STATUSES>]);
const ZRecord = z.object({
  id: z.string(),
  status: ZStatus,
  statusLabel: z.string(),
  type: z.enum(['within', 'across']),
  typeLabel: z.string(),
  reason: z.enum(['work', 'school', 'household']),
  reasonLabel: z.string(),
  outAt: z.date(),
  inAt: z.date().nullable(),
  from: ZPlace,
  to: ZPlace,
  details: z.array(z.object({ label: z.string(), value: z.string() })),
  proofFileId: z.string(),
  opinion: z.string().nullable(),
  openReviewItemId: z.string().nullable(),
});
const ZState = z.object({
  currentAuthority: z.object({ id: z.string(), label: z.string() }).nullable(),
  refusal: z.string().nullable(),
  records: z.array(ZRecord),
});
const ZConsoleQuery = z.object({
  direction: z.enum(['in', 'out'], { message: '调转方向不正确' }).optional(),
  status: ZStatus.optional(),
  from: z.iso.date('日期格式应为 YYYY-MM-DD').optional(),
  to: z.iso.date('日期格式应为 YYYY-MM-DD').optional(),
  q: z.string().trim().max(30, '搜索内容不能超过30个字').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
});
const ZConsoleRow = ZRecord.omit({ openReviewItemId: true, proofFileId: true, opinion: true }).extend({ name: z.string(), direction: z.enum(['in', 'out']) });

/** The most rows one CSV export holds; the console says so when a filter leaves more. */
export const TRANSFER_EXPORT_MAX = 5000;

/**
 * 属地关系调转: the accountant's own applications (the session is the person), and the console's list of
 * people transferred out of or into the staff member's subtree. The decisions themselves are the review
 * engine's routes (/api/console/review-items), withdrawal /api/my/review-items/:id/withdraw.
 */
export const transferRoutes: FastifyPluginAsyncZod<{
  transfers: TransferService;
  accounts: AccountService;
  sessions: SessionService;
  requireStaff: RequireStaff;
  clock: Clock;
}> = async (app, { transfers, accounts, sessions, requireStaff, clock }) => {
  const s = transferSchemas(() => clock.now());
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['transfer'];

  app.get('/api/transfer', { schema: { tags, summary: '会计人员信息调转：当前会计管理机构与调转记录', response: { 200: ZState } } }, async (req) => transfers.state(await me(req)));

  app.get('/api/transfer/:id', { schema: { tags, summary: '调转详情', params: z.object({ id: z.string().max(64) }), response: { 200: ZRecord } } }, async (req) =>
    transfers.one(await me(req), req.params.id),
  );

  app.post('/api/transfer', { schema: { tags, summary: '调转申请：提交审核', body: s.ZTransferRequest, response: { 201: ZRecord } } }, async (req, reply) =>
    reply.status(201).send(await transfers.apply(await me(req), req.body)),
  );

  // ---- console ----

  const list = async (req: Parameters<RequireStaff>[0], q: z.output<typeof ZConsoleQuery>) => {
    const ctx = await requireStaff(req);
    const { items, total } = await transfers.list(ctx, {
      direction: q.direction,
      status: q.status,
      from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
      to: q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
      qAccounts: q.q ? accounts.idsByRealNameQuery(q.q) : undefined,
      page: q.page,
      pageSize: q.pageSize,
    });
    const names = await accounts.realNames(items.map((i) => i.accountId));
    return {
      ctx,
      total,
      items: items.map(({ accountId, openReviewItemId: _o, proofFileId: _p, opinion: _n, ...i }) => ({ ...i, name: names.get(accountId) ?? '' })),
    };
  };

  app.get(
    '/api/console/transfers',
    { schema: { tags, summary: '调入调出人员', querystring: ZConsoleQuery, response: { 200: z.object({ total: z.number(), items: z.array(ZConsoleRow) }) } } },
    async (req) => {
      const { total, items } = await list(req, req.query);
      return { total, items };
    },
  );

  app.get(
    '/api/console/transfers.csv',
    { schema: { tags, summary: '调入调出人员：导出 CSV', querystring: ZConsoleQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const { items, ctx } = await list(req, { ...req.query, page: 1, pageSize: TRANSFER_EXPORT_MAX });
      await transfers.recordExport(ctx, items.length, { ...req.query }, originOf(req));
      const day = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '');
      const header = ['方向', '姓名', '调转状态', '调转类型', '调转原因', '调出时间', '调出地', '调入时间', '调入地'];
      const lines = items.map((i) => [i.direction === 'out' ? '调出' : '调入', i.name, i.statusLabel, i.typeLabel, i.reasonLabel, day(i.outAt), i.from.label, day(i.inAt), i.to.label]);
      const csv = [header, ...lines].map((row) => row.map(csvCell).join(',')).join('\r\n');
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="transfers.csv"; filename*=UTF-8''${encodeURIComponent('调入调出人员.csv')}`);
      reply.header('cache-control', 'no-store');
      // The BOM lets Excel read the Chinese as UTF-8.
      return `\uFEFF${csv}\r\n`;
    },
  );
};

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}
