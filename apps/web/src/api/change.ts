import type { ChangePart, ChangeRecord, CollectionState, TBasicInfoRequest, TEducationRequest, TScopeRequest, TWorkRequest } from '@ausm/domain';
import { http } from './client';

// 信息变更 (docs/record-life.md): the approved record, its 变更记录, one function per change.

export type { ChangeDiffRow, ChangeMethod, ChangePart, ChangeRecord } from '@ausm/domain';

export interface ChangeState {
  allowed: boolean;
  collectionStatus: CollectionState['collectionStatus'];
  record: Pick<CollectionState, 'scope' | 'readonly' | 'basic' | 'education' | 'work' | 'authority' | 'idProofRequired'> | null;
  open: Record<ChangePart, string | null>;
  changes: ChangeRecord[];
}

const path = (part: 'education' | 'work', id: string) => `/api/change/${part}/${encodeURIComponent(id)}`;

export const getChange = () => http.get<ChangeState>('/api/change');
export const changeBasic = (body: TBasicInfoRequest) => http.post<ChangeRecord>('/api/change/basic', body);
export const changeScope = (body: TScopeRequest) => http.post<ChangeRecord>('/api/change/scope', body);
export const addEducationChange = (body: TEducationRequest) => http.post<ChangeRecord>('/api/change/education', body);
export const modifyEducationChange = (id: string, body: TEducationRequest) => http.put<ChangeRecord>(path('education', id), body);
export const deleteEducationChange = (id: string) => http.delete<ChangeRecord>(path('education', id));
export const addWorkChange = (body: TWorkRequest) => http.post<ChangeRecord>('/api/change/work', body);
export const modifyWorkChange = (id: string, body: TWorkRequest) => http.put<ChangeRecord>(path('work', id), body);
export const deleteWorkChange = (id: string) => http.delete<ChangeRecord>(path('work', id));
