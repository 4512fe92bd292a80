import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /**
     * Base32 TOTP secret once enrolled; `totpRequired` is set by an administrator (or by STAFF_TOTP=required
     * for everyone). `totpLastStep` is the time step of the last code accepted: no code of it or before it is
     * taken again. `totpFailures` counts wrong codes since the last right one, across logins.
     */
    totpSecret: text('totp_secret'),
    totpRequired: boolean('totp_required').notNull().default(false),
    totpLastStep: integer('totp_last_step'),
    totpFailures: integer('totp_failures').notNull().default(0),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('staff_username_uq').on(t.username)],
);

/**
 * A staff login past the password, waiting for its second factor: the browser holds a random token, the
 * table its SHA-256. `attempts` are the codes tried with it (each taken before it is compared); `secret` is
 * the secret being enrolled, kept here until a code proves the person's app holds it.
 */
export const staffLoginChallenges = pgTable(
  'staff_login_challenges',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: uuid('staff_id').notNull(),
    secret: text('secret'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('staff_login_challenges_staff_idx').on(t.staffId)],
);
