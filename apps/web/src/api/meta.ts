import { http } from './client';

export type Mode = 'sandbox' | 'production';

export interface Meta {
  mode: Mode;
  now: string;
}

export const getMeta = () => http.get<Meta>('/api/meta');
