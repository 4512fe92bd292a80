export { talentRoutes } from './routes';
export { TalentService } from './service';
