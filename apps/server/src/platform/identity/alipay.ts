/**
 * Alipay real-name certification (支付宝身份验证, alipay.user.certify.open.*): the platform asks
 * Alipay to certify a name and ID number, shows the person a QR code, and later asks for the result.
 */
export type CertifyStart = { outerOrderNo: string; certName: string; certNo: string; certType: 'IDENTITY_CARD' };

export type CertifyOutcome =
  | { state: 'pending' }
  /** Alipay certified that the person holding the phone is the name and number sent at initialisation. */
  | { state: 'passed' }
  | { state: 'failed'; reason: 'mismatch' | 'cancelled' | 'expired' };

/** The remote service did not answer in time or answered with an error. */
export class AlipayUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlipayUnavailableError';
  }
}

export interface AlipayCertifyGateway {
  readonly kind: 'sandbox' | 'alipay';
  /** alipay.user.certify.open.initialize */
  initialize(input: CertifyStart): Promise<{ certifyId: string }>;
  /** alipay.user.certify.open.certify: the URL the QR code carries. */
  certifyUrl(certifyId: string): Promise<string>;
  /** alipay.user.certify.open.query */
  query(certifyId: string): Promise<CertifyOutcome>;
}
