import type { DegreeCheck } from './rules';
import type { TBasicInfoRequest, TEducationRequest, TWorkRequest } from './schemas';

// The 信息采集 wizard's state as GET /api/collection answers it (docs/collection.md): one definition
// for the server that builds it and the web that shows it. `D` is how a time travels: a Date on the
// server, its ISO string in the browser.

/** 未提交审核 · 待审核 · 审核中 · 审核通过 · 审核不通过 of one part (GLOSSARY: reviewStatus). */
export type PartStatus = 'draft' | 'pending' | 'in_review' | 'approved' | 'rejected';
export type CollectionStatus = 'none' | 'draft' | 'pending' | 'rejected' | 'approved';
export type NoticePart = 'basic' | 'education' | 'work';

export type Part = {
  reviewStatus: PartStatus;
  reviewOpinion: string | null;
};

export type Address = {
  provinceId: string;
  cityId: string;
  countyId: string | null;
  detail: string | null;
  /** 山东省 济南市 历下区 */
  regionName: string;
};

export type ReadonlyPerson = {
  idType: string;
  idTypeLabel: string;
  mainland: boolean;
  maskedIdNumber: string;
  maskedName: string;
  maskedMobile: string;
  sex: 'male' | 'female' | null;
  birthDate: string | null;
};

type RecordMeta = Part & { id: string; source: 'self' | 'import'; lockedFields: string[]; reviewItemId: string | null };

/** 基本信息 as saved: the request, with the address's region names. */
export type BasicData = Omit<TBasicInfoRequest, 'address'> & { address: Address };
/** 工作经历 as saved: the request, with the address's region names. */
export type WorkData = Omit<TWorkRequest, 'address'> & { address: Address };

export type BasicView = Part & BasicData;
export type EducationView = RecordMeta & TEducationRequest & { degreeCheck: DegreeCheck };
export type WorkView = RecordMeta & WorkData;

export type CollectionNotice<D = string> = {
  part: NoticePart;
  recordId: string | null;
  /** The review item, for 撤回 (POST /api/my/review-items/:id/withdraw). */
  reviewItemId: string;
  label: string;
  reviewStatus: PartStatus;
  authorityName: string | null;
  opinion: string | null;
  submittedAt: D | null;
};

export type CollectionState<D = string> = {
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
  notices: Array<CollectionNotice<D>>;
};
