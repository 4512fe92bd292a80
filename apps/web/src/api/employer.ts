import type { EmployerCeStatus, EmployerStatus, EmploymentDecision, TEmployerCeFiling, TEmployerFeedback, TEmployerLogin, TEmployerRegister, TEmployerSubmit } from '@ausm/domain';
import { http } from './client';

// 单位法人用户 (issue 26): its own session, its registration's review, its staff and the training it files.

export interface EmployerView {
  id: string;
  uscc: string;
  unitName: string;
  agentName: string;
  agentMobileMasked: string;
  status: EmployerStatus;
  statusLabel: string;
  opinion: string | null;
  address: { provinceId: string; cityId: string; countyId: string | null; regionName: string; detail: string } | null;
  authorityName: string | null;
  licenseFileId: string | null;
  canAct: boolean;
}

export interface EmployerStaffRow {
  accountId: string;
  name: string;
  idNumberMasked: string;
  postLevel: string;
  position: string;
  title: string;
  startDate: string;
  decision: EmploymentDecision | null;
  decisionLabel: string;
  decidedAt: string | null;
  ce: { year: number; total: number; professional: number; public: number; reached: boolean; summary: string };
}

export interface EmployerCeFilingView {
  id: string;
  form: string;
  formName: string;
  year: number;
  startDate: string;
  endDate: string;
  institution: string;
  people: string[];
  claimed: number;
  computed: number;
  status: EmployerCeStatus;
  statusLabel: string;
  opinion: string | null;
  submittedAt: string;
  decidedAt: string | null;
}

export const sendEmployerCode = (agentMobile: string) => http.post<{ sentAt: string; expiresAt: string; resendAt: string }>('/api/employer/sms-codes', { agentMobile });
export const registerEmployer = (body: TEmployerRegister) => http.post<{ employer: EmployerView }>('/api/employer/accounts', body);
export const loginEmployer = (body: TEmployerLogin) => http.post<{ employer: EmployerView }>('/api/employer/session', body);
export const getEmployerSession = () => http.get<{ employer: EmployerView }>('/api/employer/session');
export const logoutEmployer = () => http.delete<void>('/api/employer/session');
export const startLegalPersonLogin = () => http.post<{ authorizeUrl: string }>('/api/employer/session/legal-person/start');
export const loginWithLegalPerson = (body: { code: string; state: string }) => http.post<{ employer: EmployerView }>('/api/employer/session/legal-person', body);
export const submitEmployerRegistration = (body: TEmployerSubmit) => http.put<{ employer: EmployerView }>('/api/employer/registration', body);
export const listEmployerStaff = () => http.get<{ year: number; items: EmployerStaffRow[] }>('/api/employer/staff');
export const decideEmployment = (accountId: string, decision: EmploymentDecision) =>
  http.put<EmployerStaffRow>(`/api/employer/staff/${encodeURIComponent(accountId)}`, { decision });
export const EMPLOYER_STAFF_CSV = '/api/employer/staff.csv';
export const listEmployerCeFilings = () => http.get<{ items: EmployerCeFilingView[] }>('/api/employer/ce-filings');
export const fileEmployerCe = (body: TEmployerCeFiling) => http.post<EmployerCeFilingView>('/api/employer/ce-filings', body);

// ---- the sandbox's 政务服务平台 法人登录 page ----

export interface SandboxLegalPersonView {
  ticket: string;
  status: 'waiting' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: string;
  redirect: string | null;
}
export const openSandboxLegalPerson = (state: string, redirectUri: string) =>
  http.post<{ ticket: string; expiresAt: string }>('/api/sandbox/legal-person/authorize', { state, redirectUri });
export const getSandboxLegalPerson = (ticket: string) => http.get<SandboxLegalPersonView>(`/api/sandbox/legal-person/${encodeURIComponent(ticket)}`);
export const actSandboxLegalPerson = (ticket: string, body: { action: 'confirm' | 'unavailable'; uscc: string; unitName: string; legalRepresentative: string } | { action: 'cancel' }) =>
  http.post<void>(`/api/sandbox/legal-person/${encodeURIComponent(ticket)}`, body);

// ---- 单位会计准则制度反馈意见 ----

export interface EmployerFeedbackView {
  id: string;
  unitName: string;
  uscc: string;
  standardId: string;
  standardTitle: string;
  standardDocNumber: string;
  clause: string;
  content: string;
  attachmentFileId: string | null;
  attachmentName: string | null;
  status: 'pending' | 'answered';
  statusLabel: string;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  submittedAt: string;
}
export const listEmployerFeedback = () => http.get<{ items: EmployerFeedbackView[] }>('/api/employer/feedback');
export const fileEmployerFeedback = (body: TEmployerFeedback) => http.post<EmployerFeedbackView>('/api/employer/feedback', body);
export const listConsoleFeedback = () => http.get<{ items: EmployerFeedbackView[] }>('/api/console/employer-feedback');
export const answerFeedback = (id: string, answer: string) => http.post<EmployerFeedbackView>(`/api/console/employer-feedback/${encodeURIComponent(id)}/answer`, { answer });
export const feedbackAttachmentUrl = (id: string) => `/api/console/employer-feedback/${encodeURIComponent(id)}/attachment`;
