export { staffRoutes, makeRequireStaff, type RequireStaff } from './routes';
export { StaffService, type StaffContext, type StaffView } from './service';
export type { StaffLoginResult } from './login';
export { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from './sandbox-staff';
