import { randomUUID } from 'node:crypto';
import { ACCOUNT_RULES, maskIdNumber, maskMobile, maskName, type IdType, type TLoginRequest, type TMobileChangeRequest, type TPasswordResetRequest, type TRegisterRequest } from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { HashPlace, PasswordHasher } from '../../platform/hasher';
import type { Kv } from '../../platform/kv';
import { blindIndex } from '../../platform/pii/keyring';
import { AccountRepo, type AccountRow, type LoginAccount } from './repo';
import type { SmsCodeService } from './sms-codes';
import { WECHAT_BIND_EXPIRED, type WechatLoginService } from './wechat-login';

/** What the portal may see of an account: masked, never the hash. */
export type AccountView = {
  id: string;
  idType: IdType;
  maskedIdNumber: string;
  maskedName: string;
  maskedMobile: string;
  identityVerified: boolean;
};

export const toAccountView = (a: Pick<AccountRow, 'id' | 'idType' | 'idNumber' | 'realName' | 'mobile' | 'identityVerified'>): AccountView => ({
  id: a.id,
  idType: a.idType as IdType,
  maskedIdNumber: maskIdNumber(a.idNumber),
  maskedName: maskName(a.realName),
  maskedMobile: maskMobile(a.mobile),
  identityVerified: a.identityVerified,
});

const formatLockedUntil = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** How long the failures of an identifier no account has are remembered (an account's, until a login or a lockout). */
const UNKNOWN_FAILURES_TTL_MS = 30 * 24 * 60 * 60_000;
const latest = (dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));
/** An account of a login's identifier that gave a try (`tries`: its count with this login's). */
type Claimed = { account: LoginAccount; tries: number };
/** At login the way out is 忘记密码; a logged-in person at 信息修改 is told only when to try again. */
const lockedError = (until: Date, via: 'login' | 'mobile_change' = 'login') =>
  new AppError(
    423,
    'account/locked',
    via === 'login'
      ? `登录失败次数过多，账号已锁定，请于${formatLockedUntil(until)}后再试，或通过“忘记密码”重置密码`
      : `密码错误次数过多，账号已锁定，请于${formatLockedUntil(until)}后再试`,
    { data: { lockedUntil: until.toISOString() } },
  );

/** The accountant's account: registration, login (binding a WeChat when asked), logout, password reset. */
export class AccountService {
  private readonly repo: AccountRepo;
  /** A login's one statement: its session and event, its count of tries, the browser's previous session ended. */
  private readonly openAtLogin: ReturnType<SessionService['loginStatement']>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly smsCodes: SmsCodeService,
    private readonly captcha: CaptchaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly wechat: WechatLoginService,
    private readonly kv: Kv,
  ) {
    this.repo = new AccountRepo(db);
    this.openAtLogin = sessions.loginStatement('account_login', (d) => [AccountRepo.rightPasswordClause(d)]);
  }

  async register(input: TRegisterRequest, origin: RequestOrigin): Promise<AccountView> {
    // The code first: only a person holding a mobile learns whether an ID number is registered, at one
    // of the code's tries each, so nobody can list who has an account. A taken ID costs one try, not the code.
    const codeId = await this.smsCodes.check(input.mobile, 'register', input.smsCode);
    if (await this.repo.existsIdDocument(input.idType, input.idNumber)) {
      throw new AppError(409, 'account/id_taken', '该证件号码已注册，请直接登录或找回密码', { field: 'idNumber' });
    }
    if (await this.repo.existsMobile(input.mobile)) {
      throw new AppError(409, 'account/mobile_taken', '该手机号已被其他账号使用', { field: 'mobile' });
    }
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        await this.smsCodes.consume(tx, codeId);
        await this.repo.insert(tx, {
          id,
          idType: input.idType,
          idNumber: input.idNumber,
          realName: input.realName,
          mobile: input.mobile,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record(tx, { kind: 'register', accountId: id }, origin);
      });
    } catch (err) {
      // Two registrations raced past the checks above: the unique indexes decide.
      if (isUniqueViolation(err, 'accounts_id_doc_uq')) throw new AppError(409, 'account/id_taken', '该证件号码已注册，请直接登录或找回密码', { field: 'idNumber' });
      if (isUniqueViolation(err, 'accounts_mobile_uq')) throw new AppError(409, 'account/mobile_taken', '该手机号已被其他账号使用', { field: 'mobile' });
      throw err;
    }
    const account = await this.repo.byId(id);
    return toAccountView(account!);
  }

  /**
   * `wechatBindToken`: this browser's cookie from a WeChat scan no account is bound to; used only when
   * the person asks to bind (`wechatBind`), so a WeChat is never bound by a login that did not say so.
   * The session the browser's cookie held (origin.sessionToken) ends with the new one's opening.
   */
  async login(input: TLoginRequest, origin: RequestOrigin, wechatBindToken?: string, given?: HashPlace): Promise<{ account: AccountView; token: string }> {
    // The hasher's place first (the route takes it as the request arrives, `given`): a login it has no room
    // for is refused (429) before its captcha, its database reads or its answer cost anything, so at a peak
    // the CPU goes to the logins it can take. The captcha is not spent by that refusal.
    const place = given ?? this.hasher.reserve();
    try {
      return await this.loginIn(place, input, origin, wechatBindToken);
    } finally {
      if (!given) place.release();
    }
  }

  /** A login's place in the hasher, or null when it has none: the caller answers 429 HASHER_BUSY (PasswordHasher.tryReserve). */
  loginPlace(): HashPlace | null {
    return this.hasher.tryReserve();
  }

  private async loginIn(place: HashPlace, input: TLoginRequest, origin: RequestOrigin, wechatBindToken?: string): Promise<{ account: AccountView; token: string }> {
    // A WeChat waiting to be bound: said before the password is tried, so the person can log in without it.
    const bindToken = input.wechatBind ? wechatBindToken : undefined;
    if (input.wechatBind && !(bindToken && (await this.wechat.pending(bindToken)))) throw new AppError(400, 'wechat/bind_expired', WECHAT_BIND_EXPIRED);
    if (!(await this.captcha.consume(input.captchaId, input.captchaAnswer))) {
      throw new AppError(400, 'captcha/invalid', '验证码错误或已过期，请重新输入', { field: 'captchaAnswer' });
    }
    const now = this.clock.now();
    // Each account of the identifier that is open gives one of its tries before the password is compared
    // (one statement with the read), so however many logins arrive at once, no more passwords are compared
    // than the lockout allows.
    const candidates = await this.repo.claimLoginTries(input.identifier, now, ACCOUNT_RULES.loginMaxFailures);

    if (candidates.length === 0) {
      await this.audit.record(this.db, { kind: 'login_failure', identifier: input.identifier, detail: { reason: 'unknown_account' } }, origin);
      throw await this.unknownIdentifierFailed(input.identifier, input.password, place);
    }
    const claimed = candidates.filter((c): c is Claimed => c.tries !== null);
    if (claimed.length === 0) {
      // Locked, or its tries all taken by logins still comparing: nothing is compared, and the person is
      // told the account is locked (as it will be if those tries fail).
      for (const { account } of candidates) {
        const locked = Boolean(account.lockedUntil && account.lockedUntil > now);
        await this.audit.record(this.db, { kind: 'login_failure', accountId: account.id, detail: { reason: locked ? 'locked' : 'tries_in_use' } }, origin);
      }
      const until = candidates.flatMap(({ account }) => (account.lockedUntil && account.lockedUntil > now ? [account.lockedUntil] : []));
      throw lockedError(until.length > 0 ? latest(until) : new Date(now.getTime() + ACCOUNT_RULES.lockoutMs));
    }
    // A mobile and an ID number of different people could coincide: the password decides, and it is tried
    // against every account of the identifier that gave a try.
    const wrong: Claimed[] = [];
    for (const [i, c] of claimed.entries()) {
      const right = await this.hasher.verify(c.account.passwordHash, input.password, place).catch(async (err: unknown) => {
        // The hasher busy (429) or failing (503) compared nothing: those tries are given back; the
        // passwords already found wrong count.
        await this.repo.refundPasswordTry(claimed.slice(i).map((x) => x.account.id));
        await this.passwordsFailed(wrong, origin);
        throw err;
      });
      if (right) {
        const token = await this.openSession(c, claimed, origin, bindToken);
        return { account: toAccountView(c.account), token };
      }
      wrong.push(c);
    }
    // Each account whose password was tried counts the failure, so no second account of the same
    // identifier can shield the first from its lockout.
    const { mostFailures, lockedNow } = await this.passwordsFailed(wrong, origin);
    // Locked is said when this try locked an account; an account still open beside a locked one counts down.
    if (lockedNow.length > 0) throw lockedError(latest(lockedNow));
    const left = ACCOUNT_RULES.loginMaxFailures - mostFailures;
    throw new AppError(401, 'auth/invalid_credentials', `账号或密码错误，再失败${left}次账号将被锁定`);
  }

  /**
   * The password was right for `c`: its session opens, its tries up to this login's go, and the other
   * accounts of the identifier get back the tries this login took (it was not their password). Most
   * logins are of one account and bind nothing: then the count, the session, its event and the end of
   * the browser's previous session are one prepared statement.
   */
  private async openSession(c: Claimed, claimed: Claimed[], origin: RequestOrigin, bindToken: string | undefined): Promise<string> {
    const others = claimed.filter((x) => x !== c).map((x) => x.account.id);
    try {
      if (others.length === 0 && !bindToken) return await this.openAtLogin(c.account.id, origin, { tries: c.tries });
      return await this.db.transaction(async (tx) => {
        await this.repo.rightPassword(tx, c.account.id, c.tries);
        await this.repo.refundPasswordTry(others, tx);
        await this.audit.record(tx, { kind: 'login_success', accountId: c.account.id }, origin);
        // A WeChat to bind goes in the same transaction as the session.
        if (bindToken) await this.wechat.bind(tx, c.account.id, bindToken, origin);
        return this.sessions.create(tx, 'accountant', c.account.id, origin);
      });
    } catch (err) {
      // No session (the WeChat's wait ran out, the database failed): a right password costs no try.
      await this.repo.refundPasswordTry(claimed.map((x) => x.account.id)).catch(() => {});
      throw err;
    }
  }

  /** The failures of passwords compared and found wrong, each on its account: its event, and its lockout at the limit. */
  private async passwordsFailed(wrong: Claimed[], origin: RequestOrigin): Promise<{ mostFailures: number; lockedNow: Date[] }> {
    let mostFailures = 0;
    const lockedNow: Date[] = [];
    for (const c of wrong) {
      const failure = await this.passwordFailed(c.account.id, origin, 'login', c.tries);
      mostFailures = Math.max(mostFailures, failure.failures);
      if (failure.lockedUntil) lockedNow.push(failure.lockedUntil);
    }
    return { mostFailures, lockedNow };
  }

  /**
   * A login to an identifier no account has answers as an account's wrong password would, counting down to
   * a lockout of the identifier, after a hash of the same cost: nobody learns from the answer, nor from its
   * time, whether an ID number or a mobile has an account. Its tries are taken before the compare as an
   * account's are, so a burst is answered as a burst at an account would be.
   */
  private async unknownIdentifierFailed(identifier: string, password: string, place: HashPlace): Promise<AppError> {
    const max = ACCOUNT_RULES.loginMaxFailures;
    // Keyed by the blind index: the shared store (Redis) keeps no ID number or mobile either.
    const key = blindIndex(identifier);
    const failuresKey = `login:unknown:failures:${key}`;
    const lockKey = `login:unknown:locked:${key}`;
    const giveBack = (n: number) => this.kv.incr(failuresKey, UNKNOWN_FAILURES_TTL_MS, -n);
    // The try first, then the lock: a try taken as the identifier locks sees the lock, and gives it back.
    const tries = await this.kv.incr(failuresKey, UNKNOWN_FAILURES_TTL_MS);
    const lockedUntil = await this.kv.get(lockKey);
    if (lockedUntil || tries > max) {
      await giveBack(1);
      return lockedError(lockedUntil ? new Date(lockedUntil) : new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs));
    }
    await this.hasher.verifyDummy(password, place).catch(async (err: unknown) => {
      await giveBack(1);
      throw err;
    });
    if (tries < max) return new AppError(401, 'auth/invalid_credentials', `账号或密码错误，再失败${max - tries}次账号将被锁定`);
    const until = new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs);
    await this.kv.put(lockKey, until.toISOString(), ACCOUNT_RULES.lockoutMs);
    // The round's tries go with its lockout; tries of the burst still being refused give theirs back themselves.
    await giveBack(max);
    return lockedError(until);
  }

  /**
   * A wrong password for an account, at login or where a logged-in person confirms an action with it: one
   * failure on the account's counter and its event, and at the limit its lockout, in one transaction.
   */
  private async passwordFailed(
    accountId: string,
    origin: RequestOrigin,
    via: 'login' | 'mobile_change',
    /** The count with this try, taken before the compare (claimLoginTries, claimPasswordTry). */
    failures: number,
  ): Promise<{ failures: number; lockedUntil: Date | null }> {
    return this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'login_failure', accountId, detail: { reason: 'password', failures, via } }, origin);
      if (failures < ACCOUNT_RULES.loginMaxFailures) return { failures, lockedUntil: null };
      const lockedUntil = new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs);
      await this.repo.update(tx, accountId, { failedLogins: 0, lockedUntil });
      await this.audit.record(tx, { kind: 'lockout', accountId, detail: { lockedUntil: lockedUntil.toISOString(), via } }, origin);
      return { failures, lockedUntil };
    });
  }

  async logout(subject: { id: string; tokenHash: string }, origin: RequestOrigin): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.sessions.destroy(subject.tokenHash, tx);
      await this.audit.record(tx, { kind: 'logout', accountId: subject.id }, origin);
    });
  }

  /** The applicant's masked identity, for other modules filing review items. */
  async applicant(accountId: string): Promise<{ id: string; maskedName: string; maskedIdNumber: string } | null> {
    const a = await this.repo.byId(accountId);
    return a ? { id: a.id, maskedName: maskName(a.realName), maskedIdNumber: maskIdNumber(a.idNumber) } : null;
  }

  /** Where the platform's notices reach the person: the registration mobile, and the openid of a bound WeChat. */
  async noticeRecipient(accountId: string): Promise<{ mobile: string; wechatOpenid: string | null } | null> {
    const a = await this.repo.byId(accountId);
    if (!a) return null;
    const wechat = await this.repo.wechatOf(accountId);
    return { mobile: a.mobile, wechatOpenid: wechat?.openid ?? null };
  }

  /** The whole identity, for the identity module (never sent to the portal as it is). */
  async identity(accountId: string) {
    const a = await this.repo.byId(accountId);
    return a ? { idType: a.idType as IdType, idNumber: a.idNumber, realName: a.realName, mobile: a.mobile, verified: a.identityVerified, method: a.identityMethod ?? null } : null;
  }

  /** 【点击修改】 before verification; the identity module checks the rule and the state. */
  async setRealName(accountId: string, realName: string): Promise<void> {
    await this.repo.update(this.db, accountId, { realName, updatedAt: this.clock.now() });
  }

  /**
   * Idempotent: an account verified by Alipay while its manual submission waited keeps its first
   * method and date when a reviewer approves the submission later.
   */
  async markIdentityVerified(tx: Tx, accountId: string, method: 'alipay' | 'manual'): Promise<void> {
    const now = this.clock.now();
    await this.repo.markIdentityVerified(tx, accountId, { identityMethod: method, identityVerifiedAt: now, updatedAt: now });
  }

  /** The accounts of a whole ID number, found by its blind index (the console's search by ID number). */
  idsByIdNumber(idNumber: string): Promise<string[]> {
    return this.repo.idsByIdNumber(idNumber);
  }

  /** The accounts of a whole real name, as a subquery the review queue joins within its scope (issue 18). */
  idsByRealNameQuery(name: string) {
    return this.repo.idsByRealNameQuery(name);
  }

  /**
   * Real names of these accounts, for the console's queue: staff in scope see the person's name whole
   * (issue 18); the ids come from items already filtered by the staff member's scope.
   */
  realNames(ids: string[]): Promise<Map<string, string>> {
    return this.repo.realNames([...new Set(ids)]);
  }

  /**
   * The accounts registered with these ID documents, keyed `idType:idNumber`: for an import, which
   * must know whose file a row would reach. Looked up a thousand at a time.
   */
  async idsByIdNumbers(idNumbers: string[]): Promise<string[]> {
    const ids: string[] = [];
    const numbers = [...new Set(idNumbers)];
    for (let i = 0; i < numbers.length; i += 1000) ids.push(...(await this.repo.byIdNumbers(numbers.slice(i, i + 1000))).map((a) => a.id));
    return ids;
  }

  /** The accounts of these ID numbers, whatever their type (score lines name the number alone). */
  async idsByIdDocuments(documents: Array<{ idType: string; idNumber: string }>): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const numbers = [...new Set(documents.map((d) => d.idNumber))];
    for (let i = 0; i < numbers.length; i += 1000) {
      for (const a of await this.repo.byIdNumbers(numbers.slice(i, i + 1000))) found.set(`${a.idType}:${a.idNumber}`, a.id);
    }
    return found;
  }

  /** Sandbox only: the account registered with a mobile. */
  async idByMobile(mobile: string): Promise<string | null> {
    const rows = await this.repo.byIdentifier(mobile);
    return rows.find((r) => r.mobile === mobile)?.id ?? null;
  }

  async current(accountId: string): Promise<AccountView | null> {
    const account = await this.repo.byId(accountId);
    return account ? toAccountView(account) : null;
  }

  /**
   * Before a code goes to a new mobile for 信息修改: a number another account has costs no SMS, and one
   * account may ask only a few times an hour, so the answer cannot serve to list whose numbers are taken.
   */
  async checkNewMobile(accountId: string, mobile: string): Promise<void> {
    const asked = await this.kv.incr(`sms:change_mobile:${accountId}`, ACCOUNT_RULES.smsWindowMs);
    if (asked > ACCOUNT_RULES.mobileChangeCodesPerHour) {
      throw new AppError(429, 'sms/account_limit', '获取验证码过于频繁，请一小时后再试', { field: 'mobile', headers: { 'retry-after': '3600' } });
    }
    if (await this.repo.existsMobile(mobile)) throw new AppError(409, 'account/mobile_taken', '该手机号已被其他账号使用', { field: 'mobile' });
  }

  /**
   * 个人中心 · 信息修改 (seed 003 §9): the registration mobile changes to one proved by its code, after
   * the password; the same number is refused first, at no cost of a hash or a try of the code.
   */
  async changeMobile(subject: { id: string; tokenHash: string }, input: TMobileChangeRequest, origin: RequestOrigin): Promise<AccountView> {
    const account = await this.repo.byId(subject.id);
    if (!account) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (input.mobile === account.mobile) throw new AppError(400, 'account/mobile_same', '新手机号与当前手机号相同', { field: 'mobile' });
    const taken = () => new AppError(409, 'account/mobile_taken', '该手机号已被其他账号使用', { field: 'mobile' });
    // The password here is guarded as at login, and with no captcha to slow a burst, each compare takes its
    // try first: a session is no licence to guess it, five at a time or five hundred.
    const claimed = await this.repo.claimPasswordTry(account.id, this.clock.now(), ACCOUNT_RULES.loginMaxFailures);
    if (claimed === null) {
      const current = await this.repo.byId(account.id);
      throw lockedError(current?.lockedUntil ?? new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs), 'mobile_change');
    }
    // The hasher busy (429) or failing (503) compared nothing: the try is given back.
    const right = await this.hasher.verify(account.passwordHash, input.password).catch(async (err: unknown) => {
      await this.repo.refundPasswordTry(account.id);
      throw err;
    });
    if (!right) {
      const failure = await this.passwordFailed(account.id, origin, 'mobile_change', claimed);
      if (failure.lockedUntil) throw lockedError(failure.lockedUntil, 'mobile_change');
      const left = ACCOUNT_RULES.loginMaxFailures - failure.failures;
      throw new AppError(400, 'account/password_wrong', `登录密码不正确，再失败${left}次账号将被锁定`, { field: 'password' });
    }
    // The password was right: its try is given back, as a login clears the count.
    await this.repo.update(this.db, account.id, { failedLogins: 0 });
    // A number another account has gets no code (checkNewMobile, at 5 asks an hour per account), so here it
    // is refused by the code; the check after it only settles a race.
    const codeId = await this.smsCodes.check(input.mobile, 'change_mobile', input.smsCode);
    if (await this.repo.existsMobile(input.mobile)) throw taken();
    try {
      await this.db.transaction(async (tx) => {
        await this.smsCodes.consume(tx, codeId);
        await this.repo.update(tx, account.id, { mobile: input.mobile, failedLogins: 0, updatedAt: this.clock.now() });
        // The mobile is a login name: the account's other sessions end with the old one.
        await this.sessions.destroyAll(tx, 'accountant', account.id, subject.tokenHash);
        await this.audit.record(tx, { kind: 'mobile_change', accountId: account.id, detail: { from: maskMobile(account.mobile), to: maskMobile(input.mobile) } }, origin);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'accounts_mobile_uq')) throw taken();
      throw err;
    }
    return toAccountView((await this.repo.byId(account.id))!);
  }

  /**
   * Seed 003 §2.2: every field must match the registration, else the reset fails — without
   * saying which field was wrong. A reset ends every session of the account.
   */
  async resetPassword(input: TPasswordResetRequest, origin: RequestOrigin): Promise<void> {
    // The code proves the person holds the mobile; only then do we compare the rest. A refused code is a
    // security event too: guesses at someone's code leave a trace.
    const codeId = await this.smsCodes.check(input.mobile, 'password_reset', input.smsCode).catch(async (err: unknown) => {
      // Only a wrong guess is recorded: those are at most 5 a code, so the trail cannot be flooded.
      if (err instanceof AppError && err.code === 'sms/code_invalid') {
        await this.audit.record(this.db, { kind: 'password_reset', identifier: input.idNumber, detail: { outcome: err.code } }, origin);
      }
      throw err;
    });
    const candidates = await this.repo.byIdNumber(input.idNumber);
    const account = candidates.find((a) => a.realName === input.realName && a.mobile === input.mobile);
    if (!account) {
      await this.audit.record(this.db, { kind: 'password_reset', identifier: input.idNumber, detail: { outcome: 'mismatch' } }, origin);
      throw new AppError(400, 'password_reset/mismatch', '填写的信息与注册信息不一致，重置失败');
    }
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction(async (tx) => {
      await this.smsCodes.consume(tx, codeId);
      await this.repo.update(tx, account.id, { passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: this.clock.now() });
      await this.sessions.destroyAll(tx, 'accountant', account.id);
      await this.audit.record(tx, { kind: 'password_reset', accountId: account.id, detail: { outcome: 'success' } }, origin);
    });
  }
}
