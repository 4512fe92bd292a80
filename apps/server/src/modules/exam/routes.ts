import { ZExamCreate, ZProvinceSettings } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../../platform/auth';
import type { RequireStaff } from '../staff';
import type { ExamService } from './service';

const ZExam = z.object({
  id: z.string(),
  year: z.number(),
  level: z.enum(['junior', 'intermediate', 'senior']),
  levelName: z.string(),
  name: z.string(),
  subjects: z.array(z.object({ code: z.string(), name: z.string() })),
});
const ZProvinceRow = z.object({
  provinceId: z.string(),
  provinceName: z.string(),
  signupWindow: z.string(),
  payWindow: z.string(),
  phone: z.string(),
  noticeUrl: z.string(),
  open: z.boolean(),
});
export const ZSettingsView = z.object({
  examId: z.string(),
  provinceId: z.string(),
  provinceName: z.string(),
  signupStart: z.string(),
  signupEnd: z.string(),
  payStart: z.string(),
  payEnd: z.string(),
  phone: z.string(),
  noticeUrl: z.string(),
  readingNotice: z.string(),
  announcements: z.array(z.object({ title: z.string(), date: z.string(), body: z.string() })),
  sites: z.array(z.object({ authorityId: z.string(), name: z.string(), cityId: z.string(), cityName: z.string(), label: z.string() })),
  fees: z.record(z.string(), z.string()),
  reviewMode: z.enum(['manual', 'auto']),
});
const ZExamId = z.object({ examId: z.string().max(64) });
const ZProvinceParams = z.object({ examId: z.string().max(64), provinceId: z.string().max(12) });

/**
 * The exams: what candidates read (no person in it: public, and 省份选择 answers 304 to a browser holding
 * the same rows), and what staff set up in the console.
 */
export const examRoutes: FastifyPluginAsyncZod<{ exams: ExamService; requireStaff: RequireStaff }> = async (app, { exams, requireStaff }) => {
  const tags = ['exam'];

  app.get('/api/exams', { schema: { tags, summary: '选择考试', response: { 200: z.array(ZExam) } } }, async () => exams.list());

  app.get(
    '/api/exams/:examId/provinces',
    { schema: { tags, summary: '省份选择', params: ZExamId, response: { 200: z.object({ exam: ZExam, rows: z.array(ZProvinceRow) }), 304: z.null() } } },
    async (req, reply) => (await exams.provinceAnswer(req.params.examId)).send(req, reply),
  );

  app.get(
    '/api/exams/:examId/provinces/:provinceId',
    { schema: { tags, summary: '阅读须知、通知公告、报名点与报名费', params: ZProvinceParams, response: { 200: z.object({ exam: ZExam, settings: ZSettingsView, open: z.boolean() }) } } },
    async (req) => {
      const exam = await exams.get(req.params.examId);
      const row = await exams.settingsRow(req.params.examId, req.params.provinceId);
      return { exam, settings: (await exams.settings(exam.id, req.params.provinceId))!, open: exams.signupOpen(row) };
    },
  );

  // ---- console ----

  app.get('/api/console/exams', { schema: { tags, summary: '考试列表', response: { 200: z.array(ZExam) } } }, async (req) => {
    await requireStaff(req);
    return exams.list();
  });

  app.post('/api/console/exams', { schema: { tags, summary: '创建考试（财政部管理员）', body: ZExamCreate, response: { 201: ZExam } } }, async (req, reply) =>
    reply.status(201).send(await exams.create(await requireStaff(req), req.body, originOf(req))),
  );

  app.get(
    '/api/console/exams/:examId/provinces',
    {
      schema: {
        tags,
        summary: '考试的省份设置列表',
        params: ZExamId,
        response: { 200: z.array(z.object({ provinceId: z.string(), provinceName: z.string(), configured: z.boolean(), editable: z.boolean() })) },
      },
    },
    async (req) => exams.consoleProvinces(await requireStaff(req), req.params.examId),
  );

  app.get(
    '/api/console/exams/:examId/provinces/:provinceId',
    { schema: { tags, summary: '省份设置', params: ZProvinceParams, response: { 200: z.object({ exam: ZExam, provinceName: z.string(), settings: ZSettingsView.nullable() }) } } },
    async (req) => exams.consoleSettings(await requireStaff(req), req.params.examId, req.params.provinceId),
  );

  app.put(
    '/api/console/exams/:examId/provinces/:provinceId',
    { schema: { tags, summary: '保存省份设置', params: ZProvinceParams, body: ZProvinceSettings, response: { 200: ZSettingsView } } },
    async (req) => exams.saveSettings(await requireStaff(req), req.params.examId, req.params.provinceId, req.body, originOf(req)),
  );
};
