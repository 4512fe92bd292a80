import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FAQS, GUIDE, searchFaqs } from './content';

const ZFaq = z.object({ id: z.string(), category: z.string(), question: z.string(), answer: z.string() });

// The help pages change only with a release: answer from memory with an ETag.
const etagOf = (value: unknown) => `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;
const FAQ_ALL = { items: [...FAQS] };
const FAQ_ETAG = etagOf(FAQ_ALL);
// Serialised and UTF-8 encoded once: the help center is the page everyone opens when something goes
// wrong at a peak. A Buffer body is written as it is (a string would be measured and encoded per request).
const FAQ_ALL_JSON = Buffer.from(JSON.stringify(FAQ_ALL), 'utf8');
const GUIDE_BODY = { sections: [...GUIDE] };
const GUIDE_ETAG = etagOf(GUIDE_BODY);

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
      reply.header('etag', FAQ_ETAG).header('cache-control', 'public, max-age=300');
      if (req.headers['if-none-match'] === FAQ_ETAG) return reply.status(304).send(null);
      // A Buffer body skips the per-request serializer; FAQ_ALL matches the schema (help.test.ts).
      return reply.type('application/json; charset=utf-8').send(FAQ_ALL_JSON as never);
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
      reply.header('etag', GUIDE_ETAG).header('cache-control', 'public, max-age=300');
      if (req.headers['if-none-match'] === GUIDE_ETAG) return reply.status(304).send(null);
      return GUIDE_BODY;
    },
  );
};
