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

export const listFaqs = (q: string) => http.get<{ items: Faq[] }>(`/api/help/faqs?q=${encodeURIComponent(q)}`);
export const getGuide = () => http.get<{ sections: GuideSection[] }>('/api/help/guide');
