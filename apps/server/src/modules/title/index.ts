export { titleRoutes } from './routes';
export { TitleService, TITLE_KINDS, type TitleState } from './service';
