import type { UploadFileType, UploadPurpose } from '@ausm/domain';
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every accepted upload (issue 4). `id` is random and the only handle a client ever sees; the
 * storage key is derived from the content, so two people uploading the same photo share bytes but
 * never a row. `usedBy` names the record that consumed the file (`identity_verification:<id>`):
 * a file is attached once, and a resubmission needs fresh uploads (seed 000 §2.3). An upload no record
 * claims within a day is removed with its object (FileService.removeExpired).
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    ownerAccountId: uuid('owner_account_id').notNull(),
    purpose: text('purpose').notNull().$type<UploadPurpose>(),
    storageKey: text('storage_key').notNull(),
    type: text('type').notNull().$type<UploadFileType>(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    /** The user's file name, base name only (`displayName`): shown, never used as a path. */
    displayName: text('display_name').notNull(),
    createdAt: ts('created_at').notNull(),
    usedBy: text('used_by'),
    usedAt: ts('used_at'),
  },
  (t) => [
    index('files_owner_idx').on(t.ownerAccountId, t.createdAt),
    // The cleanup's scan for unused uploads past their day (issue 17).
    index('files_unused_created_idx').on(t.createdAt).where(sql`used_by is null`),
    // Whether another row still shares an object about to be deleted.
    index('files_storage_key_idx').on(t.storageKey),
  ],
);
