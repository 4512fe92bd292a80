import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sealedText } from '../../platform/pii/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type StaffRole = 'reviewer' | 'admin';

/** 财政用户: staff of one authority, who review and administer within its subtree. */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey(),
    authorityId: text('authority_id').notNull(),
    username: text('username').notNull(),
    realName: text('real_name').notNull(),
    mobile: sealedText('mobile', 'staff.mobile'),
    passwordHash: text('password_hash').notNull(),
    roles: jsonb('roles').$type<StaffRole[]>().notNull(),
    disabled: boolean('disabled').notNull().default(false),
    /** Base32 TOTP secret once enrolled; `totpRequired` is set by an administrator. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpRequired: boolean('totp_required').notNull().default(false),
    totpLastStep: integer('totp_last_step'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('staff_username_uq').on(t.username)],
);
