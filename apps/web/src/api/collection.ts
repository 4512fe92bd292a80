import type { CollectionState, DegreeCheck, EducationView, TAuthorityRequest, TBasicInfoRequest, TEducationRequest, TScopeRequest, TWorkRequest, WorkView } from '@ausm/domain';
import { api, declared, ok, type Answer } from './typed';

// 会计人员信息采集 (docs/collection.md): the wizard's state and one function per call.

export type {
  Address,
  BasicView,
  CollectionNotice,
  CollectionState,
  CollectionStatus,
  DegreeCheck,
  EducationView,
  NoticePart,
  Part,
  PartStatus,
  ReadonlyPerson,
  WorkView,
} from '@ausm/domain';

// The document names the state's top level and lets the records through as the service built them (looseObject):
// their shapes are the domain's types, declared here.
export interface EducationAnswer {
  record: EducationView;
  degreeCheck: DegreeCheck;
}
export interface WorkAnswer {
  record: WorkView;
}
const state = (call: Promise<unknown>) => declared<CollectionState>(call);
export type TemplateName = 'work-proof' | 'work-history-proof';

/** 个人档案's line of 信息采集 (GET /api/collection/summary). */
export type CollectionSummary = Answer<'/api/collection/summary', 'get'>;

const id = (value: string) => ({ params: { path: { id: value } } });

export const getCollectionSummary = () => ok(api.GET('/api/collection/summary'));
export const getCollection = () => state(ok(api.GET('/api/collection')));
export const saveScope = (body: TScopeRequest) => state(ok(api.PUT('/api/collection/scope', { body })));
export const saveBasic = (body: TBasicInfoRequest) => state(ok(api.PUT('/api/collection/basic', { body })));
export const addEducation = (body: TEducationRequest) => declared<EducationAnswer>(ok(api.POST('/api/collection/education', { body })));
export const updateEducation = (value: string, body: TEducationRequest) => declared<EducationAnswer>(ok(api.PUT('/api/collection/education/{id}', { ...id(value), body })));
export const deleteEducation = (value: string) => ok(api.DELETE('/api/collection/education/{id}', id(value)));
export const addWork = (body: TWorkRequest) => declared<WorkAnswer>(ok(api.POST('/api/collection/work', { body })));
export const updateWork = (value: string, body: TWorkRequest) => declared<WorkAnswer>(ok(api.PUT('/api/collection/work/{id}', { ...id(value), body })));
export const deleteWork = (value: string) => ok(api.DELETE('/api/collection/work/{id}', id(value)));
export const saveAuthority = (body: TAuthorityRequest) => state(ok(api.PUT('/api/collection/authority', { body })));
/** 承诺所提供信息真实有效: the only body the server accepts is `{ promise: true }`. */
export const submitCollection = () => state(ok(api.POST('/api/collection/submit', { body: { promise: true } })));
/** A printable HTML page, downloaded as a file (Content-Disposition: attachment; the session cookie goes with it). */
export const templateUrl = (name: TemplateName) => `/api/collection/templates/${name}`;
