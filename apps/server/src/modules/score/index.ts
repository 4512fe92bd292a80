export { scoreRoutes } from './routes';
export { ScoreService, type ScoreQuery } from './service';
export { CertificateService, CERTIFICATE_KIND, type CertificateVerification } from './certificates';
