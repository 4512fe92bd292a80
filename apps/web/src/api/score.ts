import type { ExamLevel, ScoreStanding } from '@ausm/domain';
import { http } from './client';

// The score ledger (issue 24): 成绩查询 and 电子证书, the 财政部 administrator's import, and the certificates'
// public check and revocation.

export interface CertificateView {
  id: string;
  level: 'junior' | 'intermediate';
  levelLabel: string;
  title: string;
  certificateNo: string;
  examYear: number;
  obtainedAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

export interface ScoreQuery {
  results: Array<{ year: number; level: ExamLevel; levelLabel: string; subject: string; subjectLabel: string; score: number; passLine: number; passed: boolean }>;
  standings: ScoreStanding[];
  certificates: CertificateView[];
}

/** The public check of a certificate's QR code: nothing but these. */
export interface CertificateVerification {
  title: string;
  holderMasked: string;
  levelLabel: string;
  qualification: string;
  certificateNo: string;
  obtainedAt: string;
  status: 'valid' | 'revoked';
  statusLabel: string;
  revokedAt: string | null;
}

/** A certificate as the 财政部 console shows it. */
export interface CertificateAdminView {
  id: string;
  levelLabel: string;
  qualification: string;
  certificateNo: string;
  examYear: number;
  obtainedAt: string;
  idNumberMasked: string;
  recorded: boolean;
  revoked: boolean;
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: string | null;
}

const id = (s: string) => encodeURIComponent(s);

export const getScores = () => http.get<ScoreQuery>('/api/scores');
export const certificatePdfPath = (certificateId: string) => `/api/scores/certificates/${id(certificateId)}/pdf`;
export const verifyCertificate = (code: string) => http.get<CertificateVerification>(`/api/verify/certificate/${id(code)}`);
export const importScores = (body: { year: number; level: ExamLevel; csv: string }) => http.post<{ imported: number }>('/api/console/scores/import', body);
export const findCertificate = (certificateNo: string) => http.get<CertificateAdminView>(`/api/console/certificates?certificateNo=${id(certificateNo)}`);
export const revokeCertificate = (certificateId: string, reason: string) => http.post<CertificateAdminView>(`/api/console/certificates/${id(certificateId)}/revoke`, { reason });
