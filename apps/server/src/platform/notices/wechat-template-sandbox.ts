import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxOpenid } from '../wechat/sandbox';
import { sandboxWechatMessages } from './tables';
import { WechatSendError, type WechatTemplateMessage, type WechatTemplateSender } from './wechat-template';

export const SANDBOX_TEMPLATE_ID = 'sandbox-review-result';

/**
 * Behaves like WeChat's template message API: it refuses what WeChat refuses (an openid that is not
 * one of its own, a message without fields) and a person who does not follow the official account
 * (errcode 43004): in the sandbox the WeChat account 微信号 `unfollowed` is such a person, so a bound
 * WeChat that cannot receive can be tried. Delivered messages go to a record the 沙箱 page reads.
 */
export class SandboxWechatTemplateSender implements WechatTemplateSender {
  readonly kind = 'sandbox' as const;
  /** openids WeChat refuses with 43004 (require subscribe); tests may add to it. */
  readonly unfollowed = new Set<string>([sandboxOpenid('unfollowed')]);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async send(message: WechatTemplateMessage): Promise<void> {
    if (!/^[A-Za-z0-9_-]{20,40}$/.test(message.openid)) throw new WechatSendError('errcode 40003: invalid openid', 40003);
    if (Object.keys(message.data).length === 0) throw new WechatSendError('errcode 47001: data format error', 47001);
    if (this.unfollowed.has(message.openid)) throw new WechatSendError('errcode 43004: require subscribe', 43004);
    await this.db.insert(sandboxWechatMessages).values({ openid: message.openid, templateId: SANDBOX_TEMPLATE_ID, url: message.url, data: message.data, sentAt: this.clock.now() });
  }

  async received(openid: string, limit = 50) {
    return this.db.select().from(sandboxWechatMessages).where(eq(sandboxWechatMessages.openid, openid)).orderBy(desc(sandboxWechatMessages.seq)).limit(limit);
  }
}
