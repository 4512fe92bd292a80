import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TALENT_YEAR_MAX, TALENT_YEAR_MIN, ZTalentYearInput } from '@ausm/domain';
import { originOf } from '../../platform/auth';
import type { RequireStaff } from '../staff';
import type { TalentService } from './service';

const ZNotice = z.object({ title: z.string(), date: z.string(), body: z.string() });
const ZYearView = z.object({ year: z.number(), title: z.string(), intro: z.string(), notices: z.array(ZNotice), updatedAt: z.date() });
const ZYear = z.object({
  year: z.coerce.number({ message: '年度不正确' }).int('年度不正确').min(TALENT_YEAR_MIN, '年度不正确').max(TALENT_YEAR_MAX, '年度不正确'),
});

/** 高端会计人才培养项目: read by everybody, kept by 财政部 administrators. */
export const talentRoutes: FastifyPluginAsyncZod<{ talent: TalentService; requireStaff: RequireStaff }> = async (app, { talent, requireStaff }) => {
  const tags = ['talent'];

  app.get('/api/talent/years', { schema: { tags, summary: '高端会计人才培养项目：项目年度', response: { 200: z.object({ items: z.array(z.object({ year: z.number(), title: z.string() })) }) } } }, async () => ({
    items: await talent.years(),
  }));

  app.get('/api/talent/years/:year', { schema: { tags, summary: '高端会计人才培养项目：某年度的项目信息与通知', params: ZYear, response: { 200: ZYearView } } }, async (req) =>
    talent.one(req.params.year),
  );

  app.get('/api/console/talent/years/:year', { schema: { tags, summary: '高端会计人才培养项目维护：某年度', params: ZYear, response: { 200: ZYearView.extend({ exists: z.boolean() }) } } }, async (req) =>
    talent.consoleOne(await requireStaff(req), req.params.year),
  );

  app.put(
    '/api/console/talent/years/:year',
    { schema: { tags, summary: '高端会计人才培养项目维护：保存某年度的项目信息与通知', params: ZYear, body: ZTalentYearInput, response: { 200: ZYearView.extend({ exists: z.boolean() }) } } },
    async (req) => talent.save(await requireStaff(req), req.params.year, req.body, originOf(req)),
  );
};
