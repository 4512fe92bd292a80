import type { ImportProblem } from '@ausm/domain';
import { api, ok, type Answer } from './typed';

/** 导入历史采集信息 (console, provincial administrators): the CSV of a province's earlier platform. */
export type ImportResult = Answer<'/api/console/collection-imports', 'post'>;
/** One problem of a refused file: its line (the header is line 1), the column and the message. */
export type ImportRowError = ImportProblem;

export const importCollectionHistory = (csv: string) => ok(api.POST('/api/console/collection-imports', { body: { csv } }));

/** The header a province's export must carry (the domain's; the server reads the columns by these names). */
export { IMPORT_HEADER } from '@ausm/domain';
