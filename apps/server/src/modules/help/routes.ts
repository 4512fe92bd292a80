import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FixedJson } from '../../platform/fixed-json';
import { FAQS, GUIDE, searchFaqs } from './content';

const ZFaq = z.object({ id: z.string(), category: z.string(), question: z.string(), answer: z.string() });

// The help pages change only with a release: answered from bytes prepared at start-up. A Buffer body
// skips the per-request serializer; the values match the response schemas (help.test.ts).
const FAQ_ALL = new FixedJson({ items: [...FAQS] });
const GUIDE_ALL = new FixedJson({ sections: [...GUIDE] });

export const helpRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/help/faqs',
    {
      schema: {
        tags: ['help'],
        summary: '帮助中心常见问题（可搜索）',
        querystring: z.object({ q: z.string().max(50, '搜索内容过长').optional() }),
        response: { 200: z.object({ items: z.array(ZFaq) }), 304: z.null().describe('Not Modified') },
      },
    },
    async (req, reply) => {
      const q = req.query.q?.trim();
      if (q) return { items: searchFaqs(q) };
      return FAQ_ALL.send(req, reply);
    },
  );

  app.get(
    '/api/help/guide',
    {
      schema: {
        tags: ['help'],
        summary: '操作说明',
        response: {
          200: z.object({ sections: z.array(z.object({ id: z.string(), title: z.string(), paragraphs: z.array(z.string()) })) }),
          304: z.null().describe('Not Modified'),
        },
      },
    },
    async (req, reply) => {
      return GUIDE_ALL.send(req, reply);
    },
  );
};
