import type { AccountingTitleRecord, OtherQualificationRecord, TAccountingTitleRequest, TOtherQualificationRequest } from '@ausm/domain';
import { api, ok } from './typed';

// 会计职称管理 (seed 003 §7): 会计专业技术资格 and 其他专业技术人员职业资格, the person's own rows.

export type { AccountingTitleRecord, OtherQualificationRecord } from '@ausm/domain';

export interface TitleState {
  allowed: boolean;
  refusal: string | null;
  accounting: AccountingTitleRecord[];
  other: OtherQualificationRecord[];
}

const row = (id: string) => ({ params: { path: { id } } });

export const getTitles = (): Promise<TitleState> => ok(api.GET('/api/titles'));
export const fetchTitles = (): Promise<{ found: number; message: string; state: TitleState }> => ok(api.POST('/api/titles/fetch'));
export const addAccountingTitle = (body: TAccountingTitleRequest): Promise<AccountingTitleRecord> => ok(api.POST('/api/titles/accounting', { body }));
export const editAccountingTitle = (id: string, body: TAccountingTitleRequest): Promise<AccountingTitleRecord> =>
  ok(api.PUT('/api/titles/accounting/{id}', { ...row(id), body }));
export const deleteAccountingTitle = (id: string) => ok(api.DELETE('/api/titles/accounting/{id}', row(id)));
export const accountingTitlePrintPath = (id: string) => `/api/titles/accounting/${encodeURIComponent(id)}/print`;
export const addOtherQualification = (body: TOtherQualificationRequest): Promise<OtherQualificationRecord> => ok(api.POST('/api/titles/other', { body }));
export const editOtherQualification = (id: string, body: TOtherQualificationRequest): Promise<OtherQualificationRecord> =>
  ok(api.PUT('/api/titles/other/{id}', { ...row(id), body }));
export const deleteOtherQualification = (id: string) => ok(api.DELETE('/api/titles/other/{id}', row(id)));
