import { ZFaqQuery } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FixedJson } from '../../platform/fixed-json';
import { FAQS, GUIDE, searchFaqs } from './content';

const ZFaq = z.object({ id: z.string(), category: z.string(), question: z.string(), answer: z.string() });
const ZFaqList = z.object({ items: z.array(ZFaq) });

// The help pages change only with a release: answered from bytes prepared at start-up (the values match
// the response schemas, help.test.ts).
const FAQ_ALL = new FixedJson({ items: [...FAQS] });
const GUIDE_ALL = new FixedJson({ sections: [...GUIDE] });

export const helpRoutes: FastifyPluginAsyncZod = async (app) => {
  // The whole list is one fixed resource, sent from prepared bytes (nothing to parse or validate); a
  // search is a query of its own.
  app.get(
    '/api/help/faqs',
    {
      schema: {
        tags: ['help'],
        summary: '帮助中心常见问题',
        response: { 200: ZFaqList, 304: z.null().describe('Not Modified') },
      },
    },
    async (req, reply) => FAQ_ALL.send(req, reply),
  );

  app.get(
    '/api/help/faqs/search',
    {
      schema: {
        tags: ['help'],
        summary: '搜索常见问题（每个词都须出现；中文词可按相邻字对近似匹配）',
        querystring: z.object({ q: ZFaqQuery }),
        response: { 200: ZFaqList },
      },
    },
    async (req) => ({ items: searchFaqs(req.query.q) }),
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
    async (req, reply) => GUIDE_ALL.send(req, reply),
  );
};
