export { changeRoutes } from './routes';
export { ChangeService, CHANGE_KINDS, type ChangeState } from './service';
