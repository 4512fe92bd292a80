import type { EnrollmentStart, EnrollmentView, ExamView, ProvinceRow, ProvinceSettingsView, TEnrollmentRequest, TExamCreate, TProvinceSettings } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { http } from './client';

// 会计专业技术资格考试 (issue 21): exams and province settings (modules/exam), the enrollment (modules/enrollment).
// The shapes of the answers are the domain's (packages/domain/src/exam/views.ts).

export type Exam = ExamView;
export type Enrollment = EnrollmentView;
export type { EnrollmentStart, PersonalInfo, ProvinceRow, ProvinceSettingsView } from '@ausm/domain';

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
