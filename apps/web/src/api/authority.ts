import { withQuery } from '../utils/query';
import { http } from './client';

export type AuthorityLevel = 'national' | 'province' | 'city' | 'county';

/** One 会计管理部门 of the org tree, as the cascaders read it one level at a time. */
export interface AuthorityNode {
  id: string;
  name: string;
  level: AuthorityLevel;
  parentId: string | null;
  examProvince: boolean;
  leaf: boolean;
}

export interface AuthorityChain {
  /** From the province down to the authority itself. */
  items: Omit<AuthorityNode, 'leaf'>[];
  /** 山东省-济南市-历下区 */
  label: string;
}

/** The provinces, or the children of `parentId`. */
export const listAuthorities = (parentId?: string) => http.get<{ items: AuthorityNode[] }>(withQuery('/api/authorities', { parentId }));
export const getAuthorityChain = (id: string) => http.get<AuthorityChain>(`/api/authorities/${encodeURIComponent(id)}/chain`);
