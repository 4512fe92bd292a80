import { api, ok, type Answer } from './typed';

/** One 会计管理部门 of the org tree, as the cascaders read it one level at a time. */
export type AuthorityNode = Answer<'/api/authorities', 'get'>['items'][number];
export type AuthorityLevel = AuthorityNode['level'];

/** `items` from the province down to the authority itself; `label` 山东省-济南市-历下区. */
export type AuthorityChain = Answer<'/api/authorities/{id}/chain', 'get'>;

/** The provinces, or the children of `parentId`. */
export const listAuthorities = (parentId?: string) => ok(api.GET('/api/authorities', { params: { query: parentId ? { parentId } : {} } }));
export const getAuthorityChain = (id: string) => ok(api.GET('/api/authorities/{id}/chain', { params: { path: { id } } }));
