import { LegalPersonCodeError, LegalPersonUnavailableError, type LegalPersonGateway, type LegalPersonIdentity } from './gateway';

export type GovLegalPersonConfig = { clientId: string; clientSecret: string; baseUrl: string; redirectUri: string };

/** OAuth error codes that mean the code itself is no good; anything else is the service's trouble. */
const CODE_ERRORS: Record<string, 'invalid' | 'used' | 'expired'> = { invalid_grant: 'invalid', code_used: 'used', code_expired: 'expired' };

/**
 * The real 国家政务服务平台统一身份认证 for 法人用户: OAuth 2.0 authorization code (authorize, token, userinfo),
 * the unit's 统一社会信用代码 in `creditCode`, its name in `corpName`.
 */
export class GovLegalPersonGateway implements LegalPersonGateway {
  readonly kind = 'gov' as const;

  constructor(
    private readonly config: GovLegalPersonConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  authorizeUrl(state: string): string {
    const q = new URLSearchParams({ client_id: this.config.clientId, redirect_uri: this.config.redirectUri, response_type: 'code', scope: 'legal_person', state });
    return `${this.config.baseUrl}/oauth2/authorize?${q}`;
  }

  async exchangeCode(code: string): Promise<LegalPersonIdentity> {
    const token = await this.call<{ access_token?: unknown }>('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: this.config.clientId, client_secret: this.config.clientSecret, redirect_uri: this.config.redirectUri }).toString(),
    });
    if (typeof token.access_token !== 'string' || !token.access_token) throw new LegalPersonUnavailableError('token answer without access_token');
    const info = await this.call<{ creditCode?: unknown; corpName?: unknown; legalPerson?: unknown }>('/oauth2/userinfo', { headers: { authorization: `Bearer ${token.access_token}` } });
    if (typeof info.creditCode !== 'string' || typeof info.corpName !== 'string') throw new LegalPersonUnavailableError('userinfo without creditCode or corpName');
    return { uscc: info.creditCode, unitName: info.corpName, legalRepresentative: typeof info.legalPerson === 'string' ? info.legalPerson : null };
  }

  private async call<T>(path: string, init: RequestInit): Promise<T> {
    let res: Response;
    let body: T & { error?: unknown; error_description?: unknown };
    try {
      res = await this.fetchImpl(`${this.config.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
      body = (await res.json()) as typeof body;
    } catch (err) {
      throw new LegalPersonUnavailableError(err instanceof Error ? err.message : String(err));
    }
    if (typeof body.error === 'string') {
      const reason = CODE_ERRORS[body.error];
      if (reason) throw new LegalPersonCodeError(reason);
      throw new LegalPersonUnavailableError(`${body.error}: ${String(body.error_description ?? '')}`);
    }
    if (!res.ok) throw new LegalPersonUnavailableError(`HTTP ${res.status}`);
    return body;
  }
}
