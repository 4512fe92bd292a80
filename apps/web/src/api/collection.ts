import type { DegreeCheck, TAuthorityRequest, TBasicInfoRequest, TEducationRequest, TScopeRequest, TWorkRequest } from '@ausm/domain';
import { http } from './client';

// 会计人员信息采集 (docs/collection.md): the wizard's state and one function per call.

export type { DegreeCheck };

/** 未提交审核 · 待审核 · 审核中 · 审核通过 · 审核不通过 of one part (GLOSSARY: reviewStatus). */
export type PartStatus = 'draft' | 'pending' | 'in_review' | 'approved' | 'rejected';
export type CollectionStatus = 'none' | 'draft' | 'pending' | 'rejected' | 'approved';
export type NoticePart = 'basic' | 'education' | 'work';

export interface Part {
  reviewStatus: PartStatus;
  reviewOpinion: string | null;
}

export interface Address {
  provinceId: string;
  cityId: string;
  countyId: string;
  detail: string | null;
  /** 山东省 济南市 历下区 */
  regionName: string;
}

export interface ReadonlyPerson {
  idType: string;
  idTypeLabel: string;
  mainland: boolean;
  maskedIdNumber: string;
  maskedName: string;
  maskedMobile: string;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
}

export type BasicView = Part & Omit<TBasicInfoRequest, 'address'> & { address: Address };
export type EducationView = Part & TEducationRequest & { id: string; source: 'self' | 'import'; lockedFields: string[]; degreeCheck: DegreeCheck };
export type WorkView = Part & Omit<TWorkRequest, 'address'> & { id: string; source: 'self' | 'import'; lockedFields: string[]; address: Address };

export interface CollectionNotice {
  part: NoticePart;
  recordId: string | null;
  label: string;
  reviewStatus: PartStatus;
  authorityName: string | null;
  opinion: string | null;
  submittedAt: string | null;
}

export interface CollectionState {
  collectionStatus: CollectionStatus;
  scope: string | null;
  /** Fixed by registration, masked; sex and birthDate derived from a mainland ID, else from basic. */
  readonly: ReadonlyPerson;
  basic: BasicView | null;
  education: EducationView[];
  work: WorkView[];
  authority: { provinceId: string; cityId: string; countyId: string | null; name: string } | null;
  /** Scope 二 only: what the national qualification records hold (null before the lookup). */
  qualification: { verified: boolean; certificates: Array<{ level: string; title: string; certificateNo: string; obtainedAt: string }> } | null;
  idProofRequired: boolean;
  /** 审核告知: one line per submitted part. */
  notices: CollectionNotice[];
}

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
/** A printable HTML page, opened in a new tab (the session cookie goes with it). */
export const templateUrl = (name: TemplateName) => `/api/collection/templates/${name}`;
