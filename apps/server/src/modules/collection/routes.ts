import { collectionSchemas } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { AccountService } from '../account';
import type { RequireStaff } from '../staff';
import type { CollectionImports } from './imports';
import type { CollectionRecords } from './records';
import type { CollectionService } from './service';
import { allowStyleHash } from '../../platform/security';
import { renderTemplate, templateDisposition, TEMPLATE_NAMES, TEMPLATE_STYLE_HASH } from './templates';

// The wizard's state is documented in docs/collection.md; the schema names its top level and lets
// the records through as the service built them.
const ZState = z.looseObject({
  collectionStatus: z.enum(['none', 'draft', 'pending', 'rejected', 'approved']),
  scope: z.string().nullable(),
  readonly: z.looseObject({}),
  basic: z.looseObject({}).nullable(),
  education: z.array(z.looseObject({ id: z.string() })),
  work: z.array(z.looseObject({ id: z.string() })),
  authority: z.looseObject({}).nullable(),
  qualification: z.looseObject({}).nullable(),
  idProofRequired: z.boolean(),
  notices: z.array(z.looseObject({})),
});
const ZRecordAnswer = z.looseObject({ record: z.looseObject({ id: z.string() }) });
const ZId = z.object({ id: z.string().max(64) });

export const collectionRoutes: FastifyPluginAsyncZod<{
  collection: CollectionService;
  records: CollectionRecords;
  accounts: AccountService;
  imports: CollectionImports;
  sessions: SessionService;
  requireStaff: RequireStaff;
  clock: Clock;
}> = async (app, { collection, records, accounts, imports, sessions, requireStaff, clock }) => {
  const s = collectionSchemas(() => clock.now());
  // Every call needs the accountant's session and 实名认证 (the service checks the latter).
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['collection'];

  app.get('/api/collection', { schema: { tags, summary: '信息采集：当前状态', response: { 200: ZState } } }, async (req) => collection.state(await me(req)));

  app.get(
    '/api/collection/summary',
    {
      schema: {
        tags,
        summary: '个人档案：信息采集的状态、会计管理部门与最近一次审核',
        response: {
          200: z.object({
            collectionStatus: z.enum(['none', 'draft', 'pending', 'rejected', 'approved']),
            authorityName: z.string().nullable(),
            submittedAt: z.date().nullable(),
            lastDecision: z.object({ title: z.string(), status: z.enum(['approved', 'rejected']), opinion: z.string().nullable(), decidedAt: z.date() }).nullable(),
          }),
        },
      },
    },
    async (req) => collection.summary(await me(req)),
  );

  app.put('/api/collection/scope', { schema: { tags, summary: '采集须知：采集范围', body: s.ZScopeRequest, response: { 200: ZState } } }, async (req) =>
    collection.saveScope(await me(req), req.body),
  );

  app.put('/api/collection/basic', { schema: { tags, summary: '基本信息', body: s.ZBasicInfoRequest, response: { 200: ZState } } }, async (req) =>
    collection.saveBasic(await me(req), req.body),
  );

  app.post('/api/collection/education', { schema: { tags, summary: '新增教育经历', body: s.ZEducationRequest, response: { 201: ZRecordAnswer } } }, async (req, reply) => {
    const id = await me(req);
    await collection.person(id);
    return reply.status(201).send(await records.addEducation(id, req.body));
  });

  app.put(
    '/api/collection/education/:id',
    { schema: { tags, summary: '编辑教育经历', params: ZId, body: s.ZEducationRequest, response: { 200: ZRecordAnswer } } },
    async (req) => {
      const id = await me(req);
      await collection.person(id);
      return records.updateEducation(id, req.params.id, req.body);
    },
  );

  app.post('/api/collection/work', { schema: { tags, summary: '新增工作经历', body: s.ZWorkRequest, response: { 201: ZRecordAnswer } } }, async (req, reply) => {
    const id = await me(req);
    await collection.person(id);
    return reply.status(201).send(await records.addWork(id, req.body));
  });

  app.put('/api/collection/work/:id', { schema: { tags, summary: '编辑工作经历', params: ZId, body: s.ZWorkRequest, response: { 200: ZRecordAnswer } } }, async (req) => {
    const id = await me(req);
    await collection.person(id);
    return records.updateWork(id, req.params.id, req.body);
  });

  for (const part of ['education', 'work'] as const) {
    app.delete(`/api/collection/${part}/:id`, { schema: { tags, summary: part === 'education' ? '删除教育经历' : '删除工作经历', params: ZId } }, async (req, reply) => {
      const id = await me(req);
      await collection.person(id);
      await records.remove(part, id, req.params.id);
      return reply.status(204).send();
    });
  }

  app.put('/api/collection/authority', { schema: { tags, summary: '会计管理部门', body: s.ZAuthorityRequest, response: { 200: ZState } } }, async (req) =>
    collection.saveAuthority(await me(req), req.body),
  );

  app.post('/api/collection/submit', { schema: { tags, summary: '提交审核', body: s.ZSubmitRequest, response: { 200: ZState } } }, async (req) =>
    collection.submit(await me(req)),
  );

  app.get(
    '/api/collection/templates/:name',
    { schema: { tags, summary: '证明模板（工作证明 / 工作经历证明）', params: z.object({ name: z.enum(TEMPLATE_NAMES, { message: '模板不存在' }) }) } },
    async (req, reply) => {
      const identity = (await accounts.identity(await me(req)))!;
      allowStyleHash(reply, TEMPLATE_STYLE_HASH);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        // 模板下载: saved as a file to print and stamp, not opened as a page of the platform (issue 18).
        .header('content-disposition', templateDisposition(req.params.name))
        .send(renderTemplate(req.params.name, identity));
    },
  );

  // ---- console: 历史 records from a province's earlier platform ----
  app.post(
    '/api/console/collection-imports',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入原省平台的历史教育经历、历史工作经历（CSV）',
        body: z.object({ csv: z.string({ message: '请选择导入文件' }).min(1, '请选择导入文件').max(6 * 1024 * 1024, '导入文件不能超过6MB') }),
        response: { 200: z.object({ imported: z.number(), skipped: z.number() }) },
      },
    },
    async (req) => {
      const { imported, skipped } = await imports.importCsv(await requireStaff(req), req.body.csv, originOf(req));
      return { imported, skipped };
    },
  );
};
