import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxAlipayCertifications } from '../tables';
import { AlipayUnavailableError, type AlipayCertifyGateway, type CertifyOutcome, type CertifyStart } from './alipay';

/** A certification not scanned within this time expires, as Alipay's does. */
export const SANDBOX_CERTIFY_TTL_MS = 10 * 60_000;

export type SandboxPhoneAction = 'confirm' | 'mismatch' | 'cancel' | 'timeout';

/**
 * Behaves like Alipay: it refuses an initialisation without a name or a well-formed number, keeps
 * each certification until it expires, and answers queries with what "the phone" did: the 沙箱
 * page acts as the person's phone (confirm, an Alipay account of someone else, cancel) and can make
 * the service stop answering (timeout), so every branch of the platform can be tried.
 */
export class SandboxAlipayGateway implements AlipayCertifyGateway {
  readonly kind = 'sandbox' as const;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly publicBaseUrl: string,
  ) {}

  async initialize(input: CertifyStart): Promise<{ certifyId: string }> {
    if (!input.certName.trim() || !/^[0-9A-Z]{5,18}$/.test(input.certNo) || !input.outerOrderNo) {
      throw new AlipayUnavailableError('isv.INVALID-PARAMETER');
    }
    const certifyId = randomUUID().replace(/-/g, '');
    const now = this.clock.now();
    await this.db.insert(sandboxAlipayCertifications).values({
      certifyId,
      outerOrderNo: input.outerOrderNo,
      certName: input.certName,
      certNo: input.certNo,
      state: 'INIT',
      createdAt: now,
      expiresAt: new Date(now.getTime() + SANDBOX_CERTIFY_TTL_MS),
    });
    return { certifyId };
  }

  async certifyUrl(certifyId: string): Promise<string> {
    return `${this.publicBaseUrl}/sandbox/alipay/${certifyId}`;
  }

  async query(certifyId: string): Promise<CertifyOutcome> {
    const row = await this.find(certifyId);
    if (!row) throw new AlipayUnavailableError('isv.CERTIFY_ID_NOT_EXIST');
    if (row.timeout) throw new AlipayUnavailableError('timeout');
    if (row.state === 'PASSED') {
      // Alipay certifies the person holding the phone; a "mismatch" is an account of someone else.
      return row.mismatch ? { state: 'failed', reason: 'mismatch' } : { state: 'passed' };
    }
    if (row.state === 'CANCELLED') return { state: 'failed', reason: 'cancelled' };
    if (row.expiresAt <= this.clock.now()) return { state: 'failed', reason: 'expired' };
    return { state: 'pending' };
  }

  // ---- the phone's side, for the 沙箱 page ----

  find(certifyId: string) {
    if (!/^[0-9a-f]{32}$/.test(certifyId)) return Promise.resolve(undefined);
    return this.db
      .select()
      .from(sandboxAlipayCertifications)
      .where(eq(sandboxAlipayCertifications.certifyId, certifyId))
      .then((r) => r[0]);
  }

  /** What the person does on their phone after scanning. Returns false for unknown or expired ids. */
  async act(certifyId: string, action: SandboxPhoneAction): Promise<boolean> {
    const row = await this.find(certifyId);
    if (!row || row.state !== 'INIT' || row.expiresAt <= this.clock.now()) return false;
    const set =
      action === 'confirm'
        ? { state: 'PASSED' }
        : action === 'mismatch'
          ? { state: 'PASSED', mismatch: true }
          : action === 'cancel'
            ? { state: 'CANCELLED' }
            : { timeout: true };
    await this.db.update(sandboxAlipayCertifications).set(set).where(eq(sandboxAlipayCertifications.certifyId, certifyId));
    return true;
  }
}
