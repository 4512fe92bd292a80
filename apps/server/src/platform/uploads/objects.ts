import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { FileStore } from './storage';

/** Whether some row of one module still names the object under `key`. */
export type ObjectHolder = (tx: Tx, key: string) => Promise<boolean>;

/**
 * The objects of the file store and the rows that name them. Keys are content hashes, so one object may serve
 * rows of several modules: an accountant's 继续教育 proof can be the very PDF the 财政部 published as a standard.
 * Each module that keeps storage keys registers how to ask whether it still names one (registered, not
 * imported: no module reads another's tables), and an object goes only when none does.
 *
 * Writing an object and deciding to remove it take turns on the key's lock, a transaction-scoped advisory lock:
 * a write holds it until its row commits, a removal holds it from the check to the delete, so a fresh row never
 * ends up naming an object a removal took from under it.
 */
export class StoredObjects {
  private readonly holders = new Map<string, ObjectHolder>();

  constructor(
    private readonly db: Db,
    private readonly store: FileStore,
    /** A release that failed after its row's commit: the row is right, the object is left over (logged). */
    private readonly onReleaseError: (err: unknown, key: string) => void = () => undefined,
  ) {}

  /** A module that keeps storage keys, under its name (registering a name again replaces its holder). */
  register(name: string, holds: ObjectHolder): void {
    this.holders.set(name, holds);
  }

  /** Holds `key`'s lock until the transaction ends. */
  async lock(tx: Tx, key: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`files:object:${key}`}, 0))`);
  }

  /** Whether any module's row names `key`; under its lock, the answer holds until the transaction ends. */
  async inUse(tx: Tx, key: string): Promise<boolean> {
    for (const holds of this.holders.values()) if (await holds(tx, key)) return true;
    return false;
  }

  /** Writes an accepted file inside the transaction that will name it, under its key's lock (held to its commit). */
  async put(tx: Tx, file: { key: string; bytes: Buffer; type: string }): Promise<string> {
    await this.lock(tx, file.key);
    return this.store.put(file.bytes, file.type);
  }

  /**
   * Inside a transaction that holds `key`'s lock and has already dropped its own row's claim: deletes the object
   * unless another row names it. Answers whether it went. A failed delete throws, so the caller's rows stay too.
   */
  async removeIfUnused(tx: Tx, key: string): Promise<boolean> {
    if (await this.inUse(tx, key)) return false;
    await this.store.delete(key);
    return true;
  }

  /**
   * After the commit of a change that stopped naming these keys (a standard's PDF replaced or removed): each
   * object goes, in its own transaction under its lock, unless a row names it by then. Only after the commit: a
   * change rolled back must still find its object. A failure is reported, not thrown: the change stands, and
   * the object is only left over, as one would be by a crash between the commit and this call.
   */
  async release(keys: Array<string | null | undefined>): Promise<void> {
    for (const key of new Set(keys)) {
      if (!key) continue;
      try {
        await this.db.transaction(async (tx) => {
          await this.lock(tx, key);
          await this.removeIfUnused(tx, key);
        });
      } catch (err) {
        this.onReleaseError(err, key);
      }
    }
  }
}
