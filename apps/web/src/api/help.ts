import { api, ok, type Answer } from './typed';

export type Faq = Answer<'/api/help/faqs', 'get'>['items'][number];
export type GuideSection = Answer<'/api/help/guide', 'get'>['sections'][number];

/** Every question, or those matching every term of `q`. */
export const listFaqs = (q: string) => (q ? ok(api.GET('/api/help/faqs/search', { params: { query: { q } } })) : ok(api.GET('/api/help/faqs')));
export const getGuide = () => ok(api.GET('/api/help/guide'));
