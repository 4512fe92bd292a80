export { examRoutes } from './routes';
export { ExamService } from './service';
