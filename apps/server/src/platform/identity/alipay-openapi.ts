import { createSign, createVerify } from 'node:crypto';
import { AlipayUnavailableError, type AlipayCertifyGateway, type CertifyOutcome, type CertifyStart } from './alipay';

export type AlipayConfig = {
  appId: string;
  /** PKCS#8 PEM of the application's RSA private key. */
  privateKey: string;
  /** PEM of Alipay's public key, to verify answers. */
  alipayPublicKey: string;
  gateway: string;
  returnUrl: string;
};

const timestamp = (d: Date) => {
  // Alipay wants "yyyy-MM-dd HH:mm:ss" in China time.
  const cn = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${cn.slice(0, 10)} ${cn.slice(11, 19)}`;
};

/** Alipay OpenAPI (RSA2-signed form requests) for alipay.user.certify.open.*. */
export class AlipayOpenApiGateway implements AlipayCertifyGateway {
  readonly kind = 'alipay' as const;

  constructor(
    private readonly config: AlipayConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The signed parameters of one call (RSA-SHA256 over the sorted key=value pairs). */
  signedParams(method: string, bizContent: Record<string, unknown>): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.config.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: timestamp(this.now()),
      version: '1.0',
      biz_content: JSON.stringify(bizContent),
    };
    const content = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    params.sign = createSign('RSA-SHA256').update(content, 'utf8').sign(this.config.privateKey, 'base64');
    return params;
  }

  private async call<T>(method: string, bizContent: Record<string, unknown>): Promise<T> {
    const params = this.signedParams(method, bizContent);
    let text: string;
    try {
      const res = await this.fetchImpl(this.config.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(5_000),
      });
      text = await res.text();
    } catch (err) {
      throw new AlipayUnavailableError(`alipay unreachable: ${(err as Error).message}`);
    }
    const key = `${method.replace(/\./g, '_')}_response`;
    // The signature covers the exact JSON text of the response object.
    const match = new RegExp(`"${key}"\\s*:\\s*(\\{.*?\\})\\s*,\\s*"sign"\\s*:\\s*"([^"]+)"`, 's').exec(text);
    if (!match) throw new AlipayUnavailableError('alipay answer without a signed response');
    const ok = createVerify('RSA-SHA256').update(match[1]!, 'utf8').verify(this.config.alipayPublicKey, match[2]!, 'base64');
    if (!ok) throw new AlipayUnavailableError('alipay answer with a bad signature');
    const body = JSON.parse(match[1]!) as { code: string; sub_code?: string } & T;
    if (body.code !== '10000') throw new AlipayUnavailableError(`alipay refused: ${body.code} ${body.sub_code ?? ''}`);
    return body;
  }

  async initialize(input: CertifyStart): Promise<{ certifyId: string }> {
    const body = await this.call<{ certify_id: string }>('alipay.user.certify.open.initialize', {
      outer_order_no: input.outerOrderNo,
      biz_code: 'FACE',
      identity_param: { identity_type: 'CERT_INFO', cert_type: input.certType, cert_name: input.certName, cert_no: input.certNo },
      merchant_config: { return_url: this.config.returnUrl },
    });
    return { certifyId: body.certify_id };
  }

  async certifyUrl(certifyId: string): Promise<string> {
    // alipay.user.certify.open.certify is a page request: the signed GET URL is what the QR code holds.
    const params = this.signedParams('alipay.user.certify.open.certify', { certify_id: certifyId });
    return `${this.config.gateway}?${new URLSearchParams(params).toString()}`;
  }

  async query(certifyId: string): Promise<CertifyOutcome> {
    const body = await this.call<{ passed: 'T' | 'F'; material_info?: string }>('alipay.user.certify.open.query', { certify_id: certifyId });
    if (body.passed === 'T') return { state: 'passed' };
    return body.material_info ? { state: 'failed', reason: 'mismatch' } : { state: 'pending' };
  }
}
