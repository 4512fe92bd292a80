import { createHash, randomInt, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { ACCOUNT_RULES } from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { Kv } from '../../platform/kv';
import { blindIndex } from '../../platform/pii/keyring';
import { SmsDeliveryError, type SmsGateway } from '../../platform/sms/gateway';
import { smsCodes } from '../../platform/tables';

export type SmsPurpose = 'register' | 'password_reset' | 'change_mobile' | 'employer_register' | 'employer_password_reset';

const PURPOSE_TEXT: Record<SmsPurpose, string> = {
  register: '注册',
  password_reset: '找回密码',
  change_mobile: '修改手机号',
  employer_register: '单位法人用户注册',
  employer_password_reset: '单位法人用户找回密码',
};
/** Over the mobile's blind index, not the number: the stored hash cannot be searched for the number that made it. */
const hashCode = (mobileIndex: string, code: string) => createHash('sha256').update(`${mobileIndex}:${code}`).digest('hex');
const formatTime = (d: Date) =>
  d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * SMS verification codes. Seed 003 §1.1: a code is valid 3 minutes and one is sent per 3 minutes.
 * Codes are single use; after a few wrong tries the code is burnt.
 */
export class SmsCodeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly kv: Kv,
    private readonly gateway: SmsGateway,
    /** A text `sendKeyed` handed to the gateway without waiting, which failed (the server's log). */
    private readonly onBackgroundFailure: (err: unknown) => void = () => {},
  ) {}

  async send(mobile: string, purpose: SmsPurpose, ip: string | null): Promise<{ sentAt: Date; expiresAt: Date; resendAt: Date }> {
    const { answer, code, id } = await this.record(mobile, purpose, ip);
    // The gateway is a remote call: never hold a transaction open across it.
    try {
      await this.gateway.send({ mobile, code, content: this.content(purpose, code, answer.expiresAt) });
    } catch (err) {
      // Undo the code so the person may try again at once.
      await this.db.delete(smsCodes).where(eq(smsCodes.id, id));
      if (err instanceof SmsDeliveryError) {
        throw new AppError(502, 'sms/delivery_failed', '短信发送失败，请确认手机号可正常接收短信后重试', { field: 'mobile' });
      }
      throw err;
    }
    return answer;
  }

  /**
   * A code kept under `key` (what `check` is later given) and texted to `mobile`, under the same rules as
   * `send`: the 3-minute wait and the hourly limits count per key. For an answer that must not tell whether a
   * phone stands behind the key (an employer's 找回密码, by a credit code): `mobile` null texts nobody (the code
   * is recorded as if sent, and nobody ever holds it), and a text is handed to the gateway without waiting for
   * it, so neither the answer nor its time differs. A failed text is logged and its code kept, as the code of
   * nobody's is; the page tells the unit whom to ask when no text comes.
   */
  async sendKeyed(key: string, mobile: string | null, purpose: SmsPurpose, ip: string | null): Promise<{ sentAt: Date; expiresAt: Date; resendAt: Date }> {
    const { answer, code } = await this.record(key, purpose, ip);
    if (mobile !== null) {
      void this.gateway.send({ mobile, code, content: this.content(purpose, code, answer.expiresAt) }).catch((err: unknown) => this.onBackgroundFailure(err));
    }
    return answer;
  }

  private content(purpose: SmsPurpose, code: string, expiresAt: Date): string {
    return `【全国会计人员统一服务管理平台】您的${PURPOSE_TEXT[purpose]}验证码为${code}，3分钟内有效（${formatTime(expiresAt)}前），请勿泄露给他人。`;
  }

  /** A new code under `key` (a mobile, or sendKeyed's key), after the limits: the row, and what the caller answers. */
  private async record(key: string, purpose: SmsPurpose, ip: string | null) {
    const now = this.clock.now();
    const hour = { field: 'mobile', headers: { 'retry-after': String(ACCOUNT_RULES.smsWindowMs / 1000) } };
    if (ip) {
      const count = await this.kv.incr(`sms:ip:${ip}`, ACCOUNT_RULES.smsWindowMs);
      if (count > ACCOUNT_RULES.smsPerIpPerHour) throw new AppError(429, 'sms/ip_limit', '您的网络发送验证码过于频繁，请一小时后再试', hour);
    }

    const code = String(randomInt(0, 10 ** ACCOUNT_RULES.smsCodeLength)).padStart(ACCOUNT_RULES.smsCodeLength, '0');
    const expiresAt = new Date(now.getTime() + ACCOUNT_RULES.smsCodeTtlMs);
    const resendAt = new Date(now.getTime() + ACCOUNT_RULES.smsResendIntervalMs);
    const id = randomUUID();
    // The table, the lock and the counters know the number by its blind index only (docs/personal-data.md).
    const mobileIndex = blindIndex(key);

    await this.db.transaction(async (tx) => {
      // Serialise sends to one number so two quick clicks cannot both pass the 3-minute check. The 3 minutes
      // are per purpose: someone asking for 注册 codes to a person's number cannot keep them from 找回密码.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${mobileIndex}`}))`);
      const [last] = await tx
        .select({ sentAt: smsCodes.sentAt })
        .from(smsCodes)
        .where(and(eq(smsCodes.mobileIndex, mobileIndex), eq(smsCodes.purpose, purpose)))
        .orderBy(desc(smsCodes.seq))
        .limit(1);
      if (last && now.getTime() - last.sentAt.getTime() < ACCOUNT_RULES.smsResendIntervalMs) {
        const next = new Date(last.sentAt.getTime() + ACCOUNT_RULES.smsResendIntervalMs);
        const seconds = Math.ceil((next.getTime() - now.getTime()) / 1000);
        throw new AppError(429, 'sms/too_frequent', `每3分钟只能发送一次验证码，请${seconds}秒后再试`, {
          field: 'mobile',
          headers: { 'retry-after': String(seconds) },
          data: { resendAt: next.toISOString() },
        });
      }
      // However many addresses ask, one number gets a bounded number of texts an hour. Counted per purpose
      // and only for a code that goes out, so asking for one kind cannot use up another.
      if ((await this.kv.incr(`sms:mobile:${purpose}:${mobileIndex}`, ACCOUNT_RULES.smsWindowMs)) > ACCOUNT_RULES.smsPerMobilePerHour) {
        throw new AppError(429, 'sms/mobile_limit', '该手机号获取验证码过于频繁，请一小时后再试', hour);
      }
      await tx.insert(smsCodes).values({ id, mobileIndex, purpose, codeHash: hashCode(mobileIndex, code), sentAt: now, expiresAt, ip });
    });
    return { answer: { sentAt: now, expiresAt, resendAt }, code, id };
  }

  /**
   * Checks a code without using it. Every check takes one of the code's tries before the code is compared,
   * in one conditional update, so however many requests arrive at once a code is compared at most
   * `smsMaxAttempts` times. A right code's try is kept too: a person who mistyped another field may use the
   * code again, within its tries. Returns the code's id, to be consumed in the caller's transaction.
   */
  async check(mobile: string, purpose: SmsPurpose, code: string): Promise<string> {
    // `mobile`: the number the code went to, or the key `sendKeyed` kept it under.
    const now = this.clock.now();
    const mobileIndex = blindIndex(mobile);
    const [row] = await this.db
      .select()
      .from(smsCodes)
      .where(and(eq(smsCodes.mobileIndex, mobileIndex), eq(smsCodes.purpose, purpose)))
      .orderBy(desc(smsCodes.seq))
      .limit(1);
    if (!row) throw new AppError(400, 'sms/code_missing', '请先获取手机验证码', { field: 'smsCode' });
    if (row.consumedAt) throw new AppError(400, 'sms/code_used', '该验证码已使用，请重新获取', { field: 'smsCode' });
    if (row.expiresAt.getTime() <= now.getTime()) {
      throw new AppError(400, 'sms/code_expired', '验证码已过期，请重新获取', { field: 'smsCode' });
    }
    const [tried] = await this.db
      .update(smsCodes)
      .set({ attempts: sql`${smsCodes.attempts} + 1` })
      .where(and(eq(smsCodes.id, row.id), lt(smsCodes.attempts, ACCOUNT_RULES.smsMaxAttempts)))
      .returning({ attempts: smsCodes.attempts });
    if (!tried) throw new AppError(400, 'sms/code_burnt', '验证码错误次数过多，已失效，请重新获取', { field: 'smsCode' });
    if (row.codeHash !== hashCode(mobileIndex, code)) {
      const left = ACCOUNT_RULES.smsMaxAttempts - tried.attempts;
      throw new AppError(400, 'sms/code_invalid', left > 0 ? `验证码错误，还可尝试${left}次` : '验证码错误次数过多，已失效，请重新获取', {
        field: 'smsCode',
      });
    }
    return row.id;
  }

  /** Uses a checked code inside the caller's transaction; a code is good for one write only. */
  async consume(tx: Tx, codeId: string): Promise<void> {
    const now = this.clock.now();
    const [consumed] = await tx
      .update(smsCodes)
      .set({ consumedAt: now })
      .where(and(eq(smsCodes.id, codeId), isNull(smsCodes.consumedAt), gt(smsCodes.expiresAt, now)))
      .returning({ id: smsCodes.id });
    // Two requests raced for the same code: only one may use it.
    if (!consumed) throw new AppError(400, 'sms/code_missing', '验证码已使用或已过期，请重新获取', { field: 'smsCode' });
  }
}
