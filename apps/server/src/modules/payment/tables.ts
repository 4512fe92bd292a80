import type { OrderStatus } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 订单 of 网上缴费 (seed 003 §6.1): the amount is fixed when it is generated; one open order an enrollment
 * (the partial unique index), so 生成订单 twice gives the same one.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    /** 订单号码: out_trade_no at the provider. */
    orderNo: text('order_no').notNull(),
    enrollmentId: uuid('enrollment_id').notNull(),
    accountId: uuid('account_id').notNull(),
    examId: uuid('exam_id').notNull(),
    provinceId: text('province_id').notNull(),
    /** Yuan as text, '112.00'. */
    amount: text('amount').notNull(),
    subject: text('subject').notNull(),
    provider: text('provider').notNull(),
    status: text('status').notNull().$type<OrderStatus>(),
    /** The provider's trade number, once it reported a payment. */
    tradeNo: text('trade_no'),
    createdAt: ts('created_at').notNull(),
    paidAt: ts('paid_at'),
    closedAt: ts('closed_at'),
    /** pay_window: 缴费时间 ended unpaid; re_enroll: 重新报名; paid_elsewhere: the enrollment was paid by another order. */
    closeReason: text('close_reason'),
  },
  (t) => [
    uniqueIndex('orders_order_no_uq').on(t.orderNo),
    uniqueIndex('orders_enrollment_open_uq').on(t.enrollmentId).where(sql`${t.status} = 'open'`),
    index('orders_enrollment_idx').on(t.enrollmentId),
    index('orders_exam_province_idx').on(t.examId, t.provinceId),
    index('orders_open_idx').on(t.status, t.createdAt),
  ],
);

/** Every asynchronous notification received, verified or not: a forged or altered one is refused and kept here. */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    id: uuid('id').primaryKey(),
    orderNo: text('order_no'),
    verified: boolean('verified').notNull(),
    /** ok, duplicate, bad_signature, wrong_app, unknown_order, amount_mismatch, malformed, refunded. */
    outcome: text('outcome').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    ip: text('ip'),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('payment_notifications_order_idx').on(t.orderNo)],
);

/**
 * 退款: money received that no enrollment can take (after the order was closed, or a second payment); one a
 * trade (the unique index), sent to the provider after commit and retried until it answers.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    orderNo: text('order_no').notNull(),
    tradeNo: text('trade_no').notNull(),
    enrollmentId: uuid('enrollment_id').notNull(),
    accountId: uuid('account_id').notNull(),
    examId: uuid('exam_id').notNull(),
    provinceId: text('province_id').notNull(),
    amount: text('amount').notNull(),
    /** after_close: paid after the order was closed; paid_elsewhere: the enrollment was already paid. */
    reason: text('reason').notNull(),
    /** pending until the provider confirms, then done. */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [uniqueIndex('refunds_trade_uq').on(t.orderNo, t.tradeNo), index('refunds_exam_province_idx').on(t.examId, t.provinceId), index('refunds_enrollment_idx').on(t.enrollmentId)],
);

export type OrderRow = typeof orders.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
