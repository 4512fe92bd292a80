import type { NoticeTemplateData } from './tables';

/**
 * WeChat 模板消息 (公众号 template message, `cgi-bin/message/template/send`): one message to one
 * openid, on a template the official account registered, with its fields filled in.
 */
export type WechatTemplateMessage = {
  openid: string;
  /** Where tapping the message leads (the portal's 我的办件). */
  url: string | null;
  data: NoticeTemplateData;
};

/** WeChat refused the message or did not answer. `errcode` is WeChat's (43004 不是公众号粉丝, 40003 openid 无效, -1 系统繁忙), null for a network failure. */
export class WechatSendError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
  ) {
    super(message);
    this.name = 'WechatSendError';
  }
}

export interface WechatTemplateSender {
  readonly kind: 'sandbox' | 'wechat';
  send(message: WechatTemplateMessage): Promise<void>;
}

export type WechatMpConfig = { appId: string; appSecret: string; templateId: string; apiBase: string };

/** errcodes that say the access_token is no good (expired, or replaced by a newer one): fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/**
 * The real WeChat official account (公众号) API: an access_token from `cgi-bin/token` (client_credential),
 * kept until five minutes before it expires, then `cgi-bin/message/template/send`. Every process keeps its
 * own token; WeChat allows several valid tokens during the refresh window, and a token refused as expired
 * is replaced once and the message sent again.
 */
export class WechatMpTemplateSender implements WechatTemplateSender {
  readonly kind = 'wechat' as const;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly config: WechatMpConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async send(message: WechatTemplateMessage): Promise<void> {
    const first = await this.post(await this.accessToken(), message);
    if (first === 'token') {
      this.token = null;
      const again = await this.post(await this.accessToken(), message);
      if (again === 'token') throw new WechatSendError('access_token refused twice', 40001);
    }
  }

  private async post(token: string, message: WechatTemplateMessage): Promise<'ok' | 'token'> {
    const payload = {
      touser: message.openid,
      template_id: this.config.templateId,
      ...(message.url ? { url: message.url } : {}),
      data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
    };
    const body = await this.call(`${this.config.apiBase}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode === 0) return 'ok';
    if (TOKEN_ERRORS.has(errcode)) return 'token';
    throw new WechatSendError(`template/send errcode ${errcode}: ${String(body.errmsg ?? '')}`, errcode);
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: this.config.appId, secret: this.config.appSecret });
    const body = await this.call(`${this.config.apiBase}/cgi-bin/token?${q}`, {});
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new WechatSendError(`cgi-bin/token errcode ${String(body.errcode ?? '?')}: ${String(body.errmsg ?? '')}`, typeof body.errcode === 'number' ? body.errcode : null);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    this.token = { value: body.access_token, expiresAt: this.now() + Math.max(60, seconds - 300) * 1000 };
    return this.token.value;
  }

  private async call(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    try {
      const res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new WechatSendError(`HTTP ${res.status}`, null);
      return (await res.json()) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof WechatSendError) throw err;
      throw new WechatSendError(`WeChat unreachable: ${err instanceof Error ? err.message : String(err)}`, null);
    }
  }
}
