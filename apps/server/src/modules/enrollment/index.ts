export { enrollmentRoutes } from './routes';
export { EnrollmentService, ENROLLMENT_KIND, type EnrollmentView, type EnrollmentStart } from './service';
