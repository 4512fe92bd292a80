/** A text message to one mainland mobile. `code` is the verification code it carries, if any. */
export type SmsMessage = {
  mobile: string;
  content: string;
  code: string | null;
  templateParams?: Record<string, string>;
  /** Which registered template a real gateway sends: the verification code's (default) or a notice's. */
  template?: 'code' | 'notice';
};

export class SmsDeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'SmsDeliveryError';
  }
}

/** The SMS gateway: a sandbox that keeps an outbox locally, or a real provider. */
export interface SmsGateway {
  readonly kind: 'sandbox' | 'aliyun';
  send(message: SmsMessage): Promise<void>;
}
