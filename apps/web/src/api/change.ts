import type { ChangePart, ChangeRecord, CollectionState, TBasicInfoRequest, TEducationRequest, TScopeRequest, TWorkRequest } from '@ausm/domain';
import { api, declared, ok } from './typed';

// 信息变更 (docs/record-life.md): the approved record, its 变更记录, one function per change.

export type { ChangeDiffRow, ChangeMethod, ChangePart, ChangeRecord } from '@ausm/domain';

export interface ChangeState {
  allowed: boolean;
  collectionStatus: CollectionState['collectionStatus'];
  record: Pick<CollectionState, 'scope' | 'readonly' | 'basic' | 'education' | 'work' | 'authority' | 'idProofRequired'> | null;
  open: Record<ChangePart, string | null>;
  changes: ChangeRecord[];
}

// The record and the changes are the domain's shapes (the document lets them through as built).
const change = (call: Promise<unknown>) => declared<ChangeRecord>(call);
const id = (value: string) => ({ params: { path: { id: value } } });

export const getChange = () => declared<ChangeState>(ok(api.GET('/api/change')));
export const changeBasic = (body: TBasicInfoRequest) => change(ok(api.POST('/api/change/basic', { body })));
export const changeScope = (body: TScopeRequest) => change(ok(api.POST('/api/change/scope', { body })));
export const addEducationChange = (body: TEducationRequest) => change(ok(api.POST('/api/change/education', { body })));
export const modifyEducationChange = (value: string, body: TEducationRequest) => change(ok(api.PUT('/api/change/education/{id}', { ...id(value), body })));
export const deleteEducationChange = (value: string) => change(ok(api.DELETE('/api/change/education/{id}', id(value))));
export const addWorkChange = (body: TWorkRequest) => change(ok(api.POST('/api/change/work', { body })));
export const modifyWorkChange = (value: string, body: TWorkRequest) => change(ok(api.PUT('/api/change/work/{id}', { ...id(value), body })));
export const deleteWorkChange = (value: string) => change(ok(api.DELETE('/api/change/work/{id}', id(value))));
