export { scoreRoutes } from './routes';
export { ScoreService, type ScoreQuery } from './service';
