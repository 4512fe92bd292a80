import type { EnrollmentStart, EnrollmentView, ExamView, ProvinceRow, ProvinceSettingsView, TEnrollmentRequest, TExamCreate, TProvinceSettings } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { fetchFile } from './client';
import type { paths } from './schema';
import { api, declared, ok, query } from './typed';

// 会计专业技术资格考试 (issue 21): exams and province settings (modules/exam), the enrollment (modules/enrollment).
// The shapes of the answers are the domain's (packages/domain/src/exam/views.ts).

export type Exam = ExamView;
export type Enrollment = EnrollmentView;
export type { EnrollmentStart, PersonalInfo, ProvinceRow, ProvinceSettingsView } from '@ausm/domain';

const id = (s: string) => encodeURIComponent(s);
const exam = (examId: string) => ({ params: { path: { examId } } });
const province = (examId: string, provinceId: string) => ({ params: { path: { examId, provinceId } } });
const enrollment = (enrollmentId: string) => ({ params: { path: { enrollmentId } } });

export const listExams = (): Promise<Exam[]> => ok(api.GET('/api/exams'));
export const listProvinces = (examId: string): Promise<{ exam: Exam; rows: ProvinceRow[] }> => ok(api.GET('/api/exams/{examId}/provinces', exam(examId)));
export const getProvince = (examId: string, provinceId: string): Promise<{ exam: Exam; settings: ProvinceSettingsView; open: boolean }> =>
  ok(api.GET('/api/exams/{examId}/provinces/{provinceId}', province(examId, provinceId)));

export const startEnrollment = (examId: string, provinceId: string) => declared<EnrollmentStart>(ok(api.GET('/api/enrollment/start', { params: { query: { examId, provinceId } } })));
export const myEnrollments = () => declared<Enrollment[]>(ok(api.GET('/api/enrollments')));
export const submitEnrollment = (body: TEnrollmentRequest) => declared<Enrollment>(ok(api.POST('/api/enrollments', { body })));

// ---- console ----
export const consoleExams = (): Promise<Exam[]> => ok(api.GET('/api/console/exams'));
export const createExam = (body: TExamCreate): Promise<Exam> => ok(api.POST('/api/console/exams', { body }));
export const consoleExamProvinces = (examId: string): Promise<Array<{ provinceId: string; provinceName: string; configured: boolean; editable: boolean }>> =>
  ok(api.GET('/api/console/exams/{examId}/provinces', exam(examId)));
export const consoleProvinceSettings = (examId: string, provinceId: string): Promise<{ exam: Exam; provinceName: string; settings: ProvinceSettingsView | null }> =>
  ok(api.GET('/api/console/exams/{examId}/provinces/{provinceId}', province(examId, provinceId)));
export const saveProvinceSettings = (examId: string, provinceId: string, body: TProvinceSettings): Promise<ProvinceSettingsView> =>
  ok(api.PUT('/api/console/exams/{examId}/provinces/{provinceId}', { ...province(examId, provinceId), body }));

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
export const paymentPage = (enrollmentId: string) => declared<PaymentPage>(ok(api.GET('/api/payments/enrollments/{enrollmentId}', enrollment(enrollmentId))));
export const createOrder = (enrollmentId: string) => declared<PaymentPage>(ok(api.POST('/api/payments/enrollments/{enrollmentId}/order', enrollment(enrollmentId))));
export const payOrder = (orderNo: string): Promise<{ cashierUrl: string }> => ok(api.POST('/api/payments/orders/{orderNo}/pay', { params: { path: { orderNo } } }));
/** 重新报名: cancels an enrollment not yet paid. */
export const cancelEnrollment = (enrollmentId: string) => declared<Enrollment>(ok(api.POST('/api/enrollments/{enrollmentId}/cancel', enrollment(enrollmentId))));
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
export const verifyEnrollmentForm = (code: string): Promise<EnrollmentVerification> => ok(api.GET('/api/verify/enrollment/{code}', { params: { path: { code } } }));

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
type ReportQuery = NonNullable<paths['/api/console/exams/{examId}/provinces/{provinceId}/enrollments']['get']['parameters']['query']>;
/** The list's 状态 filter ('' for every state). */
export type EnrollmentReportFilter = { state?: ReportQuery['state'] | ''; q?: string };
export const enrollmentReport = (examId: string, provinceId: string, filter: EnrollmentReportFilter): Promise<EnrollmentReport> =>
  ok(api.GET('/api/console/exams/{examId}/provinces/{provinceId}/enrollments', { params: { path: { examId, provinceId }, query: query(filter) as ReportQuery } }));
export const enrollmentCsv = (examId: string, provinceId: string, filter: EnrollmentReportFilter) => fetchFile(withQuery(`${reportPath(examId, provinceId)}.csv`, filter));
export const enrollmentHistory = (enrollmentId: string): Promise<Array<{ id: string; examName: string; provinceName: string; siteName: string; status: string; submittedAt: string; paidAt: string | null }>> =>
  ok(api.GET('/api/console/enrollments/{enrollmentId}/history', enrollment(enrollmentId)));
/** 同步返回: which enrollment the provider's signed return parameters are of (null when they do not verify). */
export const paymentReturned = (search: string): Promise<{ enrollmentId: string | null }> =>
  ok(api.GET('/api/payments/return', { params: { query: Object.fromEntries(new URLSearchParams(search)) } }));
