import type { Eligibility } from './eligibility';
import type { ExamLevel } from './codes';
import type { SubjectsStillNeeded } from '../score';

// What the exam's and the enrollment's APIs answer, for the server that builds it and the pages that read it.
// `D` is a Date on the server and a string in the browser.

export type ExamView = { id: string; year: number; level: ExamLevel; levelName: string; name: string; subjects: Array<{ code: string; name: string }> };

/** A row of 省份选择 (seed 003 §6.1): windows as Beijing time, `open` by the platform clock. */
export type ProvinceRow = {
  provinceId: string;
  provinceName: string;
  signupWindow: string;
  payWindow: string;
  phone: string;
  noticeUrl: string;
  open: boolean;
};

/** A province's settings as the console edits them (and, without `updatedAt`, the candidate reads them). */
export type ProvinceSettingsView = {
  examId: string;
  provinceId: string;
  provinceName: string;
  signupStart: string;
  signupEnd: string;
  payStart: string;
  payEnd: string;
  phone: string;
  noticeUrl: string;
  readingNotice: string;
  announcements: Array<{ title: string; date: string; body: string }>;
  sites: Array<{ authorityId: string; name: string; cityId: string; cityName: string; label: string }>;
  fees: Record<string, string>;
  reviewMode: 'manual' | 'auto';
};

/** What the candidate sees of an enrollment (审核告知 and the step bar). */
export type EnrollmentView<D = string> = {
  id: string;
  examId: string;
  examName: string;
  provinceId: string;
  provinceName: string;
  siteAuthorityId: string;
  siteName: string;
  category: string;
  categoryName: string;
  subjects: Array<{ code: string; name: string; fee: string | null }>;
  photoFileId: string;
  proofs: Record<string, string>;
  /**
   * 资格审核: pending 待审核, in_review 审核中, approved 审核通过 (next: 网上缴费), rejected 审核不通过, withdrawn 已撤回;
   * then paid 已缴费 (报名成功), closed 缴费时间已结束未缴费, cancelled 已重新报名 (history).
   */
  status: 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn' | 'paid' | 'closed' | 'cancelled';
  mode: 'auto' | 'manual';
  /** 受理部门. */
  authorityName: string;
  opinion: string | null;
  submittedAt: D;
  decidedAt: D | null;
  paidAt: D | null;
  /** 缴费时间 of the province, Beijing time. */
  payWindow: { start: string; end: string } | null;
  /** The step the bar shows as current (1-based, seed's six steps). */
  step: number;
  eligibility: Eligibility;
};

/** The person's data as the enrollment shows it: masked for the portal, whole for the reviewer. */
export type PersonalInfo = {
  realName: string;
  idType: string;
  idNumber: string;
  sex: string;
  birthDate: string;
  /** 手机号码, the account's (seed 003 §6.1 shows it masked: 130****2238). Absent from enrollments filed before session 23. */
  mobile?: string;
  ethnicity: string;
  email: string;
  address: string;
  /** `graduationDate` (毕业时间): the end of the period, '' while studying; absent before session 23. */
  education: Array<{ school: string; level: string; major: string; period: string; diplomaNo: string; graduationDate?: string; verified: boolean }>;
  degree: Array<{ school: string; degree: string; degreeNo: string }>;
  /**
   * Seed 003 §6.1's 工作信息: 工作单位, 工作单位地址, 工作单位性质, 所在会计岗位类别 (the 岗位层级 of its 会计工作经历),
   * 相关会计工作 (their 从事会计工作岗位) and 会计工作年限 (counted in this unit to 31 December of the exam year, as the
   * eligibility rule counts). The fields after `experiences` are absent from enrollments filed before session 23.
   */
  work: Array<{
    unitName: string;
    period: string;
    accountingPost: string;
    appointmentDate: string;
    experiences: string[];
    unitAddress?: string;
    unitType?: string;
    postLevels?: string;
    positions?: string;
    accountingYears?: string;
  }>;
};

/** GET /api/enrollment/start: everything the candidate's pages need before and during the forms. */
export type EnrollmentStart<D = string> = {
  exam: ExamView;
  settings: ProvinceSettingsView;
  /** Inside 报名时间 by the platform clock. */
  open: boolean;
  /** null when 信息采集 is approved; else why the candidate cannot enroll yet. */
  blocked: string | null;
  eligibility: Eligibility | null;
  /** The subjects still needed by the score ledger (中级: passes within the rolling two years are not taken again). */
  subjectsNeeded: SubjectsStillNeeded | null;
  /** Masked (the portal shows 张** and 370*****5016). */
  personal: PersonalInfo | null;
  /** The record's 电子邮箱 is empty: the form asks for it. */
  emailEditable: boolean;
  enrollment: EnrollmentView<D> | null;
};

