import { http } from './client';

export interface IdentityStatus {
  verified: boolean;
  method: 'alipay' | 'manual' | null;
  idType: string;
  maskedName: string;
  maskedIdNumber: string;
  alipaySupported: boolean;
  /** The latest 线上实名认证 submission, if any. */
  manual: ManualVerification | null;
}

export interface ManualVerification {
  status: 'pending' | 'passed' | 'failed';
  /** The 会计管理部门 reviewing it (the city chosen). */
  authorityName: string;
  /** The reviewer's opinion; the reason when refused. */
  opinion: string | null;
  submittedAt: string;
}

export interface ManualSubmission {
  provinceId: string;
  cityId: string;
  frontFileId: string;
  backFileId: string;
  handheldFileId: string;
}

export interface AlipayStart {
  certifyId: string;
  /** What the QR code carries (Alipay's certify URL; in the sandbox, the 沙箱 phone page). */
  qrContent: string;
}

export interface AlipayResult {
  state: 'pending' | 'passed' | 'failed';
  message: string | null;
}

export const getIdentity = () => http.get<IdentityStatus>('/api/identity');
export const updateRealName = (realName: string) => http.patch<IdentityStatus>('/api/identity/real-name', { realName });
export const startAlipay = () => http.post<AlipayStart>('/api/identity/alipay');
export const submitManual = (body: ManualSubmission) => http.post<unknown>('/api/identity/manual', body);
export const pollAlipay = (certifyId: string) => http.get<AlipayResult>(`/api/identity/alipay/${encodeURIComponent(certifyId)}`);

// The 沙箱 phone (sandbox mode only).
export interface SandboxCertification {
  certifyId: string;
  maskedName: string;
  maskedCertNo: string;
  state: string;
  expiresAt: string;
}
export type PhoneAction = 'confirm' | 'mismatch' | 'cancel' | 'timeout';
export const getSandboxCertification = (certifyId: string) => http.get<SandboxCertification>(`/api/sandbox/alipay/${encodeURIComponent(certifyId)}`);
export const actOnPhone = (certifyId: string, action: PhoneAction) => http.post<void>(`/api/sandbox/alipay/${encodeURIComponent(certifyId)}`, { action });
