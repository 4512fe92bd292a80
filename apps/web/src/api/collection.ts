import type { CollectionState, DegreeCheck, EducationView, TAuthorityRequest, TBasicInfoRequest, TEducationRequest, TScopeRequest, TWorkRequest, WorkView } from '@ausm/domain';
import { http } from './client';

// 会计人员信息采集 (docs/collection.md): the wizard's state and one function per call.

export type { DegreeCheck };

export type {
  Address,
  BasicView,
  CollectionNotice,
  CollectionState,
  CollectionStatus,
  EducationView,
  NoticePart,
  Part,
  PartStatus,
  ReadonlyPerson,
  WorkView,
} from '@ausm/domain';

export interface EducationAnswer {
  record: EducationView;
  degreeCheck: DegreeCheck;
}

export interface WorkAnswer {
  record: WorkView;
}

export type TemplateName = 'work-proof' | 'work-history-proof';

const education = (id: string) => `/api/collection/education/${encodeURIComponent(id)}`;
const work = (id: string) => `/api/collection/work/${encodeURIComponent(id)}`;

/** 个人档案's line of 信息采集 (GET /api/collection/summary). */
export interface CollectionSummary {
  collectionStatus: import('@ausm/domain').CollectionStatus;
  authorityName: string | null;
  submittedAt: string | null;
  lastDecision: { title: string; status: 'approved' | 'rejected'; opinion: string | null; decidedAt: string } | null;
}

export const getCollectionSummary = () => http.get<CollectionSummary>('/api/collection/summary');
export const getCollection = () => http.get<CollectionState>('/api/collection');
export const saveScope = (body: TScopeRequest) => http.put<CollectionState>('/api/collection/scope', body);
export const saveBasic = (body: TBasicInfoRequest) => http.put<CollectionState>('/api/collection/basic', body);
export const addEducation = (body: TEducationRequest) => http.post<EducationAnswer>('/api/collection/education', body);
export const updateEducation = (id: string, body: TEducationRequest) => http.put<EducationAnswer>(education(id), body);
export const deleteEducation = (id: string) => http.delete(education(id));
export const addWork = (body: TWorkRequest) => http.post<WorkAnswer>('/api/collection/work', body);
export const updateWork = (id: string, body: TWorkRequest) => http.put<WorkAnswer>(work(id), body);
export const deleteWork = (id: string) => http.delete(work(id));
export const saveAuthority = (body: TAuthorityRequest) => http.put<CollectionState>('/api/collection/authority', body);
/** 承诺所提供信息真实有效: the only body the server accepts is `{ promise: true }`. */
export const submitCollection = () => http.post<CollectionState>('/api/collection/submit', { promise: true });
/** A printable HTML page, downloaded as a file (Content-Disposition: attachment; the session cookie goes with it). */
export const templateUrl = (name: TemplateName) => `/api/collection/templates/${name}`;
