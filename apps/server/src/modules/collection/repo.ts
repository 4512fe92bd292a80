import { and, asc, eq, inArray, isNotNull, isNull, sql, type Placeholder } from 'drizzle-orm';
import { anyOf, type Db, type Tx } from '../../db/client';
import { blindIndex } from '../../platform/pii/keyring';
import { collectionImports, collectionProfiles, educationRecords, workRecords, type PartStatus } from './tables';

export type ProfileRow = typeof collectionProfiles.$inferSelect;
export type EducationRow = typeof educationRecords.$inferSelect;
export type WorkRow = typeof workRecords.$inferSelect;
export type RecordTable = typeof educationRecords | typeof workRecords;
export type ImportRow = typeof collectionImports.$inferSelect;

/** Queries of the collection module, nothing else. */
export class CollectionRepo {
  profile(db: Db | Tx, accountId: string, lock = false): Promise<ProfileRow | undefined> {
    const q = db.select().from(collectionProfiles).where(eq(collectionProfiles.accountId, accountId));
    return (lock ? q.for('update') : q).then((r) => r[0]);
  }

  async insertProfile(db: Db | Tx, accountId: string, now: Date): Promise<void> {
    await db.insert(collectionProfiles).values({ accountId, createdAt: now, updatedAt: now }).onConflictDoNothing();
  }

  async updateProfile(db: Db | Tx, accountId: string, set: Partial<ProfileRow>): Promise<void> {
    await db.update(collectionProfiles).set(set).where(eq(collectionProfiles.accountId, accountId));
  }

  // Records are listed in the order of the person's life, not of their entry: an import of a
  // province's history enters hundreds at one instant. ISO dates in `data` sort as text; a record
  // imported without a start date comes last.
  education(db: Db | Tx, accountId: string): Promise<EducationRow[]> {
    return this.educationOf(db, [accountId]);
  }

  work(db: Db | Tx, accountId: string): Promise<WorkRow[]> {
    return this.workOf(db, [accountId]);
  }

  /**
   * The profiles of several people at once (`batchedRead`; a placeholder: prepared once), and below their records,
   * each person's in that order.
   */
  profilesOf(db: Db, accountIds: string[] | Placeholder) {
    return db.select().from(collectionProfiles).where(anyOf(collectionProfiles.accountId, accountIds));
  }

  educationOf(db: Db | Tx, accountIds: string[] | Placeholder) {
    return db
      .select()
      .from(educationRecords)
      .where(anyOf(educationRecords.accountId, accountIds))
      .orderBy(sql`${educationRecords.data}->>'startDate'`, asc(educationRecords.createdAt), asc(educationRecords.id));
  }

  workOf(db: Db | Tx, accountIds: string[] | Placeholder) {
    return db
      .select()
      .from(workRecords)
      .where(anyOf(workRecords.accountId, accountIds))
      .orderBy(sql`${workRecords.data}->>'startDate'`, asc(workRecords.createdAt), asc(workRecords.id));
  }

  /** One record of the account, locked for the write that follows; undefined when not theirs. */
  async record<T extends RecordTable>(tx: Tx, table: T, accountId: string, id: string): Promise<T['$inferSelect'] | undefined> {
    const rows = await tx
      .select()
      .from(table as RecordTable)
      .where(and(eq(table.id, id), eq(table.accountId, accountId)))
      .for('update');
    return rows[0] as T['$inferSelect'] | undefined;
  }

  async setPartStatus(db: Db | Tx, table: RecordTable, id: string, status: PartStatus, opinion: string | null, reviewItemId?: string): Promise<void> {
    await db
      .update(table)
      .set({ reviewStatus: status, reviewOpinion: opinion, ...(reviewItemId ? { reviewItemId } : {}) })
      .where(eq(table.id, id));
  }

  /** The 会计管理部门 chosen by each of these accounts that has chosen one. */
  async authoritiesOf(db: Db | Tx, accountIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < accountIds.length; i += 1000) {
      const rows = await db
        .select({ accountId: collectionProfiles.accountId, authorityId: collectionProfiles.authorityId })
        .from(collectionProfiles)
        .where(and(inArray(collectionProfiles.accountId, accountIds.slice(i, i + 1000)), isNotNull(collectionProfiles.authorityId)));
      for (const r of rows) out.set(r.accountId, r.authorityId!);
    }
    return out;
  }

  /** Rows imported for this person and not yet taken, locked so two first visits take them once. */
  pendingImports(tx: Tx, idType: string, idNumber: string): Promise<ImportRow[]> {
    return tx
      .select()
      .from(collectionImports)
      .where(and(eq(collectionImports.idType, idType), eq(collectionImports.idNumberIndex, blindIndex(idNumber)), isNull(collectionImports.takenBy)))
      .orderBy(asc(collectionImports.importedAt), asc(collectionImports.sourceKey))
      .for('update');
  }

  async markImportTaken(tx: Tx, id: string, accountId: string, now: Date): Promise<void> {
    await tx.update(collectionImports).set({ takenBy: accountId, takenAt: now }).where(eq(collectionImports.id, id));
  }
}
