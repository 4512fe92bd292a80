export { identityRoutes } from './routes';
export { IdentityService } from './service';
