import { http } from './client';

export interface Faq {
  id: string;
  category: string;
  question: string;
  answer: string;
}

export interface GuideSection {
  id: string;
  title: string;
  paragraphs: string[];
}

/** Every question, or those matching every term of `q`. */
export const listFaqs = (q: string) =>
  http.get<{ items: Faq[] }>(q ? `/api/help/faqs/search?q=${encodeURIComponent(q)}` : '/api/help/faqs');
export const getGuide = () => http.get<{ sections: GuideSection[] }>('/api/help/guide');
