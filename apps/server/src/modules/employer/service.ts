import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { ACCOUNT_RULES, EMPLOYER_STATUSES, maskMobile, maskName, type EmployerStatus, type TEmployerLogin, type TEmployerPasswordReset, type TEmployerRegister, type TEmployerSubmit } from '@ausm/domain';
import { isUniqueViolation, isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/hasher';
import type { Kv } from '../../platform/kv';
import { LegalPersonCodeError, LegalPersonUnavailableError, type LegalPersonGateway } from '../../platform/legal-person/gateway';
import { blindIndex } from '../../platform/pii/keyring';
import type { ReviewEngine, ReviewKindHandler } from '../../platform/review/engine';
import type { SmsCodeService } from '../account';
import type { AuthorityService } from '../authority';
import { regionName } from '../collection/regions';
import type { FileService } from '../files';
import { employers, type EmployerRow } from './tables';

/** The review engine's kind of a 单位法人用户注册. */
export const EMPLOYER_REGISTRATION_KIND = 'employer_registration';
const LICENSE_LABEL = '营业执照（法人登记证书）';
const LEGAL_PERSON_STATE_TTL_MS = 10 * 60_000;

export type EmployerView = {
  id: string;
  uscc: string;
  unitName: string;
  agentName: string;
  agentMobileMasked: string;
  status: EmployerStatus;
  statusLabel: string;
  opinion: string | null;
  address: { provinceId: string; cityId: string; countyId: string | null; regionName: string; detail: string } | null;
  authorityName: string | null;
  licenseFileId: string | null;
  /** Only an approved employer manages its staff and files continuing education. */
  canAct: boolean;
};

const notApproved = () => new AppError(403, 'employer/not_approved', '单位法人用户审核通过后才能办理此业务');
const formatLockedUntil = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/**
 * 单位法人用户 (issue 26; docs/decisions/0023-employer-accounts.md): registration proved by an SMS code to the
 * 经办人, 营业执照 and address submitted for review by the authority of the address, login by 统一社会信用代码
 * and password or through the 政务服务平台 法人登录. The session is of its own kind (`employer`): it opens
 * no accountant's route, and an accountant's session opens none of these.
 */
export class EmployerService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly smsCodes: SmsCodeService,
    private readonly captcha: CaptchaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly kv: Kv,
    private readonly legalPerson: LegalPersonGateway,
  ) {}

  // ---- registration and login ----

  sendCode(mobile: string, ip: string | null) {
    return this.smsCodes.send(mobile, 'employer_register', ip);
  }

  /** 注册: the code first (only the holder of the mobile learns whether the unit is registered), then the row and a session. */
  async register(input: TEmployerRegister, origin: RequestOrigin): Promise<{ employer: EmployerView; token: string }> {
    const codeId = await this.smsCodes.check(input.agentMobile, 'employer_register', input.smsCode);
    const taken = () => new AppError(409, 'employer/uscc_taken', '该统一社会信用代码已注册单位法人用户，请直接登录', { field: 'uscc' });
    if (await this.byUscc(input.uscc)) throw taken();
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    const id = randomUUID();
    let token: string;
    try {
      token = await this.db.transaction(async (tx) => {
        await this.smsCodes.consume(tx, codeId);
        await tx.insert(employers).values({
          id,
          uscc: input.uscc,
          unitName: input.unitName,
          agentName: input.agentName,
          agentMobile: input.agentMobile,
          agentMobileIndex: blindIndex(input.agentMobile),
          passwordHash,
          status: 'draft',
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record(tx, { kind: 'employer_register', detail: { employerId: id, uscc: input.uscc } }, origin);
        return this.sessions.create(tx, 'employer', id, origin);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'employers_uscc_uq')) throw taken();
      throw err;
    }
    return { employer: await this.view(id), token };
  }

  /** 单位登录 by 统一社会信用代码 and password: the captcha, then 5 tries before a 15-minute lock, as a person's login. */
  async login(input: TEmployerLogin, origin: RequestOrigin): Promise<{ employer: EmployerView; token: string }> {
    if (!(await this.captcha.consume(input.captchaId, input.captchaAnswer))) {
      throw new AppError(400, 'captcha/invalid', '验证码错误或已过期，请重新输入', { field: 'captchaAnswer' });
    }
    const now = this.clock.now();
    const wrong = () => new AppError(401, 'auth/invalid_credentials', '统一社会信用代码或密码错误');
    const row = await this.byUscc(input.uscc);
    if (!row) {
      await this.hasher.verifyDummy(input.password);
      await this.audit.record(this.db, { kind: 'login_failure', identifier: `employer:${input.uscc}`, detail: { reason: 'unknown_employer' } }, origin);
      throw wrong();
    }
    if (row.lockedUntil && row.lockedUntil > now) throw locked(row.lockedUntil);
    // The try is taken before the password is compared: however many logins arrive at once, no more are compared than allowed.
    const [tried] = await this.db
      .update(employers)
      .set({ failedLogins: sql`${employers.failedLogins} + 1` })
      .where(and(eq(employers.id, row.id), sql`${employers.failedLogins} < ${ACCOUNT_RULES.loginMaxFailures}`))
      .returning({ failedLogins: employers.failedLogins });
    if (!tried) throw locked(row.lockedUntil ?? new Date(now.getTime() + ACCOUNT_RULES.lockoutMs));
    if (!(await this.hasher.verify(row.passwordHash, input.password))) {
      const left = ACCOUNT_RULES.loginMaxFailures - tried.failedLogins;
      await this.audit.record(this.db, { kind: 'login_failure', identifier: `employer:${row.uscc}`, detail: { reason: 'password', employerId: row.id } }, origin);
      if (left <= 0) {
        const until = new Date(now.getTime() + ACCOUNT_RULES.lockoutMs);
        await this.db.update(employers).set({ lockedUntil: until, failedLogins: 0 }).where(eq(employers.id, row.id));
        throw locked(until);
      }
      throw new AppError(401, 'auth/invalid_credentials', `统一社会信用代码或密码错误，再失败${left}次账号将被锁定`);
    }
    const token = await this.db.transaction(async (tx) => {
      await tx.update(employers).set({ failedLogins: 0, lockedUntil: null }).where(eq(employers.id, row.id));
      await this.audit.record(tx, { kind: 'employer_login', detail: { employerId: row.id, method: 'password' } }, origin);
      return this.sessions.create(tx, 'employer', row.id, origin);
    });
    return { employer: await this.view(row.id), token };
  }

  /**
   * 找回密码, the code: asked for by the credit code alone, kept under the unit (a code asked for one unit never
   * resets another, even where one 经办人 acts for both) and texted to the 经办人's registered mobile, under the
   * personal 找回密码's rules (SmsCodeService). A credit code no employer has gets the same answer after the
   * same steps, its code texted to nobody: nobody learns from the answer whether a unit is registered.
   */
  async sendResetCode(uscc: string, ip: string | null): Promise<{ sentAt: Date; expiresAt: Date; resendAt: Date }> {
    const row = await this.byUscc(uscc);
    return this.smsCodes.sendKeyed(resetKey(uscc), row?.agentMobile ?? null, 'employer_password_reset', ip);
  }

  /**
   * 找回密码, the reset: the code (its tries, its expiry and its single use are the SmsCodeService's), then the
   * new password; the unit's sessions all end, its lock is lifted, and the reset is audited. A credit code no
   * employer has fails at the code as a wrong code would, since nobody received it.
   */
  async resetPassword(input: TEmployerPasswordReset, origin: RequestOrigin): Promise<void> {
    const identifier = `employer:${input.uscc}`;
    const codeId = await this.smsCodes.check(resetKey(input.uscc), 'employer_password_reset', input.smsCode).catch(async (err: unknown) => {
      // Only a wrong guess is recorded: at most 5 a code, so the trail cannot be flooded.
      if (err instanceof AppError && err.code === 'sms/code_invalid') {
        await this.audit.record(this.db, { kind: 'employer_password_reset', identifier, detail: { outcome: err.code } }, origin);
      }
      throw err;
    });
    const row = await this.byUscc(input.uscc);
    if (!row) {
      // The code of a credit code no employer has was guessed (one in a million a try): still no reset, and no tell.
      await this.audit.record(this.db, { kind: 'employer_password_reset', identifier, detail: { outcome: 'unknown_employer' } }, origin);
      throw new AppError(400, 'sms/code_invalid', '验证码错误，请重新获取', { field: 'smsCode' });
    }
    const passwordHash = await this.hasher.hash(input.password);
    await this.db.transaction(async (tx) => {
      // One code, one reset: of many requests with it, the first to get here wins and the rest are refused.
      await this.smsCodes.consume(tx, codeId);
      await tx.update(employers).set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: this.clock.now() }).where(eq(employers.id, row.id));
      await this.sessions.destroyAll(tx, 'employer', row.id);
      await this.audit.record(tx, { kind: 'employer_password_reset', identifier, detail: { employerId: row.id, outcome: 'success' } }, origin);
    });
  }

  /** 法人登录: where to send the browser, and the state this browser must bring back (kept in its cookie too). */
  async legalPersonStart(): Promise<{ url: string; state: string }> {
    const state = randomBytes(16).toString('hex');
    await this.kv.put(`employer:lp:state:${state}`, '1', LEGAL_PERSON_STATE_TTL_MS);
    return { url: this.legalPerson.authorizeUrl(state), state };
  }

  /** The browser back from the 政务服务平台: the state once, the code for the unit, and the unit's session. */
  async legalPersonLogin(code: string, state: string, cookieState: string | undefined, origin: RequestOrigin): Promise<{ employer: EmployerView; token: string }> {
    const expired = () => new AppError(400, 'employer/legal_person_expired', '法人登录已失效，请重新登录');
    if (!cookieState || cookieState !== state || !(await this.kv.take(`employer:lp:state:${state}`))) throw expired();
    let identity;
    try {
      identity = await this.legalPerson.exchangeCode(code);
    } catch (err) {
      if (err instanceof LegalPersonCodeError) throw expired();
      if (err instanceof LegalPersonUnavailableError) {
        throw new AppError(503, 'employer/legal_person_unavailable', '政务服务平台暂时无法访问，请稍后重试，或使用统一社会信用代码和密码登录');
      }
      throw err;
    }
    const row = await this.byUscc(identity.uscc);
    if (!row) {
      throw new AppError(404, 'employer/not_registered', `${identity.unitName}（${identity.uscc}）尚未注册单位法人用户，请先注册`, { data: { uscc: identity.uscc, unitName: identity.unitName } });
    }
    const token = await this.db.transaction(async (tx) => {
      await this.audit.record(tx, { kind: 'employer_login', detail: { employerId: row.id, method: 'legal_person' } }, origin);
      return this.sessions.create(tx, 'employer', row.id, origin);
    });
    return { employer: await this.view(row.id), token };
  }

  // ---- the account ----

  async view(id: string): Promise<EmployerView> {
    const row = await this.row(id);
    return {
      id: row.id,
      uscc: row.uscc,
      unitName: row.unitName,
      agentName: maskName(row.agentName),
      agentMobileMasked: maskMobile(row.agentMobile),
      status: row.status,
      statusLabel: EMPLOYER_STATUSES[row.status],
      opinion: row.status === 'rejected' ? row.opinion : null,
      address: row.address,
      authorityName: row.authorityId ? await this.authorities.label(row.authorityId) : null,
      licenseFileId: row.licenseFileId,
      canAct: row.status === 'approved',
    };
  }

  /** The employer of the session, approved: what every act on staff and training starts with. */
  async approved(id: string): Promise<EmployerRow & { authorityPath: string }> {
    const row = await this.row(id);
    if (row.status !== 'approved' || !row.authorityId) throw notApproved();
    const authority = await this.authorities.byId(row.authorityId);
    if (!authority) throw notApproved();
    return { ...row, authorityPath: authority.path };
  }

  /**
   * 提交审核 (or 重新提交 after a refusal): the unit's address decides the reviewing authority (its county, or
   * its city where the city has none), the 营业执照 is the employer's own fresh upload. One open item at a time.
   */
  async submit(id: string, input: TEmployerSubmit): Promise<EmployerView> {
    const region = await regionName(this.authorities, input.address, 'address');
    const authority = await this.authorities.require(input.address.countyId ?? input.address.cityId, 'address');
    await this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(employers).where(eq(employers.id, id)).for('update');
      if (!row) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
      if (row.status === 'pending') throw new AppError(409, 'employer/under_review', '单位信息正在审核中，请等待审核结果');
      if (row.status === 'approved') throw new AppError(409, 'employer/approved', '单位信息已审核通过');
      await this.files.claim(tx, id, input.licenseFileId, 'business_license', { usedBy: `employer:${id}`, field: 'licenseFileId', label: LICENSE_LABEL });
      const address = { ...input.address, regionName: region };
      const item = await this.reviews.submit(tx, {
        kind: EMPLOYER_REGISTRATION_KIND,
        accountId: id,
        authorityId: authority.id,
        authorityPath: authority.path,
        applicantName: input.unitName,
        applicantIdMasked: row.uscc,
        title: `单位法人用户注册：${input.unitName}（${row.uscc}）`,
        before: null,
        after: {
          uscc: row.uscc,
          unitName: input.unitName,
          agentName: row.agentName,
          agentMobile: maskMobile(row.agentMobile),
          address: `${region} ${input.address.detail}`,
          employerId: id,
        },
        attachments: [{ id: input.licenseFileId, label: LICENSE_LABEL }],
      });
      await tx
        .update(employers)
        .set({ unitName: input.unitName, address, authorityId: authority.id, licenseFileId: input.licenseFileId, reviewItemId: item.id, status: 'pending', opinion: null, updatedAt: this.clock.now() })
        .where(eq(employers.id, id));
    });
    return this.view(id);
  }

  reviewKind(): ReviewKindHandler {
    const decide = async (tx: Tx, itemId: string, status: 'approved' | 'rejected', opinion: string | null) => {
      const now = this.clock.now();
      await tx
        .update(employers)
        .set({ status, opinion, updatedAt: now, ...(status === 'approved' ? { approvedAt: now } : {}) })
        .where(and(eq(employers.reviewItemId, itemId), eq(employers.status, 'pending')));
    };
    return {
      kind: EMPLOYER_REGISTRATION_KIND,
      label: '单位法人用户注册',
      fields: [
        { key: 'unitName', label: '单位名称' },
        { key: 'uscc', label: '统一社会信用代码' },
        { key: 'address', label: '单位地址' },
        { key: 'agentName', label: '经办人姓名' },
        { key: 'agentMobile', label: '经办人手机号' },
      ],
      onApproved: (tx, item) => decide(tx, item.id, 'approved', item.opinion),
      onRejected: (tx, item) => decide(tx, item.id, 'rejected', item.opinion),
    };
  }

  /** Where review notices about the employer go: the 经办人's mobile, by SMS. */
  async noticeRecipient(id: string): Promise<{ mobile: string; wechatOpenid: null } | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select({ mobile: employers.agentMobile }).from(employers).where(eq(employers.id, id));
    return row ? { mobile: row.mobile, wechatOpenid: null } : null;
  }

  /** Sandbox only: the employers whose 经办人 registered with a mobile (one 经办人 may act for several units). */
  async idsByAgentMobile(mobile: string): Promise<string[]> {
    const rows = await this.db.select({ id: employers.id, mobile: employers.agentMobile }).from(employers).where(eq(employers.agentMobileIndex, blindIndex(mobile)));
    return rows.filter((r) => r.mobile === mobile).map((r) => r.id);
  }

  async byIds(ids: string[]): Promise<Map<string, EmployerRow>> {
    const out = new Map<string, EmployerRow>();
    for (const id of new Set(ids)) {
      if (!isUuid(id)) continue;
      const [row] = await this.db.select().from(employers).where(eq(employers.id, id));
      if (row) out.set(id, row);
    }
    return out;
  }

  private async byUscc(uscc: string): Promise<EmployerRow | undefined> {
    const [row] = await this.db.select().from(employers).where(eq(employers.uscc, uscc));
    return row;
  }

  private async row(id: string): Promise<EmployerRow> {
    const [row] = isUuid(id) ? await this.db.select().from(employers).where(eq(employers.id, id)) : [];
    if (!row) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    return row;
  }
}

function locked(until: Date): AppError {
  return new AppError(423, 'auth/locked', `密码错误次数过多，账号已锁定，请于${formatLockedUntil(until)}后再试，或通过“忘记密码”重置密码`);
}

/** What an employer's 找回密码 code is kept under: the unit, by its credit code (a blind index of this in the table). */
const resetKey = (uscc: string) => `employer-reset:${uscc}`;

