import type { AccountingTitleRecord, OtherQualificationRecord, TAccountingTitleRequest, TOtherQualificationRequest } from '@ausm/domain';
import { http } from './client';

// 会计职称管理 (seed 003 §7): 会计专业技术资格 and 其他专业技术人员职业资格, the person's own rows.

export type { AccountingTitleRecord, OtherQualificationRecord } from '@ausm/domain';

export interface TitleState {
  allowed: boolean;
  refusal: string | null;
  accounting: AccountingTitleRecord[];
  other: OtherQualificationRecord[];
}

const id = (v: string) => encodeURIComponent(v);

export const getTitles = () => http.get<TitleState>('/api/titles');
export const fetchTitles = () => http.post<{ found: number; message: string; state: TitleState }>('/api/titles/fetch');
export const addAccountingTitle = (body: TAccountingTitleRequest) => http.post<AccountingTitleRecord>('/api/titles/accounting', body);
export const editAccountingTitle = (rowId: string, body: TAccountingTitleRequest) => http.put<AccountingTitleRecord>(`/api/titles/accounting/${id(rowId)}`, body);
export const deleteAccountingTitle = (rowId: string) => http.delete<void>(`/api/titles/accounting/${id(rowId)}`);
export const accountingTitlePrintPath = (rowId: string) => `/api/titles/accounting/${id(rowId)}/print`;
export const addOtherQualification = (body: TOtherQualificationRequest) => http.post<OtherQualificationRecord>('/api/titles/other', body);
export const editOtherQualification = (rowId: string, body: TOtherQualificationRequest) => http.put<OtherQualificationRecord>(`/api/titles/other/${id(rowId)}`, body);
export const deleteOtherQualification = (rowId: string) => http.delete<void>(`/api/titles/other/${id(rowId)}`);
