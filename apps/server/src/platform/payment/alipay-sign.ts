import { createSign, createVerify } from 'node:crypto';

/**
 * Alipay's published signing rules (RSA2 = SHA256withRSA): the parameters sorted by name, empty values and
 * `sign` left out (and `sign_type` too when verifying what Alipay sent), joined as k=v&k=v over the decoded
 * values, signed with the sender's RSA key, Base64. node:crypto does the RSA; this file only builds the string.
 */
export function signContent(params: Record<string, string | undefined>, opts: { withSignType: boolean }): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && (opts.withSignType || k !== 'sign_type') && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** Signs a request (sign_type included in the content, as Alipay's request rules say). */
export function rsa2Sign(params: Record<string, string | undefined>, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(signContent(params, { withSignType: true }), 'utf8').sign(privateKeyPem, 'base64');
}

/** Verifies a notification or a synchronous return (sign and sign_type left out of the content). */
export function rsa2Verify(params: Record<string, string | undefined>, publicKeyPem: string): boolean {
  const sign = params.sign;
  if (!sign || params.sign_type !== 'RSA2') return false;
  try {
    return createVerify('RSA-SHA256').update(signContent(params, { withSignType: false }), 'utf8').verify(publicKeyPem, sign, 'base64');
  } catch {
    return false;
  }
}

/** Signs what the provider sends (a notification): the verifying side's content, the provider's key. */
export function rsa2SignNotification(params: Record<string, string | undefined>, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(signContent(params, { withSignType: false }), 'utf8').sign(privateKeyPem, 'base64');
}

/** Alipay's timestamps: "yyyy-MM-dd HH:mm:ss" in China time. */
export function alipayTime(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${cn.slice(0, 10)} ${cn.slice(11, 19)}`;
}

/** "yyyy-MM-dd HH:mm:ss" China time back to an instant; null when malformed. */
export function parseAlipayTime(s: string | undefined): Date | null {
  const m = s && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}
