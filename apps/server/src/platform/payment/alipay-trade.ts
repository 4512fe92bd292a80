import { createVerify } from 'node:crypto';
import { alipayTime, parseAlipayTime, rsa2Sign, rsa2Verify } from './alipay-sign';
import { PaymentUnavailableError, type PagePayInput, type PaymentGateway, type Trade, type TradeStatus } from './gateway';

export type AlipayTradeConfig = {
  appId: string;
  /** PKCS#8 PEM of the application's RSA private key. */
  privateKey: string;
  /** PEM of Alipay's public key, to verify answers and notifications. */
  alipayPublicKey: string;
  gateway: string;
  notifyUrl: string;
  returnUrl: string;
};

/**
 * Alipay 电脑网站支付 against the published OpenAPI: alipay.trade.page.pay (a signed GET the browser follows),
 * alipay.trade.query, alipay.trade.close and alipay.trade.refund (signed form POSTs whose JSON answers Alipay
 * signs), and the verification of its notifications.
 */
export class AlipayTradeGateway implements PaymentGateway {
  readonly kind = 'alipay' as const;

  constructor(
    private readonly config: AlipayTradeConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get appId() {
    return this.config.appId;
  }

  signedParams(method: string, bizContent: Record<string, unknown>, extra: Record<string, string> = {}): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.config.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: alipayTime(this.now()),
      version: '1.0',
      biz_content: JSON.stringify(bizContent),
      ...extra,
    };
    params.sign = rsa2Sign(params, this.config.privateKey);
    return params;
  }

  private async call<T>(method: string, bizContent: Record<string, unknown>): Promise<{ code: string; sub_code?: string } & T> {
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
      throw new PaymentUnavailableError(`alipay unreachable: ${(err as Error).message}`);
    }
    const key = `${method.replace(/\./g, '_')}_response`;
    // The signature covers the exact JSON text of the response object.
    const match = new RegExp(`"${key}"\\s*:\\s*(\\{.*?\\})\\s*,\\s*"sign"\\s*:\\s*"([^"]+)"`, 's').exec(text);
    if (!match) throw new PaymentUnavailableError('alipay answer without a signed response');
    if (!createVerify('RSA-SHA256').update(match[1]!, 'utf8').verify(this.config.alipayPublicKey, match[2]!, 'base64')) {
      throw new PaymentUnavailableError('alipay answer with a bad signature');
    }
    return JSON.parse(match[1]!);
  }

  async pagePay(input: PagePayInput): Promise<string> {
    const params = this.signedParams(
      'alipay.trade.page.pay',
      { out_trade_no: input.orderNo, total_amount: input.amount, subject: input.subject, product_code: 'FAST_INSTANT_TRADE_PAY', time_expire: alipayTime(input.expiresAt) },
      { notify_url: this.config.notifyUrl, return_url: this.config.returnUrl },
    );
    return `${this.config.gateway}?${new URLSearchParams(params).toString()}`;
  }

  async query(orderNo: string): Promise<Trade | null> {
    const body = await this.call<{ trade_status: TradeStatus; trade_no: string; total_amount: string; send_pay_date?: string }>('alipay.trade.query', { out_trade_no: orderNo });
    if (body.code === '40004' && body.sub_code === 'ACQ.TRADE_NOT_EXIST') return null;
    if (body.code !== '10000') throw new PaymentUnavailableError(`alipay refused: ${body.code} ${body.sub_code ?? ''}`);
    return { status: body.trade_status, tradeNo: body.trade_no, amount: body.total_amount, paidAt: parseAlipayTime(body.send_pay_date) };
  }

  async close(orderNo: string): Promise<'closed' | 'paid' | 'absent'> {
    const body = await this.call('alipay.trade.close', { out_trade_no: orderNo });
    if (body.code === '10000') return 'closed';
    if (body.sub_code === 'ACQ.TRADE_NOT_EXIST') return 'absent';
    // A trade already paid cannot be closed.
    if (body.sub_code === 'ACQ.TRADE_STATUS_ERROR') return 'paid';
    throw new PaymentUnavailableError(`alipay refused: ${body.code} ${body.sub_code ?? ''}`);
  }

  async refund(orderNo: string, amount: string, requestNo: string): Promise<void> {
    const body = await this.call('alipay.trade.refund', { out_trade_no: orderNo, refund_amount: amount, out_request_no: requestNo, refund_reason: '报名费退款' });
    if (body.code !== '10000') throw new PaymentUnavailableError(`alipay refused: ${body.code} ${body.sub_code ?? ''}`);
  }

  verify(params: Record<string, string>): boolean {
    return rsa2Verify(params, this.config.alipayPublicKey);
  }
}
