import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REWARD_APPLICATION_STATUSES, rewardSchemas } from '@ausm/domain';
import { originOf, type SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { RequireStaff } from '../staff';
import type { RewardService } from './service';

const ZKind = z.enum(['reward', 'penalty']);
const ZRecord = z.object({
  id: z.string(),
  kind: ZKind,
  kindName: z.string(),
  reason: z.string(),
  occurredOn: z.string(),
  docNumber: z.string(),
  issuer: z.string(),
  source: z.enum(['staff', 'application']),
  sourceName: z.string(),
  authorityLabel: z.string(),
  createdAt: z.date(),
});
const ZApplication = z.object({
  id: z.string(),
  reason: z.string(),
  occurredOn: z.string(),
  docNumber: z.string(),
  issuer: z.string(),
  proofFileId: z.string(),
  status: z.enum(Object.keys(REWARD_APPLICATION_STATUSES) as [string, ...string[]]),
  statusLabel: z.string(),
  opinion: z.string().nullable(),
  reviewItemId: z.string().nullable(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
});
const ZConsoleRecord = ZRecord.extend({ name: z.string(), idNumberMasked: z.string(), revokedAt: z.date().nullable() });
const ZId = z.object({ id: z.string().max(64) });

/**
 * 会计人员奖惩记录: the accountant's own list and 奖惩申请 (the session is the person; ids must be theirs), and
 * the console's entry, list and 撤销 (the staff member's subtree). 奖惩申请 are reviewed in the console's
 * generic queue (审核管理), as the review engine's kind `reward_application`.
 */
export const rewardRoutes: FastifyPluginAsyncZod<{ rewards: RewardService; sessions: SessionService; requireStaff: RequireStaff; clock: Clock }> = async (
  app,
  { rewards, sessions, requireStaff, clock },
) => {
  const s = rewardSchemas(() => clock.now());
  const me = async (req: Parameters<SessionService['require']>[0]) => (await sessions.require(req, 'accountant')).id;
  const tags = ['reward'];

  app.get(
    '/api/rewards',
    { schema: { tags, summary: '会计人员奖惩记录：我的奖惩记录与奖惩申请', response: { 200: z.object({ refusal: z.string().nullable(), records: z.array(ZRecord), applications: z.array(ZApplication) }) } } },
    async (req) => rewards.mine(await me(req)),
  );

  app.post('/api/rewards/applications', { schema: { tags, summary: '奖惩申请：申请添加奖励（提交审核）', body: s.ZRewardApplication, response: { 201: ZApplication } } }, async (req, reply) =>
    reply.status(201).send(await rewards.apply(await me(req), req.body)),
  );

  app.get('/api/rewards/applications/:id', { schema: { tags, summary: '奖惩申请：详情', params: ZId, response: { 200: ZApplication } } }, async (req) =>
    rewards.application(await me(req), req.params.id),
  );

  app.post('/api/rewards/applications/:id/withdraw', { schema: { tags, summary: '奖惩申请：撤回', params: ZId, response: { 200: ZApplication } } }, async (req) =>
    rewards.withdraw(await me(req), req.params.id),
  );

  // ---- console ----

  app.get(
    '/api/console/rewards',
    {
      schema: {
        tags,
        summary: '奖惩记录管理：本辖区的奖惩记录',
        querystring: z.object({
          kind: ZKind.optional(),
          idNumber: z.string().max(18, '证件号码不正确').optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100, '每页最多100条').default(10),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(ZConsoleRecord) }) },
      },
    },
    async (req) => rewards.consoleList(await requireStaff(req), req.query),
  );

  app.post('/api/console/rewards', { schema: { tags, summary: '奖惩记录管理：录入奖惩记录', body: s.ZRewardRecordInput, response: { 201: ZConsoleRecord } } }, async (req, reply) =>
    reply.status(201).send(await rewards.record(await requireStaff(req), req.body, originOf(req))),
  );

  app.get('/api/console/rewards/:id', { schema: { tags, summary: '奖惩记录管理：详情', params: ZId, response: { 200: ZConsoleRecord } } }, async (req) =>
    rewards.consoleOne(await requireStaff(req), req.params.id),
  );

  app.post('/api/console/rewards/:id/revoke', { schema: { tags, summary: '奖惩记录管理：撤销', params: ZId, response: { 200: ZConsoleRecord } } }, async (req) =>
    rewards.revoke(await requireStaff(req), req.params.id, originOf(req)),
  );
};
