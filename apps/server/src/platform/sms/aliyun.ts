import { createHmac, randomUUID } from 'node:crypto';
import { SmsDeliveryError, type SmsGateway, type SmsMessage } from './gateway';

type AliyunConfig = { accessKeyId: string; accessKeySecret: string; signName: string; templateCode: string; noticeTemplateCode?: string; endpoint: string };

/** RFC 3986 encoding as Alibaba Cloud's RPC signature (v1) requires. */
const percent = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Alibaba Cloud SMS (Dysmsapi SendSms, RPC style with HMAC-SHA1 signature). The template is
 * expected to take a `code` parameter, e.g. "您的验证码为${code}，3分钟内有效".
 */
export class AliyunSmsGateway implements SmsGateway {
  readonly kind = 'aliyun' as const;

  constructor(
    private readonly config: AliyunConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  signedQuery(message: SmsMessage): string {
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: message.mobile,
      SignName: this.config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: message.template === 'notice' && this.config.noticeTemplateCode ? this.config.noticeTemplateCode : this.config.templateCode,
      TemplateParam: JSON.stringify(message.templateParams ?? { code: message.code ?? '' }),
      Timestamp: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const canonical = Object.keys(params)
      .sort()
      .map((k) => `${percent(k)}=${percent(params[k]!)}`)
      .join('&');
    const stringToSign = `GET&${percent('/')}&${percent(canonical)}`;
    const signature = createHmac('sha1', `${this.config.accessKeySecret}&`).update(stringToSign).digest('base64');
    return `Signature=${percent(signature)}&${canonical}`;
  }

  async send(message: SmsMessage): Promise<void> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.config.endpoint}?${this.signedQuery(message)}`, { signal: AbortSignal.timeout(5_000) });
    } catch (err) {
      throw new SmsDeliveryError(`SMS gateway unreachable: ${(err as Error).message}`, true);
    }
    const body = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string };
    if (body.Code !== 'OK') {
      const retryable = res.status >= 500 || body.Code === 'isv.BUSINESS_LIMIT_CONTROL';
      throw new SmsDeliveryError(`SMS gateway refused: ${body.Code ?? res.status} ${body.Message ?? ''}`, retryable);
    }
  }
}
