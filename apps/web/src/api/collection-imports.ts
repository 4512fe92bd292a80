import type { ImportProblem } from '@ausm/domain';
import { http } from './client';

/** 导入历史采集信息 (console, provincial administrators): the CSV of a province's earlier platform. */
export interface ImportResult {
  imported: number;
  skipped: number;
}
/** One problem of a refused file: its line (the header is line 1), the column and the message. */
export type ImportRowError = ImportProblem;

export const importCollectionHistory = (csv: string) => http.post<ImportResult>('/api/console/collection-imports', { csv });

/** The header a province's export must carry (the domain's; the server reads the columns by these names). */
export { IMPORT_HEADER } from '@ausm/domain';
