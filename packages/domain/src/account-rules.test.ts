import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULES } from './account-rules';

describe('ACCOUNT_RULES', () => {
  it('follows seed 003 §1.1: SMS codes valid 3 minutes, one per 3 minutes', () => {
    expect(ACCOUNT_RULES.smsCodeTtlMs).toBe(3 * 60_000);
    expect(ACCOUNT_RULES.smsResendIntervalMs).toBe(3 * 60_000);
    expect(ACCOUNT_RULES.smsCodeLength).toBe(6);
  });

  it('holds the agreed limits', () => {
    expect(ACCOUNT_RULES).toEqual({
      smsCodeLength: 6,
      smsCodeTtlMs: 180_000,
      smsResendIntervalMs: 180_000,
      smsMaxAttempts: 5,
      smsWindowMs: 3_600_000,
      smsPerIpPerHour: 20,
      smsPerMobilePerHour: 10,
      mobileChangeCodesPerHour: 5,
      loginMaxFailures: 5,
      lockoutMs: 900_000,
      sessionIdleMs: 1_800_000,
      sessionMaxAgeMs: 43_200_000,
      captchaTtlMs: 300_000,
      captchasPerIpPerMinute: 60,
      wechatStateTtlMs: 600_000,
      wechatBindTtlMs: 600_000,
    });
  });

  it('is coherent: a new code may be asked for by the time the last one expires', () => {
    expect(ACCOUNT_RULES.smsResendIntervalMs).toBeLessThanOrEqual(ACCOUNT_RULES.smsCodeTtlMs);
    for (const [name, value] of Object.entries(ACCOUNT_RULES)) expect(Number.isInteger(value) && value > 0, name).toBe(true);
  });
});
