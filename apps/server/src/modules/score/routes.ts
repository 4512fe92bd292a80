import { EXAM_LEVEL_CODES, EXAM_YEAR_MAX, EXAM_YEAR_MIN } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, type SessionService } from '../../platform/auth';
import type { RequireStaff } from '../staff';
import type { ScoreService } from './service';

const ZLevel = z.enum(EXAM_LEVEL_CODES, { message: '请选择考试级别' });
const ZImport = z.object(
  {
    year: z.number({ message: '请输入考试年度' }).int('考试年度不正确').min(EXAM_YEAR_MIN, '考试年度不正确').max(EXAM_YEAR_MAX, '考试年度不正确'),
    level: ZLevel,
    // 20 000 lines of about 45 characters.
    csv: z.string({ message: '请选择成绩文件' }).min(1, '请选择成绩文件').max(1_500_000, '成绩文件过大，请分批导入'),
  },
  { message: '请求内容格式不正确' },
);
const ZStanding = z.object({
  level: ZLevel,
  levelLabel: z.string(),
  qualified: z.boolean(),
  qualifiedYear: z.number().nullable(),
  valid: z.array(z.object({ subject: z.string(), subjectLabel: z.string(), year: z.number() })),
  remaining: z.array(z.object({ subject: z.string(), subjectLabel: z.string() })),
  validUntil: z.number().nullable(),
  text: z.string(),
});
const ZQuery = z.object({
  results: z.array(
    z.object({ year: z.number(), level: ZLevel, levelLabel: z.string(), subject: z.string(), subjectLabel: z.string(), score: z.number(), passLine: z.number(), passed: z.boolean() }),
  ),
  standings: z.array(ZStanding),
});

/** The score ledger: the 财政部 administrator's import, and 成绩查询 for the candidate (the session is the person). */
export const scoreRoutes: FastifyPluginAsyncZod<{ scores: ScoreService; sessions: SessionService; requireStaff: RequireStaff }> = async (app, { scores, sessions, requireStaff }) => {
  const tags = ['score'];
  app.get('/api/scores', { schema: { tags, summary: '成绩查询：本人各科成绩与成绩有效期', response: { 200: ZQuery } } }, async (req, reply) => {
    reply.header('cache-control', 'private, no-store');
    return scores.mine((await sessions.require(req, 'accountant')).id);
  });
  app.post(
    '/api/console/scores/import',
    { schema: { tags, summary: '导入考试成绩（CSV：证件号码,科目,成绩,合格线）；任一行有误则不导入', body: ZImport, response: { 200: z.object({ imported: z.number() }) } } },
    async (req) => scores.import(await requireStaff(req), req.body, originOf(req)),
  );
};
