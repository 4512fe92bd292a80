/**
 * 政务服务平台 法人登录 (国家政务服务平台统一身份认证, 法人用户): the platform sends the browser to the
 * authentication server with a `state`; the unit's legal person (or its authorised agent) logs in there and
 * confirms; the server sends the browser back with a one-time `code`, which the platform exchanges for the
 * unit's identity: its 统一社会信用代码 and name as the registration authorities hold them.
 */
export type LegalPersonIdentity = {
  uscc: string;
  unitName: string;
  /** 法定代表人 as the service names them (shown, never used to decide). */
  legalRepresentative: string | null;
};

/** The service refused the code: unknown, used or expired. */
export class LegalPersonCodeError extends Error {
  constructor(readonly reason: 'invalid' | 'used' | 'expired') {
    super(`the legal-person service refused the code (${reason})`);
    this.name = 'LegalPersonCodeError';
  }
}

/** The service did not answer in time, or answered with an error that is not the code's fault. */
export class LegalPersonUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegalPersonUnavailableError';
  }
}

export interface LegalPersonGateway {
  readonly kind: 'sandbox' | 'gov';
  /** The login page of the service, which returns the browser to /login/legal-person. */
  authorizeUrl(state: string): string;
  /** The code, once, for the unit's identity. */
  exchangeCode(code: string): Promise<LegalPersonIdentity>;
}
