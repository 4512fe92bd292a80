import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxWechatAuthorizations } from '../tables';
import { WechatCodeError, WechatUnavailableError, type WechatIdentity, type WechatLoginGateway } from './gateway';

/** A QR code not confirmed within this time expires, as WeChat's does (二维码已失效). */
export const SANDBOX_WECHAT_QR_TTL_MS = 5 * 60_000;
/** WeChat: "code 的超时时间为 10 分钟，一个 code 只能成功换取一次 access_token 即失效". */
export const SANDBOX_WECHAT_CODE_TTL_MS = 10 * 60_000;

export type SandboxWechatAction = { action: 'confirm'; wechatId: string } | { action: 'cancel' } | { action: 'unavailable'; wechatId: string };

/** The openid WeChat gives a WeChat account for this application: stable, 28 characters, opaque. */
export const sandboxOpenid = (wechatId: string) => `o${createHash('sha256').update(`ausm-sandbox:${wechatId}`).digest('base64url').slice(0, 27)}`;

/**
 * Behaves like WeChat's website login: a QR page per state, which "the phone" (the 沙箱 page)
 * confirms as a WeChat account of the tester's choosing, or cancels; a confirmation sends the
 * browser back with a code that can be exchanged once, within 10 minutes, for the openid. It can
 * also stop answering the exchange (unavailable), so every branch of the platform can be tried.
 */
export class SandboxWechatGateway implements WechatLoginGateway {
  readonly kind = 'sandbox' as const;

  /**
   * Both addresses are paths on the platform's own origin, whatever name the browser reached it by
   * (localhost, 127.0.0.1): the state cookie must come back to the host that set it.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly redirectUri = '/login/wechat',
  ) {}

  authorizeUrl(state: string): string {
    const q = new URLSearchParams({ appid: 'wxsandbox', redirect_uri: this.redirectUri, response_type: 'code', scope: 'snsapi_login', state });
    return `/sandbox/wechat/qrconnect?${q}`;
  }

  async exchangeCode(code: string): Promise<WechatIdentity> {
    const [row] = /^[0-9a-f]{32}$/.test(code)
      ? await this.db.select().from(sandboxWechatAuthorizations).where(eq(sandboxWechatAuthorizations.code, code))
      : [];
    if (!row || !row.openid) throw new WechatCodeError(40029);
    if (row.unavailable) throw new WechatUnavailableError('sandbox: WeChat is not answering');
    if (row.codeUsed) throw new WechatCodeError(40163);
    if (!row.codeExpiresAt || row.codeExpiresAt <= this.clock.now()) throw new WechatCodeError(42003);
    // Used in the same statement that checks it: of two exchanges at once, only one gets the openid.
    const used = await this.db
      .update(sandboxWechatAuthorizations)
      .set({ codeUsed: true })
      .where(and(eq(sandboxWechatAuthorizations.ticket, row.ticket), eq(sandboxWechatAuthorizations.codeUsed, false)))
      .returning({ ticket: sandboxWechatAuthorizations.ticket });
    if (used.length === 0) throw new WechatCodeError(40163);
    return { openid: row.openid, unionid: null };
  }

  // ---- WeChat's QR page and the phone, for the 沙箱 pages ----

  /** The QR page opens: a new ticket for this state and return address. */
  async open(state: string, redirectUri: string): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(16).toString('hex');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SANDBOX_WECHAT_QR_TTL_MS);
    await this.db.insert(sandboxWechatAuthorizations).values({ ticket, state, redirectUri, status: 'waiting', createdAt: now, expiresAt });
    return { ticket, expiresAt };
  }

  /** What the QR page and the phone show; `redirect` once confirmed (where WeChat sends the browser). */
  async view(ticket: string) {
    const row = await this.find(ticket);
    if (!row) return null;
    const expired = row.status === 'waiting' && row.expiresAt <= this.clock.now();
    const redirect =
      row.status === 'confirmed' && row.code ? `${row.redirectUri}${row.redirectUri.includes('?') ? '&' : '?'}${new URLSearchParams({ code: row.code, state: row.state })}` : null;
    return { ticket, status: expired ? ('expired' as const) : (row.status as 'waiting' | 'confirmed' | 'cancelled'), expiresAt: row.expiresAt, redirect };
  }

  /** What the person does on the phone after scanning. False for an unknown, decided or expired ticket. */
  async act(ticket: string, act: SandboxWechatAction): Promise<boolean> {
    const row = await this.find(ticket);
    const now = this.clock.now();
    if (!row || row.status !== 'waiting' || row.expiresAt <= now) return false;
    const set =
      act.action === 'cancel'
        ? { status: 'cancelled' }
        : {
            status: 'confirmed',
            wechatId: act.wechatId,
            openid: sandboxOpenid(act.wechatId),
            code: randomBytes(16).toString('hex'),
            codeExpiresAt: new Date(now.getTime() + SANDBOX_WECHAT_CODE_TTL_MS),
            unavailable: act.action === 'unavailable',
          };
    await this.db.update(sandboxWechatAuthorizations).set(set).where(eq(sandboxWechatAuthorizations.ticket, ticket));
    return true;
  }

  private async find(ticket: string) {
    if (!/^[0-9a-f]{32}$/.test(ticket)) return undefined;
    const [row] = await this.db.select().from(sandboxWechatAuthorizations).where(eq(sandboxWechatAuthorizations.ticket, ticket));
    return row;
  }
}
