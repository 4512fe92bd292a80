import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsa2SignNotification, rsa2Verify, signContent } from './alipay-sign';
import { AlipayTradeGateway } from './alipay-trade';
import { PaymentUnavailableError } from './gateway';
import { createVerify } from 'node:crypto';

// Two key pairs: the application's (we sign) and Alipay's (it signs its answers and notifications).
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const app = pair();
const alipay = pair();
const config = {
  appId: '2021000000000000',
  privateKey: app.privateKey,
  alipayPublicKey: alipay.publicKey,
  gateway: 'https://alipay.example.test/gateway.do',
  notifyUrl: 'https://ausm.example.test/api/payments/notify',
  returnUrl: 'https://ausm.example.test/exam/pay-return',
};

/** A fake Alipay gateway: checks our request signature, answers with a signed response. */
function fakeAlipay(answer: (method: string, biz: Record<string, unknown>) => Record<string, unknown>, signWith = alipay.privateKey): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    const params = Object.fromEntries(new URLSearchParams(String(init.body)));
    if (!createVerify('RSA-SHA256').update(signContent(params, { withSignType: true }), 'utf8').verify(app.publicKey, params.sign!, 'base64')) throw new Error('bad request signature');
    const body = JSON.stringify(answer(params.method!, JSON.parse(params.biz_content!)));
    const signature = createSign('RSA-SHA256').update(body, 'utf8').sign(signWith, 'base64');
    return new Response(`{"${params.method!.replace(/\./g, '_')}_response":${body},"sign":"${signature}"}`);
  }) as unknown as typeof fetch;
}

describe('AlipayTradeGateway (电脑网站支付)', () => {
  it('page.pay is a signed URL with the order, notify_url and return_url', async () => {
    const gw = new AlipayTradeGateway(config, fakeAlipay(() => ({})));
    const url = new URL(await gw.pagePay({ orderNo: '20250101000000000001', amount: '112.00', subject: '报名费', expiresAt: new Date('2025-01-20T15:59:59Z') }));
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ method: 'alipay.trade.page.pay', app_id: config.appId, notify_url: config.notifyUrl, return_url: config.returnUrl, sign_type: 'RSA2' });
    expect(JSON.parse(params.biz_content!)).toEqual({ out_trade_no: '20250101000000000001', total_amount: '112.00', subject: '报名费', product_code: 'FAST_INSTANT_TRADE_PAY', time_expire: '2025-01-20 23:59:59' });
    expect(createVerify('RSA-SHA256').update(signContent(params, { withSignType: true }), 'utf8').verify(app.publicKey, params.sign!, 'base64')).toBe(true);
  });

  it('query, close and refund read signed answers; a forged answer is refused', async () => {
    const gw = new AlipayTradeGateway(
      config,
      fakeAlipay((method, biz) => {
        if (method === 'alipay.trade.query') return biz.out_trade_no === 'none' ? { code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST' } : { code: '10000', trade_status: 'TRADE_SUCCESS', trade_no: 'T1', total_amount: '112.00', send_pay_date: '2025-01-10 09:00:00' };
        if (method === 'alipay.trade.close') return { code: '40004', sub_code: 'ACQ.TRADE_STATUS_ERROR' };
        expect(biz).toMatchObject({ out_trade_no: 'o1', refund_amount: '112.00', out_request_no: 'r1' });
        return { code: '10000' };
      }),
    );
    expect(await gw.query('o1')).toEqual({ status: 'TRADE_SUCCESS', tradeNo: 'T1', amount: '112.00', paidAt: new Date('2025-01-10T01:00:00Z') });
    expect(await gw.query('none')).toBeNull();
    expect(await gw.close('o1')).toBe('paid');
    await expect(gw.refund('o1', '112.00', 'r1')).resolves.toBeUndefined();
    const forged = new AlipayTradeGateway(config, fakeAlipay(() => ({ code: '10000' }), app.privateKey));
    await expect(forged.query('o1')).rejects.toBeInstanceOf(PaymentUnavailableError);
  });

  it("verifies notifications with Alipay's public key only", () => {
    const gw = new AlipayTradeGateway(config);
    const params: Record<string, string> = { app_id: config.appId, out_trade_no: 'o1', total_amount: '112.00', trade_status: 'TRADE_SUCCESS', sign_type: 'RSA2' };
    expect(gw.verify({ ...params, sign: rsa2SignNotification(params, alipay.privateKey) })).toBe(true);
    expect(gw.verify({ ...params, sign: rsa2SignNotification(params, app.privateKey) })).toBe(false);
    expect(rsa2Verify({ ...params, sign: rsa2SignNotification(params, alipay.privateKey), total_amount: '1.00' }, alipay.publicKey)).toBe(false);
  });
});

describe('configuration', () => {
  it('production refuses the sandbox payment provider and its published keys', async () => {
    const { loadConfig } = await import('../../config');
    const { SANDBOX_APP_PRIVATE_KEY, SANDBOX_PROVIDER_PUBLIC_KEY } = await import('./sandbox-keys');
    const base = { AUSM_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db', PUBLIC_BASE_URL: 'https://ausm.example.test' };
    expect(() => loadConfig(base)).toThrow(/PAYMENT_PROVIDER/);
    expect(() => loadConfig({ ...base, PAYMENT_PROVIDER: 'alipay', PAYMENT_ALIPAY_APP_ID: '2021', PAYMENT_ALIPAY_PRIVATE_KEY: SANDBOX_APP_PRIVATE_KEY, PAYMENT_ALIPAY_PUBLIC_KEY: alipay.publicKey })).toThrow(
      /published sandbox payment keys/,
    );
    expect(() => loadConfig({ ...base, PAYMENT_PROVIDER: 'alipay', PAYMENT_ALIPAY_APP_ID: '2021', PAYMENT_ALIPAY_PRIVATE_KEY: app.privateKey, PAYMENT_ALIPAY_PUBLIC_KEY: SANDBOX_PROVIDER_PUBLIC_KEY })).toThrow(
      /published sandbox payment keys/,
    );
    const sandbox = loadConfig({ AUSM_MODE: 'sandbox', PAYMENT_PROVIDER: 'alipay', PAYMENT_ALIPAY_APP_ID: '2021', PAYMENT_ALIPAY_PRIVATE_KEY: app.privateKey, PAYMENT_ALIPAY_PUBLIC_KEY: alipay.publicKey, PUBLIC_BASE_URL: 'https://ausm.example.test' });
    expect(sandbox.payment).toMatchObject({ provider: 'alipay', appId: '2021', notifyUrl: 'https://ausm.example.test/api/payments/notify' });
  });
});
