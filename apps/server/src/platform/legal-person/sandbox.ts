import { randomBytes } from 'node:crypto';
import { checkUscc, normalizeUscc } from '@ausm/domain';
import type { Clock } from '../clock';
import type { Kv } from '../kv';
import { LegalPersonCodeError, LegalPersonUnavailableError, type LegalPersonGateway, type LegalPersonIdentity } from './gateway';

/** A login page not confirmed within this time expires, as the service's does. */
export const SANDBOX_LEGAL_PERSON_TTL_MS = 5 * 60_000;
/** A code is good once, within 5 minutes (OAuth 2.0 recommends at most 10). */
export const SANDBOX_LEGAL_PERSON_CODE_TTL_MS = 5 * 60_000;

export type SandboxLegalPersonAction =
  | { action: 'confirm'; uscc: string; unitName: string; legalRepresentative: string }
  | { action: 'unavailable'; uscc: string; unitName: string; legalRepresentative: string }
  | { action: 'cancel' };

type Ticket = { state: string; redirectUri: string; status: 'waiting' | 'confirmed' | 'cancelled'; expiresAt: number; code?: string };
type Grant = LegalPersonIdentity & { unavailable: boolean; expiresAt: number };

/**
 * Behaves like the 政务服务平台's 法人登录: a login page per state (/sandbox/legal-person/:ticket) where the
 * tester, as the unit's legal person, names the unit (a valid 统一社会信用代码) and confirms, or cancels; a
 * confirmation sends the browser back with a code that can be exchanged once, within 5 minutes, a cancellation
 * with error=access_denied. It can
 * also stop answering the exchange (unavailable). Kept in the KV store with its expiry, as the service keeps it.
 */
export class SandboxLegalPersonGateway implements LegalPersonGateway {
  readonly kind = 'sandbox' as const;

  constructor(
    private readonly kv: Kv,
    private readonly clock: Clock,
    private readonly redirectUri = '/login/legal-person',
  ) {}

  authorizeUrl(state: string): string {
    return `/sandbox/legal-person?${new URLSearchParams({ client_id: 'ausm-sandbox', redirect_uri: this.redirectUri, response_type: 'code', state })}`;
  }

  async exchangeCode(code: string): Promise<LegalPersonIdentity> {
    if (!/^[0-9a-f]{32}$/.test(code)) throw new LegalPersonCodeError('invalid');
    // take: read and delete in one step, so of two exchanges at once only one gets the identity.
    const raw = await this.kv.take(`sandbox:lp:code:${code}`);
    if (!raw) {
      if (await this.kv.get(`sandbox:lp:used:${code}`)) throw new LegalPersonCodeError('used');
      throw new LegalPersonCodeError('invalid');
    }
    const grant = JSON.parse(raw) as Grant;
    await this.kv.put(`sandbox:lp:used:${code}`, '1', SANDBOX_LEGAL_PERSON_CODE_TTL_MS * 2);
    if (grant.unavailable) throw new LegalPersonUnavailableError('sandbox: the legal-person service is not answering');
    if (grant.expiresAt <= this.clock.now().getTime()) throw new LegalPersonCodeError('expired');
    return { uscc: grant.uscc, unitName: grant.unitName, legalRepresentative: grant.legalRepresentative };
  }

  // ---- the service's login page, for the 沙箱 page ----

  async open(state: string, redirectUri: string): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(16).toString('hex');
    const expiresAt = this.clock.now().getTime() + SANDBOX_LEGAL_PERSON_TTL_MS;
    const row: Ticket = { state, redirectUri, status: 'waiting', expiresAt };
    await this.kv.put(`sandbox:lp:ticket:${ticket}`, JSON.stringify(row), SANDBOX_LEGAL_PERSON_TTL_MS * 2);
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  async view(ticket: string) {
    const row = await this.find(ticket);
    if (!row) return null;
    const expired = row.status === 'waiting' && row.expiresAt <= this.clock.now().getTime();
    // Back to the platform with the code, or, as OAuth 2.0 says of a refusal (RFC 6749 §4.1.2.1), with
    // error=access_denied and the state: the platform's page then says the login was cancelled.
    const back = (params: Record<string, string>) => `${row.redirectUri}${row.redirectUri.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;
    const redirect =
      row.status === 'confirmed' && row.code ? back({ code: row.code, state: row.state }) : row.status === 'cancelled' ? back({ error: 'access_denied', state: row.state }) : null;
    return { ticket, status: expired ? ('expired' as const) : row.status, expiresAt: new Date(row.expiresAt), redirect };
  }

  /** What the legal person does on the login page. 'bad_uscc' when the code they typed is no valid code. */
  async act(ticket: string, act: SandboxLegalPersonAction): Promise<'ok' | 'gone' | 'bad_uscc'> {
    const row = await this.find(ticket);
    const now = this.clock.now().getTime();
    if (!row || row.status !== 'waiting' || row.expiresAt <= now) return 'gone';
    if (act.action === 'cancel') {
      await this.kv.put(`sandbox:lp:ticket:${ticket}`, JSON.stringify({ ...row, status: 'cancelled' }), SANDBOX_LEGAL_PERSON_TTL_MS);
      return 'ok';
    }
    const uscc = normalizeUscc(act.uscc);
    if (checkUscc(uscc)) return 'bad_uscc';
    const code = randomBytes(16).toString('hex');
    const grant: Grant = {
      uscc,
      unitName: act.unitName,
      legalRepresentative: act.legalRepresentative || null,
      unavailable: act.action === 'unavailable',
      expiresAt: now + SANDBOX_LEGAL_PERSON_CODE_TTL_MS,
    };
    await this.kv.put(`sandbox:lp:code:${code}`, JSON.stringify(grant), SANDBOX_LEGAL_PERSON_CODE_TTL_MS * 2);
    await this.kv.put(`sandbox:lp:ticket:${ticket}`, JSON.stringify({ ...row, status: 'confirmed', code }), SANDBOX_LEGAL_PERSON_TTL_MS);
    return 'ok';
  }

  private async find(ticket: string): Promise<Ticket | null> {
    if (!/^[0-9a-f]{32}$/.test(ticket)) return null;
    const raw = await this.kv.get(`sandbox:lp:ticket:${ticket}`);
    return raw ? (JSON.parse(raw) as Ticket) : null;
  }
}
