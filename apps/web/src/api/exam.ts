import type { EnrollmentStart, EnrollmentView, ExamView, ProvinceRow, ProvinceSettingsView, TEnrollmentRequest, TExamCreate, TProvinceSettings } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { fetchFile, http } from './client';

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

// ---- 网上缴费, 报名成功, 重新报名 (issue 22, modules/payment) ----
export interface PaymentOrder {
  orderNo: string;
  amount: string;
  createdAt: string;
  status: 'open' | 'paid' | 'closed';
  statusName: string;
  provider: string;
  paidAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
}
export interface PaymentRefund {
  orderNo: string;
  amount: string;
  reason: string;
  status: 'pending' | 'done';
  createdAt: string;
  doneAt: string | null;
}
export interface PaymentPage {
  enrollment: Enrollment;
  amount: string;
  order: PaymentOrder | null;
  refunds: PaymentRefund[];
  payOpen: boolean;
  payWindow: { start: string; end: string };
  phone: string;
}
export const paymentPage = (enrollmentId: string) => http.get<PaymentPage>(`/api/payments/enrollments/${id(enrollmentId)}`);
export const createOrder = (enrollmentId: string) => http.post<PaymentPage>(`/api/payments/enrollments/${id(enrollmentId)}/order`);
export const payOrder = (orderNo: string) => http.post<{ cashierUrl: string }>(`/api/payments/orders/${id(orderNo)}/pay`);
/** 重新报名: cancels an enrollment not yet paid. */
export const cancelEnrollment = (enrollmentId: string) => http.post<Enrollment>(`/api/enrollments/${id(enrollmentId)}/cancel`);
/** 报名表打印: the PDF. */
export const downloadEnrollmentForm = (enrollmentId: string) => fetchFile(`/api/payments/enrollments/${id(enrollmentId)}/form.pdf`);
/** Public: the check a 报名表's QR code leads to. */
export interface EnrollmentVerification {
  title: string;
  holderMasked: string;
  examName: string;
  subjects: string[];
  status: string;
  issuedAt: string;
}
export const verifyEnrollmentForm = (code: string) => http.get<EnrollmentVerification>(`/api/verify/enrollment/${id(code)}`);

// ---- console: 考试报名统计 (modules/payment/console.ts) ----
export interface ConsoleEnrollment {
  id: string;
  realName: string;
  idNumber: string;
  siteName: string;
  subjects: string;
  state: string;
  stateName: string;
  amount: string | null;
  orderNo: string | null;
  paidAt: string | null;
  refunded: string | null;
  submittedAt: string;
}
export interface EnrollmentReport {
  examName: string;
  provinceName: string;
  counts: Record<string, number>;
  countNames: Record<string, string>;
  received: string;
  refunded: string;
  items: ConsoleEnrollment[];
}
const reportPath = (examId: string, provinceId: string) => `/api/console/exams/${id(examId)}/provinces/${id(provinceId)}/enrollments`;
export const enrollmentReport = (examId: string, provinceId: string, filter: { state?: string; q?: string }) => http.get<EnrollmentReport>(withQuery(reportPath(examId, provinceId), filter));
export const enrollmentCsv = (examId: string, provinceId: string, filter: { state?: string; q?: string }) => fetchFile(withQuery(`${reportPath(examId, provinceId)}.csv`, filter));
export const enrollmentHistory = (enrollmentId: string) =>
  http.get<Array<{ id: string; examName: string; provinceName: string; siteName: string; status: string; submittedAt: string; paidAt: string | null }>>(`/api/console/enrollments/${id(enrollmentId)}/history`);
/** 同步返回: which enrollment the provider's signed return parameters are of (null when they do not verify). */
export const paymentReturned = (search: string) => http.get<{ enrollmentId: string | null }>(`/api/payments/return${search}`);
