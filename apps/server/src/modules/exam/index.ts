export { examRoutes } from './routes';
export { ExamService, type ExamView, type ProvinceSettingsView } from './service';
