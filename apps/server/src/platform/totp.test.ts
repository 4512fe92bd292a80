import { URL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTotpSecret, isTotpSecret, otpauthUrl, totpCode, totpStep, verifyTotp } from './totp';

// RFC 6238 Appendix B test vectors use the ASCII secret "12345678901234567890" (SHA-1), here in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP (the otpauth wrapper)', () => {
  it('matches the RFC 6238 test vectors (last 6 digits)', () => {
    expect(totpCode(RFC_SECRET, at(59))).toBe('287082');
    expect(totpCode(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(totpCode(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(totpCode(RFC_SECRET, at(2000000000))).toBe('279037');
  });

  it('returns the step a code matched: one step of drift either side and nothing further', () => {
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    expect(totpStep(now)).toBe(step);
    const codeAt = (s: number) => totpCode(RFC_SECRET, new Date(s * 30_000));
    expect(verifyTotp(RFC_SECRET, codeAt(step), now)).toBe(step);
    expect(verifyTotp(RFC_SECRET, codeAt(step - 1), now)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, codeAt(step + 1), now)).toBe(step + 1);
    expect(verifyTotp(RFC_SECRET, codeAt(step - 2), now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, '12345', now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, '12345a', now)).toBeNull();
  });

  it('generates 32-character base32 secrets, a new one each time', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(isTotpSecret(a)).toBe(true);
    expect(generateTotpSecret()).not.toBe(a);
    expect(isTotpSecret('too-short')).toBe(false);
  });

  it('writes the otpauth URI an authenticator app reads: issuer, account, secret, SHA1, 6 digits, 30 s', () => {
    const url = new URL(otpauthUrl(RFC_SECRET, 'sd_admin'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/会计人员服务平台:sd_admin');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ secret: RFC_SECRET, issuer: '会计人员服务平台', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
