export { authorityRoutes } from './routes';
export { AuthorityService, type Authority, type AuthorityNode } from './service';
export { seedAuthorities } from './seed';
