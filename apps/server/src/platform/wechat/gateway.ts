/**
 * 微信扫码登录 (WeChat Open Platform, 网站应用微信登录): the platform sends the browser to WeChat's QR
 * page with a `state`; the person scans it with WeChat and confirms; WeChat sends the browser back to
 * the platform with a one-time `code`, which the platform exchanges for the person's openid.
 */
export type WechatIdentity = {
  /** The person's id for this application: the same every time they log in with the same WeChat. */
  openid: string;
  unionid: string | null;
};

/** WeChat refused the code: unknown, already used, or expired (errcode 40029, 40163, 42003). */
export class WechatCodeError extends Error {
  constructor(readonly errcode: number) {
    super(`wechat refused the code (errcode ${errcode})`);
    this.name = 'WechatCodeError';
  }
}

/** WeChat did not answer in time, or answered with an error that is not the code's fault. */
export class WechatUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatUnavailableError';
  }
}

export interface WechatLoginGateway {
  readonly kind: 'sandbox' | 'wechat';
  /** The QR page to send the browser to (open.weixin.qq.com/connect/qrconnect), which returns it to /login/wechat. */
  authorizeUrl(state: string): string;
  /** sns/oauth2/access_token: the code, once, for the person's identity. */
  exchangeCode(code: string): Promise<WechatIdentity>;
}
