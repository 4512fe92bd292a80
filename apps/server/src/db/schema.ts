// Every table of the platform, for drizzle-kit and the typed query builder.
// Each table is defined beside the module or platform service that owns it.
export * from '../platform/tables';
export * from '../platform/review/tables';
export * from '../modules/account/tables';
export * from '../modules/authority/tables';
export * from '../modules/staff/tables';
export * from '../modules/identity/tables';
export * from '../modules/files/tables';
export * from '../modules/collection/tables';
export * from '../modules/change/tables';
export * from '../modules/exam/tables';
export * from '../modules/enrollment/tables';
export * from '../platform/pdf/tables';
export * from '../platform/notices/tables';
export * from '../modules/transfer/tables';
export * from '../modules/payment/tables';
export * from '../modules/title/tables';
export * from '../modules/score/tables';
export * from '../modules/ce/tables';
export * from '../modules/employer/tables';
export * from '../modules/standards/tables';
export * from '../modules/reward/tables';
export * from '../modules/talent/tables';
