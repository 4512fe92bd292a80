import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The accountant's login identity (会计人员账号). */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    idType: text('id_type').notNull(),
    /** Sealed with SM4 (docs/personal-data.md); found by `idNumberIndex`. */
    idNumber: sealedText('id_number', 'accounts.id_number').notNull(),
    /**
     * HMAC-SM3 blind indexes of the ID number and the mobile, for login, 找回密码 and uniqueness. Written by
     * AccountRepo with every ID number and mobile; null only on a row the start-up data migration has not
     * reached (db/pii-migration.ts), which no request sees.
     */
    idNumberIndex: text('id_number_index'),
    /** May hold characters outside the BMP (生僻字): the column is text, never varchar(n) in UTF-16 units. */
    realName: text('real_name').notNull(),
    mobile: sealedText('mobile', 'accounts.mobile').notNull(),
    mobileIndex: text('mobile_index'),
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
    uniqueIndex('accounts_id_doc_uq').on(t.idType, t.idNumberIndex),
    uniqueIndex('accounts_mobile_uq').on(t.mobileIndex),
    // Login by ID number alone (the person does not pick the type on the login page).
    index('accounts_id_number_idx').on(t.idNumberIndex),
    // The console finds a person by the whole real name (issue 18), within the reviewer's scope.
    index('accounts_real_name_idx').on(t.realName),
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
