// The audit module's public face: the console's search of the audit trail (the trail itself is platform/audit.ts).
export { auditRoutes } from './routes';
export { AuditTrailService } from './service';
