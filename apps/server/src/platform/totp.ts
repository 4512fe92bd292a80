import { Secret, TOTP } from 'otpauth';

// RFC 6238 TOTP as authenticator apps implement it (HMAC-SHA1, 6 digits, 30-second steps), through the
// maintained otpauth library. This file only fixes the platform's parameters and what a caller needs back.
const ISSUER = '会计人员服务平台';
const PERIOD = 30;

const totpOf = (secret: string, account = '') =>
  new TOTP({ issuer: ISSUER, label: account, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** A new secret of 20 random bytes (160 bits, RFC 4226's recommendation), in base32: 32 characters. */
export const generateTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** True for a secret this module made (32 base32 characters). */
export const isTotpSecret = (secret: string): boolean => /^[A-Z2-7]{32}$/.test(secret);

/** The time step (counter) of an instant: the number of 30-second periods since the epoch. */
export const totpStep = (at: Date): number => TOTP.counter({ period: PERIOD, timestamp: at.getTime() });

/** The code of a time step (tests, and the sandbox, compute what an authenticator app would show). */
export const totpCode = (secret: string, at: Date): string => totpOf(secret).generate({ timestamp: at.getTime() });

/**
 * Checks a code against the step of `at` and one step either side (clock drift). Returns the matched
 * step, so the caller can refuse a replay of the same or an earlier step.
 */
export function verifyTotp(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : totpStep(at) + delta;
}

/** The otpauth:// URI an authenticator app scans (Key Uri Format). */
export const otpauthUrl = (secret: string, account: string): string => totpOf(secret, account).toString();
