import type { Eligibility, ExamLevel, TEnrollmentRequest, TExamCreate, TProvinceSettings } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { http } from './client';

// 会计专业技术资格考试 (issue 21): exams and province settings (modules/exam), the enrollment (modules/enrollment).

export interface Exam {
  id: string;
  year: number;
  level: ExamLevel;
  levelName: string;
  name: string;
  subjects: Array<{ code: string; name: string }>;
}

export interface ProvinceRow {
  provinceId: string;
  provinceName: string;
  signupWindow: string;
  payWindow: string;
  phone: string;
  noticeUrl: string;
  open: boolean;
}

export interface ProvinceSettingsView {
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
}

export interface PersonalInfo {
  realName: string;
  idType: string;
  idNumber: string;
  sex: string;
  birthDate: string;
  ethnicity: string;
  email: string;
  address: string;
  education: Array<{ school: string; level: string; major: string; period: string; diplomaNo: string; verified: boolean }>;
  degree: Array<{ school: string; degree: string; degreeNo: string }>;
  work: Array<{ unitName: string; period: string; accountingPost: string; appointmentDate: string; experiences: string[] }>;
}

export interface Enrollment {
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
  status: 'pending' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';
  mode: 'auto' | 'manual';
  authorityName: string;
  opinion: string | null;
  submittedAt: string;
  decidedAt: string | null;
  step: number;
  eligibility: Eligibility;
}

export interface EnrollmentStart {
  exam: Exam;
  settings: ProvinceSettingsView;
  open: boolean;
  blocked: string | null;
  eligibility: Eligibility | null;
  personal: PersonalInfo | null;
  emailEditable: boolean;
  enrollment: Enrollment | null;
}

const id = (s: string) => encodeURIComponent(s);

export const listExams = () => http.get<Exam[]>('/api/exams');
export const listProvinces = (examId: string) => http.get<{ exam: Exam; rows: ProvinceRow[] }>(`/api/exams/${id(examId)}/provinces`);
export const getProvince = (examId: string, provinceId: string) =>
  http.get<{ exam: Exam; settings: ProvinceSettingsView; open: boolean }>(`/api/exams/${id(examId)}/provinces/${id(provinceId)}`);

export const startEnrollment = (examId: string, provinceId: string) => http.get<EnrollmentStart>(withQuery('/api/enrollment/start', { examId, provinceId }));
export const myEnrollments = () => http.get<Enrollment[]>('/api/enrollments');
export const submitEnrollment = (body: TEnrollmentRequest) => http.post<Enrollment>('/api/enrollments', body);

// ---- console ----
export const consoleExams = () => http.get<Exam[]>('/api/console/exams');
export const createExam = (body: TExamCreate) => http.post<Exam>('/api/console/exams', body);
export const consoleExamProvinces = (examId: string) =>
  http.get<Array<{ provinceId: string; provinceName: string; configured: boolean; editable: boolean }>>(`/api/console/exams/${id(examId)}/provinces`);
export const consoleProvinceSettings = (examId: string, provinceId: string) =>
  http.get<{ exam: Exam; provinceName: string; settings: ProvinceSettingsView | null }>(`/api/console/exams/${id(examId)}/provinces/${id(provinceId)}`);
export const saveProvinceSettings = (examId: string, provinceId: string, body: TProvinceSettings) =>
  http.put<ProvinceSettingsView>(`/api/console/exams/${id(examId)}/provinces/${id(provinceId)}`, body);
