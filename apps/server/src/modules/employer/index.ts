export { employerRoutes } from './routes';
export { EmployerService, EMPLOYER_REGISTRATION_KIND } from './service';
export { EmployerStaffService, EMPLOYER_CE_KIND, backfillWorkUscc } from './staff';
export { EmployerFeedbackService } from './feedback';
