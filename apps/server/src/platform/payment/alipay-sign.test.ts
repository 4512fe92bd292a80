import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alipayTime, parseAlipayTime, rsa2Sign, rsa2SignNotification, rsa2Verify, signContent } from './alipay-sign';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

describe("Alipay's signing string (RSA2)", () => {
  it('sorts by name and leaves out sign, empty values and, for what Alipay sends, sign_type', () => {
    const params = { total_amount: '112.50', app_id: '9021', sign: 'x', sign_type: 'RSA2', empty: '', out_trade_no: '1' };
    expect(signContent(params, { withSignType: false })).toBe('app_id=9021&out_trade_no=1&total_amount=112.50');
    expect(signContent(params, { withSignType: true })).toBe('app_id=9021&out_trade_no=1&sign_type=RSA2&total_amount=112.50');
  });
  it('verifies a notification signed with the key, and nothing altered or signed otherwise', () => {
    const params: Record<string, string> = { app_id: '9021', out_trade_no: '1', total_amount: '112.50', sign_type: 'RSA2' };
    params.sign = rsa2SignNotification(params, keys.privateKey);
    expect(rsa2Verify(params, keys.publicKey)).toBe(true);
    expect(rsa2Verify({ ...params, total_amount: '0.01' }, keys.publicKey)).toBe(false);
    expect(rsa2Verify({ ...params, sign_type: 'RSA' }, keys.publicKey)).toBe(false);
    expect(rsa2Verify({ ...params, sign: 'bm90IGEgc2lnbmF0dXJl' }, keys.publicKey)).toBe(false);
    expect(rsa2Verify({ ...params, sign: rsa2Sign(params, keys.privateKey) }, keys.publicKey)).toBe(false); // the request's string, not the notification's
  });
  it('writes and reads Alipay times in China time', () => {
    const at = new Date('2025-01-10T01:02:03Z');
    expect(alipayTime(at)).toBe('2025-01-10 09:02:03');
    expect(parseAlipayTime('2025-01-10 09:02:03')).toEqual(at);
    expect(parseAlipayTime('yesterday')).toBeNull();
  });
});
