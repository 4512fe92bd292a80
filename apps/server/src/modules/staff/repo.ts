import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { staff, staffLoginChallenges } from './tables';

export type StaffRow = typeof staff.$inferSelect;
export type StaffLoginChallenge = typeof staffLoginChallenges.$inferSelect;

/** Queries of the staff tables; the rules are the services'. */
export class StaffRepo {
  constructor(private readonly db: Db) {}

  async byId(id: string, tx: Tx = this.db): Promise<StaffRow | undefined> {
    const [row] = await tx.select().from(staff).where(eq(staff.id, id));
    return row;
  }

  async byUsername(username: string): Promise<StaffRow | undefined> {
    const [row] = await this.db.select().from(staff).where(eq(staff.username, username));
    return row;
  }

  async update(tx: Tx, id: string, set: Partial<Omit<StaffRow, 'id'>>): Promise<void> {
    await tx.update(staff).set(set).where(eq(staff.id, id));
  }

  /**
   * Takes one password try of a staff member who is not locked, before the password is compared, so that
   * however many requests arrive at once no more than `max` are compared. Returns the tries now taken, or
   * null when the staff member is locked or the tries are used up.
   */
  async claimPasswordTry(id: string, now: Date, max: number): Promise<number | null> {
    const [row] = await this.db
      .update(staff)
      .set({ failedLogins: sql`${staff.failedLogins} + 1` })
      .where(and(eq(staff.id, id), lt(staff.failedLogins, max), or(isNull(staff.lockedUntil), lte(staff.lockedUntil, now))))
      .returning({ failedLogins: staff.failedLogins });
    return row?.failedLogins ?? null;
  }

  /** Gives back a try whose compare never ran (the hasher was busy or failed). */
  async refundPasswordTry(id: string): Promise<void> {
    await this.db
      .update(staff)
      .set({ failedLogins: sql`greatest(${staff.failedLogins} - 1, 0)` })
      .where(eq(staff.id, id));
  }

  /** The same for a TOTP code, on the staff member's own counter of wrong codes. */
  async claimTotpTry(id: string, now: Date, max: number): Promise<number | null> {
    const [row] = await this.db
      .update(staff)
      .set({ totpFailures: sql`${staff.totpFailures} + 1` })
      .where(and(eq(staff.id, id), lt(staff.totpFailures, max), or(isNull(staff.lockedUntil), lte(staff.lockedUntil, now))))
      .returning({ totpFailures: staff.totpFailures });
    return row?.totpFailures ?? null;
  }

  /**
   * Accepts a code of time step `step`: only if no code of this step or a later one was accepted before
   * (a replay, or two requests with one code at once, find nothing to update), and only for the secret the
   * code was checked against. Clears the count of wrong codes and stores a secret being enrolled.
   */
  async acceptTotpStep(tx: Tx, id: string, step: number, secret: string): Promise<boolean> {
    const rows = await tx
      .update(staff)
      .set({ totpLastStep: step, totpFailures: 0, totpSecret: secret })
      .where(
        and(
          eq(staff.id, id),
          or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step)),
          or(isNull(staff.totpSecret), eq(staff.totpSecret, secret)),
        ),
      )
      .returning({ id: staff.id });
    return rows.length > 0;
  }

  // ---- the second step of a login ----

  async createChallenge(values: StaffLoginChallenge): Promise<void> {
    await this.db.insert(staffLoginChallenges).values(values);
  }

  async challenge(tokenHash: string): Promise<StaffLoginChallenge | undefined> {
    const [row] = await this.db.select().from(staffLoginChallenges).where(eq(staffLoginChallenges.tokenHash, tokenHash));
    return row;
  }

  /** Takes one try of a pending login before its code is compared; null when its tries are used up. */
  async claimChallengeTry(tokenHash: string, max: number): Promise<number | null> {
    const [row] = await this.db
      .update(staffLoginChallenges)
      .set({ attempts: sql`${staffLoginChallenges.attempts} + 1` })
      .where(and(eq(staffLoginChallenges.tokenHash, tokenHash), lt(staffLoginChallenges.attempts, max)))
      .returning({ attempts: staffLoginChallenges.attempts });
    return row?.attempts ?? null;
  }

  /** Ends a pending login; false when it was gone already (another request finished it). */
  async deleteChallenge(tokenHash: string, tx: Tx = this.db): Promise<boolean> {
    const rows = await tx.delete(staffLoginChallenges).where(eq(staffLoginChallenges.tokenHash, tokenHash)).returning({ tokenHash: staffLoginChallenges.tokenHash });
    return rows.length > 0;
  }

  async deleteChallengesOf(staffId: string, tx: Tx = this.db): Promise<void> {
    await tx.delete(staffLoginChallenges).where(eq(staffLoginChallenges.staffId, staffId));
  }

  /** Pending logins of a staff member that nobody finished: removed when the next one starts. */
  async deleteStaleChallenges(staffId: string, createdBefore: Date): Promise<void> {
    await this.db.delete(staffLoginChallenges).where(and(eq(staffLoginChallenges.staffId, staffId), lt(staffLoginChallenges.createdAt, createdBefore)));
  }
}
