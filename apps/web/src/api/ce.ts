import type { CeApplicationView, CeLedgerEntry, CeYearProgress, CeYearSetting, TCeApplication, TCeYearSettingInput } from '@ausm/domain';
import { withQuery } from '../utils/query';
import type { Paged } from './console';
import type { paths } from './schema';
import { api, ok, query } from './typed';

// 会计人员继续教育 (seed 003 §8): 继续教育记录, 某年继续教育明细, 继续教育学分申请; and the console's review,
// year view and a province's figures.

export type { CeApplicationView, CeLedgerEntry, CeYearProgress } from '@ausm/domain';

export interface CeState {
  /** Why 新增 would be refused now (信息采集 not approved), or null. */
  refusal: string | null;
  currentYear: number;
  years: CeYearProgress[];
}

export const getCe = (): Promise<CeState> => ok(api.GET('/api/ce'));
export const getCeYear = (year: number): Promise<{ progress: CeYearProgress; entries: CeLedgerEntry[] }> => ok(api.GET('/api/ce/years/{year}', { params: { path: { year } } }));
export const getCeSetting = (year: number): Promise<{ setting: CeYearSetting; closed: boolean }> => ok(api.GET('/api/ce/settings/{year}', { params: { path: { year } } }));
export const listCeApplications = (): Promise<{ items: CeApplicationView[] }> => ok(api.GET('/api/ce/applications'));
/** The domain's input is wider than the document's body (科目类型 any string there, its enum here). */
type CeApplicationBody = NonNullable<paths['/api/ce/applications']['post']['requestBody']>['content']['application/json'];
export const applyCe = (body: TCeApplication): Promise<CeApplicationView> => ok(api.POST('/api/ce/applications', { body: body as CeApplicationBody }));
export const withdrawCe = (id: string): Promise<CeApplicationView> => ok(api.POST('/api/ce/applications/{id}/withdraw', { params: { path: { id } } }));

// ---- console ----

/** A row of the console's list: the application without its proof (the detail has it). */
export interface ConsoleCeItem {
  reviewItemId: string;
  reviewStatus: 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
  applicantName: string;
  applicantIdMasked: string;
  authorityLabel: string;
  application: Omit<CeApplicationView, 'proofFileId'>;
}
export interface ConsoleCeDetail extends Omit<ConsoleCeItem, 'application'> {
  application: CeApplicationView;
  decisions: Array<{ action: string; toStatus: string; staffName: string | null; opinion: string | null; at: string }>;
}
export interface CeYearPerson {
  name: string;
  idNumberMasked: string;
  authorityLabel: string;
  total: number;
  professional: number;
  public: number;
  missingTotal: number;
  missingProfessional: number;
}
export interface CeSettingView {
  provinceId: string;
  provinceName: string;
  setting: CeYearSetting & { custom: boolean };
  closed: boolean;
  editable: boolean;
}

const consoleItem = (id: string) => ({ params: { path: { id } } });
export const listConsoleCe = (q: { state?: 'open' | 'finished'; page: number; pageSize: number }): Promise<Paged<ConsoleCeItem>> =>
  ok(api.GET('/api/console/ce/applications', { params: { query: query(q) } }));
export const getConsoleCe = (id: string): Promise<ConsoleCeDetail> => ok(api.GET('/api/console/ce/applications/{id}', consoleItem(id)));
export const approveConsoleCe = (id: string, body: { credits?: number; opinion?: string }): Promise<{ status: string }> =>
  ok(api.POST('/api/console/ce/applications/{id}/approve', { ...consoleItem(id), body }));
export const getCeYearView = (year: number, q: { authorityId?: string; page: number; pageSize: number }): Promise<Paged<CeYearPerson> & { year: number; people: number; reached: number }> =>
  ok(api.GET('/api/console/ce/years/{year}', { params: { path: { year }, query: query(q) } }));
export const ceYearCsvUrl = (year: number, authorityId?: string) => withQuery(`/api/console/ce/years/${year}/not-reached.csv`, { authorityId });
export const getCeSettingView = (year: number, provinceId?: string): Promise<CeSettingView> =>
  ok(api.GET('/api/console/ce/settings/{year}', { params: { path: { year }, query: query({ provinceId }) } }));
export const saveCeSetting = (year: number, body: TCeYearSettingInput, provinceId?: string): Promise<CeSettingView> =>
  ok(api.PUT('/api/console/ce/settings/{year}', { params: { path: { year }, query: query({ provinceId }) }, body }));
