import { http } from './client';

/** 导入历史采集信息 (console, provincial administrators): the CSV of a province's earlier platform. */
export interface ImportResult {
  imported: number;
  skipped: number;
}
export interface ImportRowError {
  line: number;
  message: string;
}

export const importCollectionHistory = (csv: string) => http.post<ImportResult>('/api/console/collection-imports', { csv });

/** The header a province's export must carry (the server reads the columns by these names). */
export const IMPORT_HEADER =
  '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业,工作开始时间,工作结束时间,单位名称,统一社会信用代码,单位类型,所属行业,工作单位电话';
