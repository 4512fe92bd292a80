import { WechatCodeError, WechatUnavailableError, type WechatIdentity, type WechatLoginGateway } from './gateway';

/** redirectUri: the platform's /login/wechat, as registered with WeChat (PUBLIC_BASE_URL). */
export type WechatConfig = { appId: string; appSecret: string; authorizeBase: string; apiBase: string; redirectUri: string };

/** errcodes that mean the code itself is no good; anything else is WeChat's trouble. */
const CODE_ERRORS = new Set([40029, 40163, 42003]);

/** The real WeChat Open Platform (网站应用微信登录). */
export class WechatOpenPlatformGateway implements WechatLoginGateway {
  readonly kind = 'wechat' as const;

  constructor(
    private readonly config: WechatConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  authorizeUrl(state: string): string {
    const q = new URLSearchParams({ appid: this.config.appId, redirect_uri: this.config.redirectUri, response_type: 'code', scope: 'snsapi_login', state });
    return `${this.config.authorizeBase}/connect/qrconnect?${q}#wechat_redirect`;
  }

  async exchangeCode(code: string): Promise<WechatIdentity> {
    const q = new URLSearchParams({ appid: this.config.appId, secret: this.config.appSecret, code, grant_type: 'authorization_code' });
    let body: { openid?: unknown; unionid?: unknown; errcode?: unknown; errmsg?: unknown };
    try {
      const res = await this.fetchImpl(`${this.config.apiBase}/sns/oauth2/access_token?${q}`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new WechatUnavailableError(`HTTP ${res.status}`);
      body = (await res.json()) as typeof body;
    } catch (err) {
      if (err instanceof WechatUnavailableError) throw err;
      throw new WechatUnavailableError(err instanceof Error ? err.message : String(err));
    }
    if (typeof body.errcode === 'number' && body.errcode !== 0) {
      if (CODE_ERRORS.has(body.errcode)) throw new WechatCodeError(body.errcode);
      throw new WechatUnavailableError(`errcode ${body.errcode}: ${String(body.errmsg ?? '')}`);
    }
    if (typeof body.openid !== 'string' || !body.openid) throw new WechatUnavailableError('answer without openid');
    return { openid: body.openid, unionid: typeof body.unionid === 'string' && body.unionid ? body.unionid : null };
  }
}
