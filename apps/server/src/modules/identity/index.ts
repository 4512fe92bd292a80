export { identityRoutes } from './routes';
export { IdentityService } from './service';
export { ManualVerificationService, MANUAL_REVIEW_KIND, type ManualStatus } from './manual';
