import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type NoticeStatus = 'pending' | 'sent' | 'failed';
export type NoticeChannel = 'wechat' | 'sms';

/** What a WeChat template message carries: the template's fields (first, keyword1…, remark). */
export type NoticeTemplateData = Record<string, string>;

/**
 * The notices outbox (docs/record-life.md, "How notices are sent"): one row per review decision, written in
 * the deciding transaction, delivered after commit by WeChat template message or SMS, retried on the
 * platform clock up to a maximum number of tries and then kept as 发送失败 for staff to see and retry.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    reviewItemId: uuid('review_item_id').notNull(),
    reviewKind: text('review_kind').notNull(),
    /** The item's status the decision led to: approved, rejected (and later ones, e.g. returned). */
    decision: text('decision').notNull(),
    /** Copied from the item: staff of this subtree see the notice in the console. */
    authorityPath: text('authority_path').notNull(),
    /** The item's masked name and ID of the person, for the console's list. */
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    /** The message in Chinese, as an SMS carries it (and as WeChat shows it, field by field in `templateData`). */
    content: text('content').notNull(),
    templateData: jsonb('template_data').$type<NoticeTemplateData>().notNull(),
    status: text('status').notNull().$type<NoticeStatus>(),
    /** The channel of the last attempt (null before the first). */
    channel: text('channel').$type<NoticeChannel>(),
    tries: integer('tries').notNull().default(0),
    /** Attempts left before the notice is kept as 发送失败; an administrator's 重试 gives a fresh round. */
    triesLeft: integer('tries_left').notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A sender holds the row until then (another process takes it over after, should the sender die). */
    leaseUntil: ts('lease_until'),
    claimToken: uuid('claim_token'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    /** The item's decision time (the time the notice speaks of). */
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [
    index('notices_due_idx').on(t.status, t.nextAttemptAt),
    index('notices_account_idx').on(t.accountId, t.createdAt),
    index('notices_item_idx').on(t.reviewItemId),
    index('notices_path_idx').on(t.authorityPath.op('text_pattern_ops')),
  ],
);

/** The sandbox WeChat's record of the template messages it "delivered" (the 沙箱 phone shows them). */
export const sandboxWechatMessages = pgTable(
  'sandbox_wechat_messages',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    openid: text('openid').notNull(),
    templateId: text('template_id').notNull(),
    url: text('url'),
    data: jsonb('data').$type<NoticeTemplateData>().notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [index('sandbox_wechat_messages_openid_idx').on(t.openid, t.seq)],
);
