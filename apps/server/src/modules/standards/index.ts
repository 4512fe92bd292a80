export { standardRoutes } from './routes';
export { StandardService } from './service';
