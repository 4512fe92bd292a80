import { api, ok, type Answer } from './typed';

export type Faq = Answer<'/api/help/faqs', 'get'>['items'][number];
export type FaqTopic = Answer<'/api/help/faqs', 'get'>['topics'][number];
export type GuideSection = Answer<'/api/help/guide', 'get'>['sections'][number];

/** 帮助中心's first view: its topics (栏目), and the questions of the first, 登录注册. */
export const firstFaqs = () => ok(api.GET('/api/help/faqs'));
/** The questions of one topic. */
export const topicFaqs = (topic: string) => ok(api.GET('/api/help/faqs/topics/{topic}', { params: { path: { topic } } }));
/** The questions of every topic matching every term of `q` (not empty), best first. */
export const searchFaqs = (q: string) => ok(api.GET('/api/help/faqs/search', { params: { query: { q } } }));
export const getGuide = () => ok(api.GET('/api/help/guide'));
