import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxSmsOutbox } from '../tables';
import { SmsDeliveryError, type SmsGateway, type SmsMessage } from './gateway';

/**
 * Behaves like the real gateway: it refuses what the carrier would refuse (a number that is not
 * a mainland mobile, an empty or over-long message), and can be told to fail. Delivered messages
 * go to an outbox that the 沙箱 page and GET /api/sandbox/sms read.
 */
export class SandboxSmsGateway implements SmsGateway {
  readonly kind = 'sandbox' as const;
  /** Numbers that the "carrier" cannot reach (携号转网 or switched off), for failure demos. */
  readonly unreachable = new Set<string>(['13900000000']);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    if (!/^1[3-9]\d{9}$/.test(message.mobile)) throw new SmsDeliveryError('invalid mobile', false);
    if (!message.content || [...message.content].length > 500) throw new SmsDeliveryError('invalid content', false);
    if (this.unreachable.has(message.mobile)) throw new SmsDeliveryError('carrier rejected the number', false);
    await this.db.insert(sandboxSmsOutbox).values({
      id: randomUUID(),
      mobile: message.mobile,
      content: message.content,
      code: message.code,
      sentAt: this.clock.now(),
    });
  }

  async outbox(mobile?: string, limit = 50) {
    const q = this.db
      .select({ mobile: sandboxSmsOutbox.mobile, content: sandboxSmsOutbox.content, code: sandboxSmsOutbox.code, sentAt: sandboxSmsOutbox.sentAt })
      .from(sandboxSmsOutbox);
    return (mobile ? q.where(eq(sandboxSmsOutbox.mobile, mobile)) : q).orderBy(desc(sandboxSmsOutbox.seq)).limit(limit);
  }
}
