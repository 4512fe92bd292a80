import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { checkRealName, maskIdNumber, maskName } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { AlipayUnavailableError, type AlipayCertifyGateway } from '../../platform/identity/alipay';
import type { AccountService } from '../account';
import type { ManualVerificationService } from './manual';
import { identityVerifications } from './tables';

const FAIL_TEXT = {
  mismatch: '支付宝账户的实名信息与当前登录用户的姓名、证件号码不一致，认证未通过',
  cancelled: '您已在支付宝中取消认证',
  expired: '二维码已过期，请重新发起认证',
  changed: '认证期间姓名或证件号码已修改，请重新发起认证',
} as const;

/** 实名认证: quick certification through Alipay, or the manual form reviewed by the city (manual.ts). */
export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly alipay: AlipayCertifyGateway,
    private readonly manual: ManualVerificationService,
  ) {}

  async status(accountId: string) {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    return {
      verified: identity.verified,
      method: identity.method,
      idType: identity.idType,
      maskedName: maskName(identity.realName),
      maskedIdNumber: maskIdNumber(identity.idNumber),
      alipaySupported: identity.idType === 'mainland_id',
      manual: await this.manual.latest(accountId),
    };
  }

  /** 【点击修改】: the name may be corrected before verification, never after. */
  async updateRealName(accountId: string, realName: string) {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (identity.verified) throw new AppError(409, 'identity/already_verified', '已完成实名认证，姓名不能修改');
    // The reviewer compares the submitted name with the photos; it must not change under them.
    if (await this.manual.pending(accountId)) {
      throw new AppError(409, 'identity/manual_pending', '您的线上实名认证正在审核中，审核完成前姓名不能修改');
    }
    const error = checkRealName(identity.idType, realName);
    if (error) throw new AppError(400, 'validation/failed', error, { field: 'realName' });
    await this.accounts.setRealName(accountId, realName.trim());
    return this.status(accountId);
  }

  async startAlipay(accountId: string): Promise<{ certifyId: string; qrContent: string }> {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (identity.verified) throw new AppError(409, 'identity/already_verified', '您已完成实名认证');
    if (identity.idType !== 'mainland_id') {
      throw new AppError(400, 'identity/alipay_unsupported', '支付宝认证仅支持内地居民身份证，请使用线上实名认证');
    }
    const id = randomUUID();
    try {
      const { certifyId } = await this.alipay.initialize({ outerOrderNo: id.replace(/-/g, ''), certName: identity.realName, certNo: identity.idNumber, certType: 'IDENTITY_CARD' });
      const qrContent = await this.alipay.certifyUrl(certifyId);
      await this.db.insert(identityVerifications).values({
        id,
        accountId,
        method: 'alipay',
        status: 'pending',
        certifyId,
        certName: identity.realName,
        certNo: identity.idNumber,
        createdAt: this.clock.now(),
      });
      return { certifyId, qrContent };
    } catch (err) {
      if (err instanceof AlipayUnavailableError) throw unavailable();
      throw err;
    }
  }

  /** The portal polls this while the QR code is shown. */
  async pollAlipay(accountId: string, certifyId: string): Promise<{ state: 'pending' | 'passed' | 'failed'; message: string | null }> {
    const [row] = await this.db
      .select()
      .from(identityVerifications)
      .where(and(eq(identityVerifications.accountId, accountId), eq(identityVerifications.certifyId, certifyId.slice(0, 64))));
    if (!row) throw new AppError(404, 'identity/not_found', '认证记录不存在');
    if (row.status !== 'pending') return { state: row.status, message: row.failReason };
    let outcome;
    try {
      outcome = await this.alipay.query(certifyId);
    } catch (err) {
      if (err instanceof AlipayUnavailableError) throw unavailable();
      throw err;
    }
    if (outcome.state === 'pending') return { state: 'pending', message: null };
    if (outcome.state === 'failed') return this.finish(row.id, 'failed', FAIL_TEXT[outcome.reason]);
    // Alipay certified what we sent; it must still be this account's identity.
    const identity = await this.accounts.identity(accountId);
    if (!identity || identity.realName !== row.certName || identity.idNumber !== row.certNo) return this.finish(row.id, 'failed', FAIL_TEXT.changed);
    return this.db.transaction(async (tx) => {
      await tx
        .update(identityVerifications)
        .set({ status: 'passed', completedAt: this.clock.now() })
        .where(and(eq(identityVerifications.id, row.id), eq(identityVerifications.status, 'pending')));
      await this.accounts.markIdentityVerified(tx, accountId, 'alipay');
      await this.manual.withdrawPending(tx, accountId, '您已通过支付宝完成实名认证，本次线上实名认证申请已自动撤回');
      return { state: 'passed' as const, message: null };
    });
  }

  private async finish(id: string, status: 'failed', message: string) {
    await this.db
      .update(identityVerifications)
      .set({ status, failReason: message, completedAt: this.clock.now() })
      .where(and(eq(identityVerifications.id, id), eq(identityVerifications.status, 'pending')));
    return { state: status, message };
  }

  async history(accountId: string) {
    return this.db
      .select({ method: identityVerifications.method, status: identityVerifications.status, failReason: identityVerifications.failReason, createdAt: identityVerifications.createdAt })
      .from(identityVerifications)
      .where(eq(identityVerifications.accountId, accountId))
      .orderBy(desc(identityVerifications.createdAt))
      .limit(20);
  }
}

const unavailable = () => new AppError(503, 'identity/alipay_unavailable', '支付宝认证服务暂时无法访问，请稍后重试，或使用线上实名认证', { headers: { 'retry-after': '30' } });
