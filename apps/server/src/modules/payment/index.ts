export { paymentRoutes } from './routes';
export { PaymentService, type PaymentPage } from './service';
export { EnrollmentForms } from './form';
export { PaymentConsole } from './console';
