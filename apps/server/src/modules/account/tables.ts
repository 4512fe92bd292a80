import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The accountant's login identity (会计人员账号). */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    idType: text('id_type').notNull(),
    idNumber: text('id_number').notNull(),
    /** May hold characters outside the BMP (生僻字): the column is text, never varchar(n) in UTF-16 units. */
    realName: text('real_name').notNull(),
    mobile: text('mobile').notNull(),
    passwordHash: text('password_hash').notNull(),
    identityVerified: boolean('identity_verified').notNull().default(false),
    /** 实名认证: how and when (alipay 支付宝, manual 线上实名认证 approved by a reviewer). */
    identityMethod: text('identity_method').$type<'alipay' | 'manual'>(),
    identityVerifiedAt: ts('identity_verified_at'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // One account per ID (type + number) and one per mobile.
    uniqueIndex('accounts_id_doc_uq').on(t.idType, t.idNumber),
    uniqueIndex('accounts_mobile_uq').on(t.mobile),
    // Login by ID number alone (the person does not pick the type on the login page).
    index('accounts_id_number_idx').on(t.idNumber),
  ],
);

/** 微信扫码登录: the WeChat account (its openid for this application) bound to an account, one each way. */
export const accountWechat = pgTable(
  'account_wechat',
  {
    accountId: uuid('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    openid: text('openid').notNull(),
    unionid: text('unionid'),
    boundAt: ts('bound_at').notNull(),
  },
  (t) => [uniqueIndex('account_wechat_openid_uq').on(t.openid)],
);
