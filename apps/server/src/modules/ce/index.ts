export { ceRoutes } from './routes';
export { CeService, CE_KIND } from './service';
