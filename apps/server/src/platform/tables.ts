import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The audit trail (审计日志): accountants' security events (registration, logins, lockouts, password
 * resets, logouts) and staff work on staff and on people. Rows are never updated, and deleted only
 * past the retention period: a trigger enforces both (migration 0009_audit_immutable,
 * docs/decisions/0007-audit-trail.md).
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The accountant concerned: the actor of their own events, the subject of staff work on them. */
    accountId: uuid('account_id'),
    /**
     * What the person typed to identify themselves (for failures on unknown accounts), masked as the portal
     * masks it (370*****1234, 156****5126; `staff:<username>` as it is), and its blind index to search by.
     * Never sealed: an audit row is never updated (issue 17 item 16), so a value under a key that rotates
     * away would become unreadable; a mask and an index need no key to stay as they are.
     */
    identifier: text('identifier'),
    identifierIndex: text('identifier_index'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: ts('at').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    /** The staff member who acted, and their username then (who). */
    actorStaffId: uuid('actor_staff_id'),
    actorUsername: text('actor_username'),
    /** The staff member acted upon, or whose console login the event is (whom). */
    subjectStaffId: uuid('subject_staff_id'),
  },
  (t) => [
    index('security_events_account_idx').on(t.accountId, t.at),
    index('security_events_at_idx').on(t.at),
    // Partial: most events (every accountant's login_success among them) have no staff and nothing typed, and
    // an index of null keys cost each of them three insertions that no search uses (`col = $1` implies not null).
    index('security_events_actor_staff_idx').on(t.actorStaffId, t.at).where(sql`${t.actorStaffId} is not null`),
    index('security_events_subject_staff_idx').on(t.subjectStaffId, t.at).where(sql`${t.subjectStaffId} is not null`),
    index('security_events_identifier_idx').on(t.identifierIndex, t.at).where(sql`${t.identifierIndex} is not null`),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_subject_idx').on(t.subjectKind, t.subjectId)],
);

/** SMS verification codes (the code itself is stored as a SHA-256). */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid('id').primaryKey(),
    /** Issue order, whatever the (sandbox) clock says. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    /** The mobile's blind index: a code is found by it and never needs the number back. */
    mobileIndex: text('mobile_index').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    sentAt: ts('sent_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: ts('consumed_at'),
    ip: text('ip'),
  },
  (t) => [index('sms_codes_mobile_idx').on(t.mobileIndex, t.sentAt)],
);

/** Data migrations done at start after the SQL ones (db/pii-migration.ts): each runs until it is recorded here. */
export const dataMigrations = pgTable('data_migrations', {
  name: text('name').primaryKey(),
  completedAt: ts('completed_at').notNull(),
});

/**
 * What the sandbox SMS gateway "delivered": the 沙箱 page and /api/sandbox/sms read it. The sandbox_* tables
 * stand for what the outside services keep (the phone's inbox, Alipay's and WeChat's records): they stay
 * plain, and production, which refuses every sandbox provider, never writes them.
 */
export const sandboxSmsOutbox = pgTable(
  'sandbox_sms_outbox',
  {
    id: uuid('id').primaryKey(),
    /** Delivery order, whatever the (sandbox) clock says: "newest first" reads this. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    mobile: text('mobile').notNull(),
    content: text('content').notNull(),
    code: text('code'),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [index('sandbox_sms_outbox_mobile_idx').on(t.mobile, t.sentAt)],
);

/** What the sandbox Alipay "knows" of each certification (the real one keeps this at Alipay). */
export const sandboxAlipayCertifications = pgTable('sandbox_alipay_certifications', {
  certifyId: text('certify_id').primaryKey(),
  outerOrderNo: text('outer_order_no').notNull(),
  certName: text('cert_name').notNull(),
  certNo: text('cert_no').notNull(),
  state: text('state').notNull(),
  mismatch: boolean('mismatch').notNull().default(false),
  timeout: boolean('timeout').notNull().default(false),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/** What the sandbox WeChat "knows" of each QR login (the real one keeps this at WeChat). */
export const sandboxWechatAuthorizations = pgTable(
  'sandbox_wechat_authorizations',
  {
    ticket: text('ticket').primaryKey(),
    state: text('state').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    /** waiting (QR shown), confirmed (the phone allowed it), cancelled (the phone refused). */
    status: text('status').notNull(),
    wechatId: text('wechat_id'),
    openid: text('openid'),
    code: text('code'),
    codeUsed: boolean('code_used').notNull().default(false),
    /** The phone confirmed, but WeChat's API will not answer the code exchange. */
    unavailable: boolean('unavailable').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    codeExpiresAt: ts('code_expires_at'),
  },
  (t) => [uniqueIndex('sandbox_wechat_authorizations_code_uq').on(t.code)],
);

/**
 * What the sandbox payment provider "knows" of each trade (the real one keeps this at Alipay): the order as
 * alipay.trade.page.pay sent it, what the buyer did on the cashier page, the notifications sent, the refunds.
 * `outage` lists the calls the provider does not answer for this trade (query, close, refund, notify), so the
 * platform's recovery can be tried.
 */
export const sandboxPayments = pgTable('sandbox_payments', {
  orderNo: text('order_no').primaryKey(),
  tradeNo: text('trade_no').notNull(),
  amount: text('amount').notNull(),
  subject: text('subject').notNull(),
  notifyUrl: text('notify_url').notNull(),
  returnUrl: text('return_url').notNull(),
  /** WAIT_BUYER_PAY, TRADE_SUCCESS or TRADE_CLOSED, as Alipay names them. */
  status: text('status').notNull(),
  paidAt: ts('paid_at'),
  /** time_expire of the request: the trade closes itself then, as Alipay's does. */
  expiresAt: ts('expires_at').notNull(),
  notifications: integer('notifications').notNull().default(0),
  /** The last notification sent, as signed (the sandbox's record of what it told the platform). */
  lastNotification: jsonb('last_notification').$type<Record<string, string>>(),
  refunds: jsonb('refunds').$type<Array<{ requestNo: string; amount: string; at: string }>>().notNull().default([]),
  outage: jsonb('outage').$type<string[]>().notNull().default([]),
  createdAt: ts('created_at').notNull(),
});

/**
 * What the sandbox national qualification records (全国会计资格职称库) took in besides their fixed list: the
 * qualifications the platform's score ledger completed (issue 24). Kept by certificate number, so entering one
 * twice keeps one; found by ID number (the ledger holds no names).
 */
export const sandboxQualificationRecords = pgTable(
  'sandbox_qualification_records',
  {
    certificateNo: text('certificate_no').primaryKey(),
    idNumber: text('id_number').notNull(),
    level: text('level').notNull().$type<'junior' | 'intermediate' | 'senior'>(),
    obtainedAt: text('obtained_at').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('sandbox_qualification_records_person_idx').on(t.idNumber)],
);
