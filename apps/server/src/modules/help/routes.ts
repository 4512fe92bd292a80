import { ZFaqQuery } from '@ausm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors';
import { FixedJson } from '../../platform/fixed-json';
import { FAQ_TOPICS, faqsOfTopic, GUIDE, searchFaqs } from './content';

const ZFaq = z.object({ id: z.string(), category: z.string(), question: z.string(), answer: z.string() });
const ZFaqList = z.object({ items: z.array(ZFaq) });
const ZFaqFirst = z.object({
  topics: z.array(z.object({ id: z.string(), title: z.string(), count: z.number().int() })).describe('帮助中心的栏目，每个业务一个，依次排列'),
  topic: z.string().describe('items 所属的栏目：第一个，登录注册'),
  items: z.array(ZFaq),
});

// The help pages change only with a release: answered from bytes prepared at start-up (the values match
// the response schemas, help.test.ts). 帮助中心 grew to every service's questions (85, 37 KB of JSON): a first
// visit gets the topics and the first topic's questions (seed 003 §1.2: 登录注册的常见问题), about 6 KB, and each
// other topic is a resource of its own, fetched when chosen.
const [FIRST_TOPIC] = FAQ_TOPICS;
const FAQ_FIRST = new FixedJson({
  topics: FAQ_TOPICS.map((t) => ({ id: t.id, title: t.title, count: faqsOfTopic(t).length })),
  topic: FIRST_TOPIC!.id,
  items: faqsOfTopic(FIRST_TOPIC!),
});
const FAQ_TOPIC = new Map(FAQ_TOPICS.map((t) => [t.id, new FixedJson({ items: faqsOfTopic(t) })]));
const GUIDE_ALL = new FixedJson({ sections: [...GUIDE] });

export const helpRoutes: FastifyPluginAsyncZod = async (app) => {
  // The first view and each topic are fixed resources, sent from prepared bytes (nothing to parse or
  // validate); a search, across every topic, is a query of its own.
  app.get(
    '/api/help/faqs',
    {
      schema: {
        tags: ['help'],
        summary: '帮助中心：栏目，及第一个栏目（登录注册）的常见问题',
        response: { 200: ZFaqFirst, 304: z.null().describe('Not Modified') },
      },
    },
    async (req, reply) => FAQ_FIRST.send(req, reply),
  );

  app.get(
    '/api/help/faqs/topics/:topic',
    {
      schema: {
        tags: ['help'],
        summary: '帮助中心：一个栏目的常见问题',
        params: z.object({ topic: z.string().max(32) }),
        response: { 200: ZFaqList, 304: z.null().describe('Not Modified') },
      },
    },
    async (req, reply) => {
      const topic = FAQ_TOPIC.get(req.params.topic);
      if (!topic) throw notFound('help/topic_not_found', '该问题分类不存在');
      return topic.send(req, reply);
    },
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
