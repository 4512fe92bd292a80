import { api, ok, type Answer } from './typed';

export type IdentityStatus = Answer<'/api/identity', 'get'>;
/** The latest 线上实名认证 submission: the 会计管理部门 reviewing it, and the reviewer's opinion (the reason when refused). */
export type ManualVerification = NonNullable<IdentityStatus['manual']>;
export interface ManualSubmission {
  provinceId: string;
  cityId: string;
  frontFileId: string;
  backFileId: string;
  handheldFileId: string;
}
/** What the QR code carries (Alipay's certify URL; in the sandbox, the 沙箱 phone page). */
export type AlipayStart = Answer<'/api/identity/alipay', 'post'>;
export type AlipayResult = Answer<'/api/identity/alipay/{certifyId}', 'get'>;

export const getIdentity = () => ok(api.GET('/api/identity'));
export const updateRealName = (realName: string) => ok(api.PATCH('/api/identity/real-name', { body: { realName } }));
export const startAlipay = () => ok(api.POST('/api/identity/alipay'));
export const submitManual = (body: ManualSubmission) => ok(api.POST('/api/identity/manual', { body }));
export const pollAlipay = (certifyId: string) => ok(api.GET('/api/identity/alipay/{certifyId}', { params: { path: { certifyId } } }));

// The 沙箱 phone (sandbox mode only).
export type SandboxCertification = Answer<'/api/sandbox/alipay/{certifyId}', 'get'>;
export type PhoneAction = 'confirm' | 'mismatch' | 'cancel' | 'timeout';
export const getSandboxCertification = (certifyId: string) => ok(api.GET('/api/sandbox/alipay/{certifyId}', { params: { path: { certifyId } } }));
export const actOnPhone = (certifyId: string, action: PhoneAction) =>
  ok(api.POST('/api/sandbox/alipay/{certifyId}', { params: { path: { certifyId } }, body: { action } }));
