import type { EmployerCeStatus, EmployerStatus, EmploymentDecision, TEmployerCeFiling, TEmployerFeedback, TEmployerLogin, TEmployerPasswordReset, TEmployerRegister, TEmployerSubmit } from '@ausm/domain';
import type { paths } from './schema';
import { api, ok } from './typed';

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

export const sendEmployerCode = (agentMobile: string) => ok(api.POST('/api/employer/sms-codes', { body: { agentMobile } }));
export const registerEmployer = (body: TEmployerRegister): Promise<{ employer: EmployerView }> => ok(api.POST('/api/employer/accounts', { body }));
export const loginEmployer = (body: TEmployerLogin): Promise<{ employer: EmployerView }> => ok(api.POST('/api/employer/session', { body }));
export const getEmployerSession = (): Promise<{ employer: EmployerView }> => ok(api.GET('/api/employer/session'), { probe: true });
export const logoutEmployer = () => ok(api.DELETE('/api/employer/session'));
/** The unit's session on the clock: how long is left (not prolonging it), and 继续使用. */
export const getEmployerSessionExpiry = () => ok(api.GET('/api/employer/session/expiry'));
export const extendEmployerSession = () => ok(api.POST('/api/employer/session/extend'));
/** 找回密码: the code goes to the 经办人's registered mobile; a credit code no unit has is answered alike. */
export const sendEmployerResetCode = (uscc: string) => ok(api.POST('/api/employer/password-resets/sms-codes', { body: { uscc } }));
export const resetEmployerPassword = (body: TEmployerPasswordReset) => ok(api.POST('/api/employer/password-resets', { body }));
export const startLegalPersonLogin = () => ok(api.POST('/api/employer/session/legal-person/start'));
export const loginWithLegalPerson = (body: { code: string; state: string }): Promise<{ employer: EmployerView }> => ok(api.POST('/api/employer/session/legal-person', { body }));
export const submitEmployerRegistration = (body: TEmployerSubmit): Promise<{ employer: EmployerView }> => ok(api.PUT('/api/employer/registration', { body }));
export const listEmployerStaff = (): Promise<{ year: number; items: EmployerStaffRow[] }> => ok(api.GET('/api/employer/staff'));
export const decideEmployment = (accountId: string, decision: EmploymentDecision): Promise<EmployerStaffRow> =>
  ok(api.PUT('/api/employer/staff/{accountId}', { params: { path: { accountId } }, body: { decision } }));
export const EMPLOYER_STAFF_CSV = '/api/employer/staff.csv';
export const listEmployerCeFilings = (): Promise<{ items: EmployerCeFilingView[] }> => ok(api.GET('/api/employer/ce-filings'));
/** The domain's input takes a 科目类型 as any string (its schema says which); the document names the enum it narrows to. */
type CeFilingBody = NonNullable<paths['/api/employer/ce-filings']['post']['requestBody']>['content']['application/json'];
export const fileEmployerCe = (body: TEmployerCeFiling): Promise<EmployerCeFilingView> => ok(api.POST('/api/employer/ce-filings', { body: body as CeFilingBody }));

// ---- the sandbox's 政务服务平台 法人登录 page ----

export interface SandboxLegalPersonView {
  ticket: string;
  status: 'waiting' | 'confirmed' | 'cancelled' | 'expired';
  expiresAt: string;
  redirect: string | null;
}
export const openSandboxLegalPerson = (state: string, redirectUri: string) =>
  ok(api.POST('/api/sandbox/legal-person/authorize', { body: { state, redirectUri } }));
export const getSandboxLegalPerson = (ticket: string): Promise<SandboxLegalPersonView> => ok(api.GET('/api/sandbox/legal-person/{ticket}', { params: { path: { ticket } } }));
export const actSandboxLegalPerson = (ticket: string, body: { action: 'confirm' | 'unavailable'; uscc: string; unitName: string; legalRepresentative: string } | { action: 'cancel' }) =>
  ok(api.POST('/api/sandbox/legal-person/{ticket}', { params: { path: { ticket } }, body }));

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
export const listEmployerFeedback = (): Promise<{ items: EmployerFeedbackView[] }> => ok(api.GET('/api/employer/feedback'));
export const fileEmployerFeedback = (body: TEmployerFeedback): Promise<EmployerFeedbackView> => ok(api.POST('/api/employer/feedback', { body }));
export const listConsoleFeedback = (): Promise<{ items: EmployerFeedbackView[] }> => ok(api.GET('/api/console/employer-feedback'));
export const answerFeedback = (id: string, answer: string): Promise<EmployerFeedbackView> => ok(api.POST('/api/console/employer-feedback/{id}/answer', { params: { path: { id } }, body: { answer } }));
export const feedbackAttachmentUrl = (id: string) => `/api/console/employer-feedback/${encodeURIComponent(id)}/attachment`;
