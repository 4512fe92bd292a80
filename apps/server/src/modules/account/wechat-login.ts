import { randomBytes } from 'node:crypto';
import { ACCOUNT_RULES, type TWechatLoginRequest } from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { Kv } from '../../platform/kv';
import { WechatCodeError, WechatUnavailableError, type WechatIdentity, type WechatLoginGateway } from '../../platform/wechat/gateway';
import { AccountRepo, type AccountRow } from './repo';

const stateKey = (state: string) => `wechat:state:${state}`;
const bindKey = (token: string) => `wechat:bind:${token}`;

export const WECHAT_BIND_EXPIRED = '微信绑定已超时，请重新扫码，或直接登录（不绑定微信）';

export type WechatLoginOutcome =
  | { status: 'logged_in'; account: AccountRow; token: string }
  /** Started from 个人中心 · 微信绑定 by a logged-in accountant: the WeChat is now theirs. */
  | { status: 'bound' }
  /** No account has this WeChat yet: one login by ID number or mobile and password binds it. */
  | { status: 'bind_required'; bindToken: string; expiresAt: Date };

/**
 * 微信扫码登录 (seed 002 §3.1). The state WeChat carries back must be the one this browser was
 * given (a cookie) and unused, so nobody can log a victim's browser into the attacker's account.
 * A WeChat already bound logs in at once; otherwise the person logs in once by password and the
 * WeChat is bound in the same transaction as that session.
 */
export class WechatLoginService {
  private readonly repo: AccountRepo;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly kv: Kv,
    private readonly gateway: WechatLoginGateway,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
  ) {
    this.repo = new AccountRepo(db);
  }

  /**
   * A fresh state, and the WeChat QR page that will bring it back. `bindTo`: the logged-in account
   * that asked, from 个人中心, to bind (or change) its WeChat; the state remembers it.
   */
  async start(bindTo?: string): Promise<{ state: string; authorizeUrl: string }> {
    const state = randomBytes(16).toString('hex');
    await this.kv.put(stateKey(state), bindTo ? `bind:${bindTo}` : 'login', ACCOUNT_RULES.wechatStateTtlMs);
    return { state, authorizeUrl: this.gateway.authorizeUrl(state) };
  }

  /** `currentAccountId`: the accountant this browser is logged in as, if any. */
  async complete(input: TWechatLoginRequest, browserState: string | undefined, currentAccountId: string | null, origin: RequestOrigin): Promise<WechatLoginOutcome> {
    const purpose = browserState && browserState === input.state ? await this.kv.take(stateKey(input.state)) : null;
    if (!purpose) throw new AppError(400, 'wechat/state_invalid', '微信登录已失效，请回到登录页重新扫码');
    if (purpose.startsWith('bind:')) {
      const accountId = purpose.slice('bind:'.length);
      // The binding was asked for by a session that has ended since, or by another account.
      if (accountId !== currentAccountId) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
      const identity = await this.exchange(input.code);
      await this.db.transaction(async (tx) => {
        await this.bindIdentity(tx, accountId, identity);
        await this.audit.record(tx, { kind: 'wechat_bind', accountId, detail: { from: 'personal_center' } }, origin);
      });
      return { status: 'bound' };
    }
    const identity = await this.exchange(input.code);
    const account = await this.repo.byWechatOpenid(identity.openid);
    if (!account) {
      const bindToken = randomBytes(24).toString('base64url');
      await this.kv.put(bindKey(bindToken), JSON.stringify(identity), ACCOUNT_RULES.wechatBindTtlMs);
      await this.audit.record(this.db, { kind: 'login_failure', detail: { reason: 'wechat_unbound' } }, origin);
      return { status: 'bind_required', bindToken, expiresAt: new Date(this.clock.now().getTime() + ACCOUNT_RULES.wechatBindTtlMs) };
    }
    // WeChat is a factor of its own: a lockout after wrong passwords does not stop it.
    const token = await this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'login_success', accountId: account.id, detail: { method: 'wechat' } }, origin);
      return this.sessions.create(tx, 'accountant', account.id, origin);
    });
    return { status: 'logged_in', account, token };
  }

  /** The WeChat waiting for a password login to bind it, or null once it has expired. */
  async pending(bindToken: string): Promise<WechatIdentity | null> {
    const raw = await this.kv.get(bindKey(bindToken));
    return raw ? (JSON.parse(raw) as WechatIdentity) : null;
  }

  /** Binds the waiting WeChat to the account, inside the transaction of the login's session. */
  async bind(tx: Tx, accountId: string, bindToken: string, origin: RequestOrigin): Promise<void> {
    const raw = await this.kv.take(bindKey(bindToken));
    if (!raw) throw new AppError(400, 'wechat/bind_expired', WECHAT_BIND_EXPIRED);
    // The whole login's transaction is rolled back if this fails: no session without the binding asked for.
    await this.bindIdentity(tx, accountId, JSON.parse(raw) as WechatIdentity);
    await this.audit.record(tx, { kind: 'wechat_bind', accountId, detail: { from: 'login' } }, origin);
  }

  /** 个人中心 · 微信绑定: whether a WeChat is bound, and since when. */
  async binding(accountId: string): Promise<{ bound: boolean; boundAt: Date | null }> {
    const row = await this.repo.wechatOf(accountId);
    return { bound: !!row, boundAt: row?.boundAt ?? null };
  }

  /** 解绑: WeChat no longer logs in to the account. */
  async unbind(accountId: string, origin: RequestOrigin): Promise<void> {
    await this.db.transaction(async (tx) => {
      const removed = await this.repo.unbindWechat(tx, accountId);
      if (removed === 0) throw new AppError(409, 'wechat/not_bound', '尚未绑定微信，无需解绑');
      await this.audit.record(tx, { kind: 'wechat_unbind', accountId }, origin);
    });
  }

  private async bindIdentity(tx: Tx, accountId: string, identity: WechatIdentity): Promise<void> {
    try {
      await this.repo.bindWechat(tx, accountId, identity, this.clock.now());
    } catch (err) {
      if (isUniqueViolation(err, 'account_wechat_openid_uq')) throw new AppError(409, 'wechat/taken', '该微信已绑定其他账号，请使用该账号登录，或换一个微信扫码');
      throw err;
    }
  }

  private async exchange(code: string): Promise<WechatIdentity> {
    try {
      return await this.gateway.exchangeCode(code);
    } catch (err) {
      if (err instanceof WechatCodeError) throw new AppError(400, 'wechat/code_invalid', '微信授权已失效，请回到登录页重新扫码');
      if (err instanceof WechatUnavailableError) {
        throw new AppError(503, 'wechat/unavailable', '微信服务暂时无法访问，请稍后重试，或使用证件号码/手机号登录');
      }
      throw err;
    }
  }
}
