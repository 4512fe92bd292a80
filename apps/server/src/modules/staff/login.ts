import { createHash, randomBytes } from 'node:crypto';
import { ACCOUNT_RULES, STAFF_RULES, type StaffTotpPolicy } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditActor, AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/hasher';
import { generateTotpSecret, isTotpSecret, otpauthUrl, verifyTotp } from '../../platform/totp';
import type { StaffRepo, StaffRow } from './repo';
import type { StaffView } from './service';

export type StaffLoginResult =
  | { step: 'done'; token: string; staff: StaffView }
  | { step: 'totp'; pendingToken: string }
  | { step: 'totp_enroll'; pendingToken: string; secret: string; otpauthUrl: string };

const formatLockedUntil = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

const lockedError = (until: Date, field?: string) =>
  new AppError(423, 'account/locked', `登录失败次数过多，账号已锁定，请于${formatLockedUntil(until)}后再试`, {
    field,
    data: { lockedUntil: until.toISOString() },
  });

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const loginExpired = () => new AppError(401, 'auth/mfa_expired', '登录已超时，请重新登录');
const identifier = (row: StaffRow) => `staff:${row.username}`;
const actorOf = (row: Pick<StaffRow, 'id' | 'username'>): AuditActor => ({ staffId: row.id, username: row.username });

/**
 * 财政用户 sign-in: password and captcha, then the 动态口令 (TOTP) where one is required or enrolled, and
 * 修改密码. Every password compare and every code compare takes its try first, in one conditional update,
 * so a burst of requests compares no more than the limits allow.
 */
export class StaffLoginService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly repo: StaffRepo,
    private readonly view: (row: StaffRow) => Promise<StaffView>,
    private readonly totpPolicy: StaffTotpPolicy,
  ) {}

  /** True when the staff member must give a second factor: everyone under STAFF_TOTP=required. */
  totpRequiredFor(row: Pick<StaffRow, 'totpRequired'>): boolean {
    return this.totpPolicy === 'required' || row.totpRequired;
  }

  async login(input: { username: string; password: string; captchaId: string; captchaAnswer: string }, origin: RequestOrigin): Promise<StaffLoginResult> {
    if (!(await this.captcha.consume(input.captchaId, input.captchaAnswer))) {
      throw new AppError(400, 'captcha/invalid', '验证码错误或已过期，请重新输入', { field: 'captchaAnswer' });
    }
    const row = await this.repo.byUsername(input.username);
    if (!row || row.disabled) {
      await this.hasher.verifyDummy(input.password);
      await this.audit.record(this.db, { kind: 'login_failure', identifier: `staff:${input.username}`, subjectStaffId: row?.id ?? null, detail: { reason: row ? 'disabled' : 'unknown' } }, origin);
      throw new AppError(401, 'auth/invalid_credentials', '用户名或密码错误');
    }
    await this.checkPassword(row, input.password, origin, 'login');

    if (this.totpRequiredFor(row) || row.totpSecret) {
      // The password is right; a short-lived pending login waits for the second factor. It is no session:
      // nothing but the code step accepts its token.
      const now = this.clock.now();
      await this.repo.deleteStaleChallenges(row.id, new Date(now.getTime() - STAFF_RULES.totpLoginTtlMs));
      const pendingToken = randomBytes(32).toString('base64url');
      // Enrolment: the secret stays with this pending login until a code proves the person's app holds it.
      const secret = row.totpSecret ? null : generateTotpSecret();
      await this.repo.createChallenge({ tokenHash: hashToken(pendingToken), staffId: row.id, secret, attempts: 0, createdAt: now });
      if (secret) return { step: 'totp_enroll', pendingToken, secret, otpauthUrl: otpauthUrl(secret, row.username) };
      return { step: 'totp', pendingToken };
    }
    const token = await this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'login_success', identifier: identifier(row), actor: actorOf(row), subjectStaffId: row.id, detail: { staffId: row.id } }, origin);
      return this.sessions.create(tx, 'staff', row.id, origin);
    });
    return { step: 'done', token, staff: await this.view(row) };
  }

  /**
   * The password of a login or of 修改密码, guarded alike: the try is taken before the compare, given back
   * when the hasher compared nothing (busy or failed), and the fifth wrong one locks the staff member.
   */
  private async checkPassword(row: StaffRow, password: string, origin: RequestOrigin, via: 'login' | 'password_change'): Promise<void> {
    const field = via === 'password_change' ? 'oldPassword' : undefined;
    const claimed = await this.repo.claimPasswordTry(row.id, this.clock.now(), ACCOUNT_RULES.loginMaxFailures);
    if (claimed === null) {
      await this.audit.record(this.db, { kind: 'login_failure', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, reason: 'locked', via } }, origin);
      const current = await this.repo.byId(row.id);
      throw lockedError(current?.lockedUntil ?? new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs), field);
    }
    const right = await this.hasher.verify(row.passwordHash, password).catch(async (err: unknown) => {
      await this.repo.refundPasswordTry(row.id);
      throw err;
    });
    if (right) {
      // Its try is given back, as a finished login clears the count: a login waiting for its code, or one
      // never finished, must not count against the staff member.
      await this.repo.update(this.db, row.id, { failedLogins: 0 });
      return;
    }
    const lockedUntil = await this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'login_failure', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, reason: 'password', failures: claimed, via } }, origin);
      if (claimed < ACCOUNT_RULES.loginMaxFailures) return null;
      const until = new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs);
      await this.repo.update(tx, row.id, { failedLogins: 0, lockedUntil: until });
      await this.audit.record(tx, { kind: 'lockout', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, lockedUntil: until.toISOString(), via } }, origin);
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil, field);
    const left = ACCOUNT_RULES.loginMaxFailures - claimed;
    if (via === 'password_change') {
      throw new AppError(400, 'staff/password_wrong', `原密码不正确，再失败${left}次账号将被锁定`, { field });
    }
    throw new AppError(401, 'auth/invalid_credentials', `用户名或密码错误，再失败${left}次账号将被锁定`);
  }

  /**
   * Second step: the TOTP code (and, at first use, the proof that the person's app holds the secret just
   * shown). A pending login has STAFF_RULES.totpTriesPerLogin tries, then the person starts over; wrong codes
   * across logins lock the staff member at STAFF_RULES.totpMaxFailures. A code of a time step already used
   * is refused.
   */
  async loginTotp(input: { pendingToken: string; code: string }, origin: RequestOrigin): Promise<StaffLoginResult> {
    const tokenHash = hashToken(input.pendingToken);
    const challenge = await this.repo.challenge(tokenHash);
    if (!challenge) throw loginExpired();
    const now = this.clock.now();
    if (now.getTime() - challenge.createdAt.getTime() > STAFF_RULES.totpLoginTtlMs) {
      await this.repo.deleteChallenge(tokenHash);
      throw loginExpired();
    }
    const row = await this.repo.byId(challenge.staffId);
    if (!row || row.disabled) {
      await this.repo.deleteChallenge(tokenHash);
      throw loginExpired();
    }
    const secret = row.totpSecret ?? challenge.secret;
    if (!secret || !isTotpSecret(secret)) {
      await this.repo.deleteChallenge(tokenHash);
      throw loginExpired();
    }

    // Both tries are taken before the code is compared.
    const tried = await this.repo.claimChallengeTry(tokenHash, STAFF_RULES.totpTriesPerLogin);
    if (tried === null) {
      await this.repo.deleteChallenge(tokenHash);
      throw new AppError(401, 'auth/mfa_exhausted', '动态口令错误次数过多，请重新登录');
    }
    const failures = await this.repo.claimTotpTry(row.id, now, STAFF_RULES.totpMaxFailures);
    if (failures === null) {
      await this.repo.deleteChallenge(tokenHash);
      await this.audit.record(this.db, { kind: 'login_failure', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, reason: 'locked', via: 'totp' } }, origin);
      const current = await this.repo.byId(row.id);
      throw lockedError(current?.lockedUntil ?? new Date(now.getTime() + ACCOUNT_RULES.lockoutMs));
    }

    const step = verifyTotp(secret, input.code, now);
    if (step === null) return this.totpFailed(row, tokenHash, tried, failures, origin);

    const enrolled = !row.totpSecret;
    const token = await this.db.transaction(async (tx) => {
      // One code, one login: a second request with it (or a replay later) finds the step taken.
      if (!(await this.repo.acceptTotpStep(tx, row.id, step, secret))) return null;
      if (!(await this.repo.deleteChallenge(tokenHash, tx))) throw loginExpired();
      if (enrolled) await this.audit.record(tx, { kind: 'totp_enroll', identifier: identifier(row), actor: actorOf(row), subjectStaffId: row.id, detail: { staffId: row.id } }, origin);
      await this.audit.record(tx, { kind: 'login_success', identifier: identifier(row), actor: actorOf(row), subjectStaffId: row.id, detail: { staffId: row.id, via: 'totp' } }, origin);
      return this.sessions.create(tx, 'staff', row.id, origin);
    });
    if (token === null) {
      const left = Math.min(STAFF_RULES.totpTriesPerLogin - tried, STAFF_RULES.totpMaxFailures - failures);
      throw new AppError(400, 'auth/totp_replayed', `该动态口令已使用，请等待App显示新的口令后输入（还可尝试${left}次）`, { field: 'code' });
    }
    return { step: 'done', token, staff: await this.view({ ...row, totpSecret: secret }) };
  }

  private async totpFailed(row: StaffRow, tokenHash: string, tried: number, failures: number, origin: RequestOrigin): Promise<never> {
    const lockedUntil = await this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'login_failure', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, reason: 'totp', failures } }, origin);
      if (failures < STAFF_RULES.totpMaxFailures) return null;
      const until = new Date(this.clock.now().getTime() + ACCOUNT_RULES.lockoutMs);
      await this.repo.update(tx, row.id, { totpFailures: 0, lockedUntil: until });
      await this.repo.deleteChallengesOf(row.id, tx);
      await this.audit.record(tx, { kind: 'lockout', identifier: identifier(row), subjectStaffId: row.id, detail: { staffId: row.id, lockedUntil: until.toISOString(), via: 'totp' } }, origin);
      return until;
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    if (tried >= STAFF_RULES.totpTriesPerLogin) {
      await this.repo.deleteChallenge(tokenHash);
      throw new AppError(401, 'auth/mfa_exhausted', '动态口令错误次数过多，请重新登录');
    }
    const left = Math.min(STAFF_RULES.totpTriesPerLogin - tried, STAFF_RULES.totpMaxFailures - failures);
    throw new AppError(400, 'auth/totp_invalid', `动态口令错误，还可尝试${left}次`, { field: 'code' });
  }

  /**
   * 修改密码: the staff member's own, with the old password (guarded as at login). The new password ends
   * every other session of the staff member and lifts the must-change flag an administrator's password set.
   */
  async changePassword(subject: { id: string; tokenHash: string }, input: { oldPassword: string; password: string }, origin: RequestOrigin): Promise<StaffView> {
    const row = await this.repo.byId(subject.id);
    if (!row || row.disabled) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    await this.checkPassword(row, input.oldPassword, origin, 'password_change');
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.repo.update(tx, row.id, { passwordHash, mustChangePassword: false, failedLogins: 0, lockedUntil: null, updatedAt: now });
      await this.sessions.destroyAll(tx, 'staff', row.id, subject.tokenHash);
      await this.audit.record(tx, { kind: 'password_change', identifier: identifier(row), actor: actorOf(row), subjectStaffId: row.id, detail: { staffId: row.id, forced: row.mustChangePassword } }, origin);
    });
    return this.view({ ...row, mustChangePassword: false });
  }

  async logout(subject: { id: string; tokenHash: string }, origin: RequestOrigin): Promise<void> {
    const row = await this.repo.byId(subject.id);
    await this.db.transaction(async (tx) => {
      await this.sessions.destroy(subject.tokenHash, tx);
      await this.audit.record(tx, { kind: 'logout', actor: row ? actorOf(row) : null, subjectStaffId: subject.id, detail: { staffId: subject.id } }, origin);
    });
  }
}
