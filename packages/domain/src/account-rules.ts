/**
 * The account rules, in one place for the form and the server.
 * Seed 003 §1.1: 手机短信验证码在 3 分钟内有效，且每 3 分钟只能发送一次验证码.
 */
export const ACCOUNT_RULES = {
  smsCodeLength: 6,
  smsCodeTtlMs: 180_000,
  smsResendIntervalMs: 180_000,
  /** Wrong tries before a code is burnt. */
  smsMaxAttempts: 5,
  /** The window of the hourly SMS limits below. */
  smsWindowMs: 60 * 60_000,
  /** Codes one IP address may ask for in an hour. */
  smsPerIpPerHour: 20,
  /** Codes of one purpose one mobile may be sent in an hour. */
  smsPerMobilePerHour: 10,
  /** Codes one account may ask for in an hour to change its mobile (个人中心 · 信息修改). */
  mobileChangeCodesPerHour: 5,
  /** Failed logins before the account is locked, and for how long. */
  loginMaxFailures: 5,
  lockoutMs: 15 * 60_000,
  /** A session ends after this long without a request. */
  sessionIdleMs: 30 * 60_000,
  /** However busy, a session ends this long after its login: a browser left open is not a login for ever. */
  sessionMaxAgeMs: 12 * 60 * 60_000,
  captchaTtlMs: 5 * 60_000,
  /**
   * Image captchas one IP address may draw a minute. A person draws one per look at a login page and one
   * per try; an office behind one address draws many more at a peak, so the limit is far above a person's
   * need and far below a script's (18,618 in 10 s were drawn from one address before there was a limit).
   */
  captchasPerIpPerMinute: 60,
  /**
   * 微信扫码登录 (seed 002 §3.1): the QR page's state is good this long, and so is the WeChat
   * identity waiting to be bound to an account by one password login.
   */
  wechatStateTtlMs: 10 * 60_000,
  wechatBindTtlMs: 10 * 60_000,
} as const;
