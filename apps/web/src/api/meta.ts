import { api, ok, type Answer } from './typed';

export type Meta = Answer<'/api/meta', 'get'>;
export type Mode = Meta['mode'];

export const getMeta = () => ok(api.GET('/api/meta'));
