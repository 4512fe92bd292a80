import type { EmploymentDecision, TEmployerCeFiling, TEmployerFeedback, TEmployerLogin, TEmployerPasswordReset, TEmployerRegister, TEmployerSubmit } from '@ausm/domain';
import type { paths } from './schema';
import { api, ok, type Answer } from './typed';

// 单位法人用户 (issue 26): its own session, its registration's review, its staff and the training it files.

/** The views, as the server's document types them (schema.d.ts): what the server sends is what the pages get. */
export type EmployerView = Answer<'/api/employer/session', 'get'>['employer'];
export type EmployerStaffRow = Answer<'/api/employer/staff', 'get'>['items'][number];
export type EmployerCeFilingView = Answer<'/api/employer/ce-filings', 'get'>['items'][number];
export type EmployerFeedbackView = Answer<'/api/employer/feedback', 'get'>['items'][number];
export type SandboxLegalPersonView = Answer<'/api/sandbox/legal-person/{ticket}', 'get'>;

export const sendEmployerCode = (agentMobile: string) => ok(api.POST('/api/employer/sms-codes', { body: { agentMobile } }));
export const registerEmployer = (body: TEmployerRegister) => ok(api.POST('/api/employer/accounts', { body }));
export const loginEmployer = (body: TEmployerLogin) => ok(api.POST('/api/employer/session', { body }));
export const getEmployerSession = () => ok(api.GET('/api/employer/session'), { probe: true });
export const logoutEmployer = () => ok(api.DELETE('/api/employer/session'));
/** The unit's session on the clock: how long is left (not prolonging it), and 继续使用. */
export const getEmployerSessionExpiry = () => ok(api.GET('/api/employer/session/expiry'));
export const extendEmployerSession = () => ok(api.POST('/api/employer/session/extend'));
/** 找回密码: the code goes to the 经办人's registered mobile; a credit code no unit has is answered alike. */
export const sendEmployerResetCode = (uscc: string) => ok(api.POST('/api/employer/password-resets/sms-codes', { body: { uscc } }));
export const resetEmployerPassword = (body: TEmployerPasswordReset) => ok(api.POST('/api/employer/password-resets', { body }));
export const startLegalPersonLogin = () => ok(api.POST('/api/employer/session/legal-person/start'));
export const loginWithLegalPerson = (body: { code: string; state: string }) => ok(api.POST('/api/employer/session/legal-person', { body }));
export const submitEmployerRegistration = (body: TEmployerSubmit) => ok(api.PUT('/api/employer/registration', { body }));
export const listEmployerStaff = () => ok(api.GET('/api/employer/staff'));
export const decideEmployment = (accountId: string, decision: EmploymentDecision) =>
  ok(api.PUT('/api/employer/staff/{accountId}', { params: { path: { accountId } }, body: { decision } }));
export const EMPLOYER_STAFF_CSV = '/api/employer/staff.csv';
export const listEmployerCeFilings = () => ok(api.GET('/api/employer/ce-filings'));
/** The domain's input takes a 科目类型 as any string (its schema says which); the document names the enum it narrows to. */
type CeFilingBody = NonNullable<paths['/api/employer/ce-filings']['post']['requestBody']>['content']['application/json'];
export const fileEmployerCe = (body: TEmployerCeFiling) => ok(api.POST('/api/employer/ce-filings', { body: body as CeFilingBody }));

// ---- the sandbox's 政务服务平台 法人登录 page ----

export const openSandboxLegalPerson = (state: string, redirectUri: string) =>
  ok(api.POST('/api/sandbox/legal-person/authorize', { body: { state, redirectUri } }));
export const getSandboxLegalPerson = (ticket: string) => ok(api.GET('/api/sandbox/legal-person/{ticket}', { params: { path: { ticket } } }));
export const actSandboxLegalPerson = (ticket: string, body: { action: 'confirm' | 'unavailable'; uscc: string; unitName: string; legalRepresentative: string } | { action: 'cancel' }) =>
  ok(api.POST('/api/sandbox/legal-person/{ticket}', { params: { path: { ticket } }, body }));

// ---- 单位会计准则制度反馈意见 ----

export const listEmployerFeedback = () => ok(api.GET('/api/employer/feedback'));
export const fileEmployerFeedback = (body: TEmployerFeedback) => ok(api.POST('/api/employer/feedback', { body }));
export const listConsoleFeedback = () => ok(api.GET('/api/console/employer-feedback'));
export const answerFeedback = (id: string, answer: string) => ok(api.POST('/api/console/employer-feedback/{id}/answer', { params: { path: { id } }, body: { answer } }));
export const feedbackAttachmentUrl = (id: string) => `/api/console/employer-feedback/${encodeURIComponent(id)}/attachment`;
