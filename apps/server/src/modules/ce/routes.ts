import { CE_APPLICATION_STATUSES, CE_FORMS, ceSchemas, ZCeYearSettingInput, ZReviewOpinion } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { RequireStaff } from '../staff';
import { CE_KIND, type CeService } from './service';

const ZForm = z.enum(CE_FORMS.map((f) => f.code) as [string, ...string[]]);
const ZStatus = z.enum(Object.keys(CE_APPLICATION_STATUSES) as [string, ...string[]]);
const ZApplication = z.object({
  id: z.string(),
  form: ZForm,
  formName: z.string(),
  category: z.enum(['professional', 'public']),
  categoryName: z.string(),
  year: z.number(),
  claimed: z.number(),
  computed: z.number(),
  granted: z.number().nullable(),
  status: ZStatus,
  statusLabel: z.string(),
  opinion: z.string().nullable(),
  correction: z.string().nullable(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  reviewItemId: z.string().nullable(),
  proofFileId: z.string(),
  details: z.array(z.object({ label: z.string(), value: z.string() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
});
const ZProgress = z.object({
  year: z.number(),
  total: z.number(),
  professional: z.number(),
  public: z.number(),
  requiredTotal: z.number(),
  professionalMin: z.number(),
  reached: z.boolean(),
  missingTotal: z.number(),
  missingProfessional: z.number(),
  percent: z.number(),
  summary: z.string(),
  closed: z.boolean(),
});
const ZEntry = z.object({
  id: z.string(),
  grantedAt: z.date(),
  total: z.number(),
  professional: z.number(),
  public: z.number(),
  method: z.enum(['application', 'system', 'employer']),
  methodName: z.string(),
  reason: z.string(),
});
const ZSetting = z.object({ year: z.number(), requiredTotal: z.number(), professionalMin: z.number(), minutesPerCredit: z.number(), closesOn: z.string(), custom: z.boolean() });
const ZYear = z.object({ year: z.coerce.number({ message: '年度不正确' }).int('年度不正确').min(2000, '年度不正确').max(2100, '年度不正确') });
const ZId = z.object({ id: z.string().max(64) });
const ZPage = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
};
const ZConsoleItem = z.object({
  reviewItemId: z.string(),
  reviewStatus: z.enum(['pending', 'in_review', 'approved', 'rejected', 'withdrawn']),
  applicantName: z.string(),
  applicantIdMasked: z.string(),
  authorityLabel: z.string(),
  application: ZApplication.omit({ proofFileId: true }),
});
const ZYearQuery = z.object({ authorityId: z.string().max(12).optional(), ...ZPage });
const ZYearPerson = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  authorityLabel: z.string(),
  total: z.number(),
  professional: z.number(),
  public: z.number(),
  missingTotal: z.number(),
  missingProfessional: z.number(),
});

/** The most rows one CSV export holds. */
export const CE_EXPORT_MAX = 5000;

/**
 * 会计人员继续教育: the accountant's ledger and applications (the session is the person; ids must be theirs),
 * and the console's review of applications (the engine's scope), year view and a province's figures.
 * Refusal is the engine's route (/api/console/review-items/:id/reject).
 */
export const ceRoutes: FastifyPluginAsyncZod<{
  ce: CeService;
  engine: ReviewEngine;
  accounts: AccountService;
  authorities: AuthorityService;
  sessions: SessionService;
  requireStaff: RequireStaff;
  clock: Clock;
}> = async (app, { ce, engine, accounts, authorities, sessions, requireStaff, clock }) => {
  const s = ceSchemas(() => clock.now());
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['ce'];

  app.get(
    '/api/ce',
    {
      schema: {
        tags,
        summary: '查看继续教育情况：继续教育记录（每年一条）',
        response: { 200: z.object({ refusal: z.string().nullable(), currentYear: z.number(), years: z.array(ZProgress) }) },
      },
    },
    async (req) => ce.state(await me(req)),
  );

  app.get(
    '/api/ce/years/:year',
    { schema: { tags, summary: '某年继续教育明细', params: ZYear, response: { 200: z.object({ progress: ZProgress, entries: z.array(ZEntry) }) } } },
    async (req) => ce.yearDetail(await me(req), req.params.year),
  );

  app.get(
    '/api/ce/settings/:year',
    { schema: { tags, summary: '本省该年度的继续教育要求（折算与截止登记）', params: ZYear, response: { 200: z.object({ setting: ZSetting.omit({ custom: true }), closed: z.boolean() }) } } },
    async (req) => {
      const { setting, closed } = await ce.personSetting(await me(req), req.params.year);
      return { setting: { year: setting.year, requiredTotal: setting.requiredTotal, professionalMin: setting.professionalMin, minutesPerCredit: setting.minutesPerCredit, closesOn: setting.closesOn }, closed };
    },
  );

  app.get('/api/ce/applications', { schema: { tags, summary: '继续教育学分申请：申请列表', response: { 200: z.object({ items: z.array(ZApplication) }) } } }, async (req) => ({
    items: await ce.list(await me(req)),
  }));

  app.get('/api/ce/applications/:id', { schema: { tags, summary: '继续教育学分申请：详情', params: ZId, response: { 200: ZApplication } } }, async (req) =>
    ce.one(await me(req), req.params.id),
  );

  app.post('/api/ce/applications', { schema: { tags, summary: '继续教育学分申请：提交审核', body: s.ZCeApplication, response: { 201: ZApplication } } }, async (req, reply) =>
    reply.status(201).send(await ce.apply(await me(req), req.body)),
  );

  app.post('/api/ce/applications/:id/withdraw', { schema: { tags, summary: '继续教育学分申请：撤回', params: ZId, response: { 200: ZApplication } } }, async (req) =>
    ce.withdraw(await me(req), req.params.id),
  );

  // ---- console ----

  const labels = new Map<string, string>();
  const authorityLabel = async (id: string) => labels.get(id) ?? labels.set(id, await authorities.label(id)).get(id)!;

  app.get(
    '/api/console/ce/applications',
    {
      schema: {
        tags,
        summary: '继续教育学分申请审核：申请学分与按规则折算学分',
        querystring: z.object({ state: z.enum(['open', 'finished'], { message: '审核状态不正确' }).optional(), ...ZPage }),
        response: { 200: z.object({ total: z.number(), items: z.array(ZConsoleItem) }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      const { total, items } = await engine.list(ctx, { kind: CE_KIND, state: req.query.state, page: req.query.page, pageSize: req.query.pageSize });
      const [apps, names] = await Promise.all([ce.byReviewItems(items), accounts.realNames(items.map((i) => i.accountId))]);
      const rows = [];
      for (const i of items) {
        const a = apps.get(i.id);
        if (!a) continue;
        const { proofFileId: _p, ...application } = a;
        rows.push({
          reviewItemId: i.id,
          reviewStatus: i.status,
          applicantName: names.get(i.accountId) ?? i.applicantName,
          applicantIdMasked: i.applicantIdMasked,
          authorityLabel: await authorityLabel(i.authorityId),
          application,
        });
      }
      return { total, items: rows };
    },
  );

  app.get(
    '/api/console/ce/applications/:id',
    {
      schema: {
        tags,
        summary: '继续教育学分申请审核：详情（证明材料、审核记录）',
        params: ZId,
        response: {
          200: ZConsoleItem.extend({
            application: ZApplication,
            decisions: z.array(z.object({ action: z.string(), toStatus: z.string(), staffName: z.string().nullable(), opinion: z.string().nullable(), at: z.date() })),
          }),
        },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      if ((await engine.kindOf(ctx, req.params.id)) !== CE_KIND) throw new AppError(404, 'review/not_found', '审核事项不存在');
      const { item, decisions } = await engine.view(ctx, req.params.id, originOf(req));
      const application = (await ce.byReviewItems([item])).get(item.id);
      if (!application) throw new AppError(404, 'review/not_found', '审核事项不存在');
      const names = await accounts.realNames([item.accountId]);
      return {
        reviewItemId: item.id,
        reviewStatus: item.status,
        applicantName: names.get(item.accountId) ?? item.applicantName,
        applicantIdMasked: item.applicantIdMasked,
        authorityLabel: await authorityLabel(item.authorityId),
        application,
        decisions: decisions.map((d) => ({ action: d.action, toStatus: d.toStatus, staffName: d.staffName, opinion: d.opinion, at: d.at })),
      };
    },
  );

  app.post(
    '/api/console/ce/applications/:id/approve',
    {
      schema: {
        tags,
        summary: '继续教育学分申请审核通过（可调整核定学分，须填写原因）',
        params: ZId,
        body: z
          .object({
            credits: z
              .number({ message: '核定学分须为数字' })
              .gt(0, '核定学分须大于0')
              .max(90, '核定学分不能超过90')
              .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, '核定学分最多保留一位小数')
              .optional(),
            opinion: ZReviewOpinion.optional(),
          })
          .default({}),
        response: { 200: z.object({ status: z.string() }) },
      },
    },
    async (req) => {
      const ctx = await requireStaff(req);
      if ((await engine.kindOf(ctx, req.params.id)) !== CE_KIND) throw new AppError(404, 'review/not_found', '审核事项不存在');
      const decision = req.body.credits === undefined ? undefined : { credits: req.body.credits };
      const item = await engine.decide(ctx, req.params.id, 'approve', req.body.opinion ?? null, originOf(req), decision);
      return { status: item.status };
    },
  );

  const yearView = async (req: Parameters<RequireStaff>[0], year: number, authorityId: string | undefined) => {
    const ctx = await requireStaff(req);
    return { ctx, view: await ce.yearView(ctx, year, authorityId) };
  };
  const people = async (rows: Awaited<ReturnType<CeService['yearView']>>['notReached']) => {
    const names = await accounts.realNames(rows.map((r) => r.accountId));
    return Promise.all(
      rows.map(async (r) => ({
        name: names.get(r.accountId) ?? '',
        idNumberMasked: (await accounts.applicant(r.accountId))?.maskedIdNumber ?? '',
        authorityLabel: await authorityLabel(r.authorityId),
        total: r.total,
        professional: r.professional,
        public: r.public,
        missingTotal: r.missingTotal,
        missingProfessional: r.missingProfessional,
      })),
    );
  };

  app.get(
    '/api/console/ce/years/:year',
    {
      schema: {
        tags,
        summary: '继续教育年度情况：达标人数与未达标人员',
        params: ZYear,
        querystring: ZYearQuery,
        response: { 200: z.object({ year: z.number(), people: z.number(), reached: z.number(), total: z.number(), items: z.array(ZYearPerson) }) },
      },
    },
    async (req) => {
      const { view } = await yearView(req, req.params.year, req.query.authorityId);
      const { page, pageSize } = req.query;
      const slice = view.notReached.slice((page - 1) * pageSize, page * pageSize);
      return { year: req.params.year, people: view.people, reached: view.reached, total: view.notReached.length, items: await people(slice) };
    },
  );

  app.get(
    '/api/console/ce/years/:year/not-reached.csv',
    { schema: { tags, summary: '继续教育年度未达标人员：导出 CSV', params: ZYear, querystring: ZYearQuery.omit({ page: true, pageSize: true }) } },
    async (req, reply) => {
      const { ctx, view } = await yearView(req, req.params.year, req.query.authorityId);
      const rows = await people(view.notReached.slice(0, CE_EXPORT_MAX));
      await ce.recordExport(ctx, rows.length, { year: req.params.year, ...req.query }, originOf(req));
      const header = ['姓名', '证件号码', '会计管理机构', '总学分', '专业科目学分', '公需科目学分', '总学分差额', '专业科目学分差额'];
      const lines = rows.map((r) => [r.name, r.idNumberMasked, r.authorityLabel, r.total, r.professional, r.public, r.missingTotal, r.missingProfessional].map(String));
      const csv = [header, ...lines].map((row) => row.map(csvCell).join(',')).join('\r\n');
      const file = `${req.params.year}年度继续教育未达标人员.csv`;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="ce-${req.params.year}.csv"; filename*=UTF-8''${encodeURIComponent(file)}`);
      reply.header('cache-control', 'no-store');
      return `\uFEFF${csv}\r\n`;
    },
  );

  const ZSettingQuery = z.object({ provinceId: z.string().max(12).optional() });
  const ZSettingView = z.object({ provinceId: z.string(), provinceName: z.string(), setting: ZSetting, closed: z.boolean(), editable: z.boolean() });

  app.get(
    '/api/console/ce/settings/:year',
    { schema: { tags, summary: '继续教育年度要求（本省）', params: ZYear, querystring: ZSettingQuery, response: { 200: ZSettingView } } },
    async (req) => ce.consoleSetting(await requireStaff(req), req.params.year, req.query.provinceId),
  );

  app.put(
    '/api/console/ce/settings/:year',
    { schema: { tags, summary: '设置继续教育年度要求（省级管理员）', params: ZYear, querystring: ZSettingQuery, body: ZCeYearSettingInput, response: { 200: ZSettingView } } },
    async (req) => ce.saveSetting(await requireStaff(req), req.params.year, req.query.provinceId, req.body, originOf(req)),
  );
};

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}
