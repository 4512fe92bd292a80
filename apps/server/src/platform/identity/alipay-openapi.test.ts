import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlipayUnavailableError } from './alipay';
import { AlipayOpenApiGateway } from './alipay-openapi';

// Two key pairs: the application's (we sign) and Alipay's (it signs its answers).
const app = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const config = { appId: '2021000000000000', privateKey: app.privateKey, alipayPublicKey: alipay.publicKey, gateway: 'https://alipay.example.test/gateway.do', returnUrl: 'https://ausm.example.test/identity' };

/** A fake Alipay gateway: checks our signature, answers with a signed response. */
function fakeAlipay(answer: (method: string, biz: Record<string, unknown>) => Record<string, unknown>, signWith = alipay.privateKey): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    const params = Object.fromEntries(new URLSearchParams(String(init.body)));
    const { sign, ...rest } = params;
    const content = Object.keys(rest).sort().map((k) => `${k}=${rest[k]}`).join('&');
    if (!createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, sign!, 'base64')) throw new Error('bad request signature');
    const body = JSON.stringify(answer(rest.method!, JSON.parse(rest.biz_content!)));
    const signature = createSign('RSA-SHA256').update(body, 'utf8').sign(signWith, 'base64');
    return new Response(`{"${rest.method!.replace(/\./g, '_')}_response":${body},"sign":"${signature}"}`);
  }) as unknown as typeof fetch;
}

describe('AlipayOpenApiGateway', () => {
  it('signs requests with RSA2 and reads signed answers', async () => {
    const gw = new AlipayOpenApiGateway(
      config,
      fakeAlipay((method, biz) => {
        if (method === 'alipay.user.certify.open.initialize') {
          expect(biz).toMatchObject({ biz_code: 'FACE', identity_param: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '11010519491231002X' } });
          return { code: '10000', msg: 'Success', certify_id: 'abc123' };
        }
        return { code: '10000', msg: 'Success', passed: 'T' };
      }),
    );
    expect(await gw.initialize({ outerOrderNo: 'o1', certName: '张三', certNo: '11010519491231002X', certType: 'IDENTITY_CARD' })).toEqual({ certifyId: 'abc123' });
    expect(await gw.query('abc123')).toEqual({ state: 'passed' });
    const url = new URL(await gw.certifyUrl('abc123'));
    expect(url.searchParams.get('method')).toBe('alipay.user.certify.open.certify');
    expect(url.searchParams.get('sign')).toBeTruthy();
  });

  it('refuses an answer whose signature is not Alipay\'s, and error codes', async () => {
    const forged = new AlipayOpenApiGateway(config, fakeAlipay(() => ({ code: '10000', passed: 'T' }), app.privateKey));
    await expect(forged.query('x')).rejects.toBeInstanceOf(AlipayUnavailableError);
    const refused = new AlipayOpenApiGateway(config, fakeAlipay(() => ({ code: '40004', sub_code: 'CERTIFY_ID_NOT_EXIST' })));
    await expect(refused.query('x')).rejects.toThrow(/40004/);
    const failed = new AlipayOpenApiGateway(config, fakeAlipay(() => ({ code: '10000', passed: 'F', material_info: '{}' })));
    expect(await failed.query('x')).toEqual({ state: 'failed', reason: 'mismatch' });
  });
});
