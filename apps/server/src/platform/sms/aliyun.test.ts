import { describe, expect, it } from 'vitest';
import { AliyunSmsGateway } from './aliyun';
import { SmsDeliveryError } from './gateway';

const config = { accessKeyId: 'testid', accessKeySecret: 'testsecret', signName: '会计平台', templateCode: 'SMS_1', endpoint: 'https://sms.example.test/' };

describe('AliyunSmsGateway', () => {
  it('signs the SendSms query (HMAC-SHA1 over the sorted, RFC 3986 encoded parameters)', () => {
    const gw = new AliyunSmsGateway(config, fetch, () => new Date('2025-01-10T01:00:00.000Z'));
    const q = new URLSearchParams(gw.signedQuery({ mobile: '13800000000', content: 'x', code: '123456' }));
    expect(q.get('Action')).toBe('SendSms');
    expect(q.get('PhoneNumbers')).toBe('13800000000');
    expect(q.get('TemplateParam')).toBe('{"code":"123456"}');
    expect(q.get('Timestamp')).toBe('2025-01-10T01:00:00Z');
    expect(q.get('Signature')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('treats any answer but Code=OK as a failed delivery', async () => {
    const refuse = (async () => new Response(JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'bad' }), { status: 200 })) as typeof fetch;
    await expect(new AliyunSmsGateway(config, refuse).send({ mobile: '13800000000', content: 'x', code: '1' })).rejects.toBeInstanceOf(SmsDeliveryError);
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(new AliyunSmsGateway(config, down).send({ mobile: '13800000000', content: 'x', code: '1' })).rejects.toMatchObject({ retryable: true });
    const ok = (async () => new Response(JSON.stringify({ Code: 'OK' }))) as typeof fetch;
    await expect(new AliyunSmsGateway(config, ok).send({ mobile: '13800000000', content: 'x', code: '1' })).resolves.toBeUndefined();
  });
});
