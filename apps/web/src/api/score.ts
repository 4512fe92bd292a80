import type { ExamLevel } from '@ausm/domain';
import { api, ok, type Answer } from './typed';

// The score ledger (issue 24): 成绩查询 and 电子证书, the 财政部 administrator's import, and the certificates'
// public check and revocation. Types are the server's (schema.d.ts).

export type ScoreQuery = Answer<'/api/scores', 'get'>;
export type CertificateView = ScoreQuery['certificates'][number];
/** The public check of a certificate's QR code: nothing but these. */
export type CertificateVerification = Answer<'/api/verify/certificate/{code}', 'get'>;
/** A certificate as the 财政部 console shows it. */
export type CertificateAdminView = Answer<'/api/console/certificates', 'get'>;

export const getScores = () => ok(api.GET('/api/scores'));
export const certificatePdfPath = (certificateId: string) => `/api/scores/certificates/${encodeURIComponent(certificateId)}/pdf`;
export const verifyCertificate = (code: string) => ok(api.GET('/api/verify/certificate/{code}', { params: { path: { code } } }));
export const importScores = (body: { year: number; level: ExamLevel; csv: string }) => ok(api.POST('/api/console/scores/import', { body }));
export const findCertificate = (certificateNo: string) => ok(api.GET('/api/console/certificates', { params: { query: { certificateNo } } }));
export const revokeCertificate = (id: string, reason: string) => ok(api.POST('/api/console/certificates/{id}/revoke', { params: { path: { id } }, body: { reason } }));
