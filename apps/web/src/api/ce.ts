import type { CeApplicationView, CeLedgerEntry, CeYearProgress, CeYearSetting, TCeApplication, TCeYearSettingInput } from '@ausm/domain';
import { withQuery } from '../utils/query';
import type { Paged } from './console';
import { http } from './client';

// 会计人员继续教育 (seed 003 §8): 继续教育记录, 某年继续教育明细, 继续教育学分申请; and the console's review,
// year view and a province's figures.

export type { CeApplicationView, CeLedgerEntry, CeYearProgress } from '@ausm/domain';

export interface CeState {
  /** Why 新增 would be refused now (信息采集 not approved), or null. */
  refusal: string | null;
  currentYear: number;
  years: CeYearProgress[];
}

export const getCe = () => http.get<CeState>('/api/ce');
export const getCeYear = (year: number) => http.get<{ progress: CeYearProgress; entries: CeLedgerEntry[] }>(`/api/ce/years/${year}`);
export const getCeSetting = (year: number) => http.get<{ setting: CeYearSetting; closed: boolean }>(`/api/ce/settings/${year}`);
export const listCeApplications = () => http.get<{ items: CeApplicationView[] }>('/api/ce/applications');
export const applyCe = (body: TCeApplication) => http.post<CeApplicationView>('/api/ce/applications', body);
export const withdrawCe = (id: string) => http.post<CeApplicationView>(`/api/ce/applications/${encodeURIComponent(id)}/withdraw`);

// ---- console ----

export interface ConsoleCeItem {
  reviewItemId: string;
  reviewStatus: 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
  applicantName: string;
  applicantIdMasked: string;
  authorityLabel: string;
  application: CeApplicationView;
}
export interface ConsoleCeDetail extends ConsoleCeItem {
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

const consoleItem = (id: string) => `/api/console/ce/applications/${encodeURIComponent(id)}`;
export const listConsoleCe = (q: { state?: 'open' | 'finished'; page: number; pageSize: number }) => http.get<Paged<ConsoleCeItem>>(withQuery('/api/console/ce/applications', { ...q }));
export const getConsoleCe = (id: string) => http.get<ConsoleCeDetail>(consoleItem(id));
export const approveConsoleCe = (id: string, body: { credits?: number; opinion?: string }) => http.post<{ status: string }>(`${consoleItem(id)}/approve`, body);
export const getCeYearView = (year: number, q: { authorityId?: string; page: number; pageSize: number }) =>
  http.get<Paged<CeYearPerson> & { year: number; people: number; reached: number }>(withQuery(`/api/console/ce/years/${year}`, { ...q }));
export const ceYearCsvUrl = (year: number, authorityId?: string) => withQuery(`/api/console/ce/years/${year}/not-reached.csv`, { authorityId });
export const getCeSettingView = (year: number, provinceId?: string) => http.get<CeSettingView>(withQuery(`/api/console/ce/settings/${year}`, { provinceId }));
export const saveCeSetting = (year: number, body: TCeYearSettingInput, provinceId?: string) => http.put<CeSettingView>(withQuery(`/api/console/ce/settings/${year}`, { provinceId }), body);
