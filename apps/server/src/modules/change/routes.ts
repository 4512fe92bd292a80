import { collectionSchemas } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { ChangeService } from './service';

const ZAttachment = z.object({ id: z.string(), label: z.string(), changed: z.boolean() });
const ZDiffRow = z.object({ key: z.string(), label: z.string(), before: z.string(), after: z.string(), changed: z.boolean() });
const ZChange = z.object({
  id: z.string(),
  part: z.enum(['basic', 'education', 'work', 'scope']),
  kindLabel: z.string(),
  method: z.enum(['add', 'modify', 'delete']),
  recordId: z.string().nullable(),
  mode: z.enum(['auto', 'manual']),
  status: z.enum(['pending', 'in_review', 'approved', 'rejected', 'withdrawn']),
  reviewItemId: z.string().nullable(),
  authorityName: z.string(),
  opinion: z.string().nullable(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  diff: z.array(ZDiffRow),
  attachments: z.object({ before: z.array(ZAttachment), after: z.array(ZAttachment) }),
});
const ZState = z.object({
  allowed: z.boolean(),
  collectionStatus: z.string(),
  // The wizard's view of the approved record (docs/collection.md), as the collection module builds it.
  record: z.looseObject({}).nullable(),
  open: z.object({ basic: z.string().nullable(), education: z.string().nullable(), work: z.string().nullable(), scope: z.string().nullable() }),
  changes: z.array(ZChange),
});
const ZId = z.object({ id: z.string().max(64) });

/** 信息变更: the accountant's own record; the session is the person, ids in the path must be theirs. */
export const changeRoutes: FastifyPluginAsyncZod<{ changes: ChangeService; sessions: SessionService; clock: Clock }> = async (app, { changes, sessions, clock }) => {
  const s = collectionSchemas(() => clock.now());
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['change'];
  const created = { 201: ZChange };

  app.get('/api/change', { schema: { tags, summary: '信息变更：当前信息与变更记录', response: { 200: ZState } } }, async (req) => changes.state(await me(req)));

  app.post('/api/change/basic', { schema: { tags, summary: '基本信息变更', body: s.ZBasicInfoRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeBasic(await me(req), req.body)),
  );

  app.post('/api/change/scope', { schema: { tags, summary: '采集范围变更', body: s.ZScopeRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeScope(await me(req), req.body)),
  );

  app.post('/api/change/education', { schema: { tags, summary: '教育经历变更：新增', body: s.ZEducationRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeEducation(await me(req), 'add', null, req.body)),
  );
  app.put('/api/change/education/:id', { schema: { tags, summary: '教育经历变更：修改', params: ZId, body: s.ZEducationRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeEducation(await me(req), 'modify', req.params.id, req.body)),
  );
  app.delete('/api/change/education/:id', { schema: { tags, summary: '教育经历变更：变更删除', params: ZId, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeEducation(await me(req), 'delete', req.params.id, null)),
  );

  app.post('/api/change/work', { schema: { tags, summary: '工作经历变更：新增', body: s.ZWorkRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeWork(await me(req), 'add', null, req.body)),
  );
  app.put('/api/change/work/:id', { schema: { tags, summary: '工作经历变更：修改', params: ZId, body: s.ZWorkRequest, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeWork(await me(req), 'modify', req.params.id, req.body)),
  );
  app.delete('/api/change/work/:id', { schema: { tags, summary: '工作经历变更：变更删除', params: ZId, response: created } }, async (req, reply) =>
    reply.status(201).send(await changes.changeWork(await me(req), 'delete', req.params.id, null)),
  );
};
