import { and, eq, inArray, isNull, lt, lte, or, sql, type WithSubquery } from 'drizzle-orm';
import { anyOf, batchedRead, groupRows, isUuid, preparedOnce, type Db, type Tx } from '../../db/client';
import { blindIndex } from '../../platform/pii/keyring';
import { accounts, accountWechat } from './tables';

export type AccountRow = typeof accounts.$inferSelect;

/**
 * What a login reads of each account of its identifier: what it checks (the hash, the lock) and what it
 * answers (toAccountView), not the blind indexes, the counts or the dates it never looks at. Every login
 * reads these rows, and each column is parsed and mapped on the event loop.
 */
const LOGIN_COLUMNS = {
  id: accounts.id,
  idType: accounts.idType,
  idNumber: accounts.idNumber,
  realName: accounts.realName,
  mobile: accounts.mobile,
  identityVerified: accounts.identityVerified,
  passwordHash: accounts.passwordHash,
  lockedUntil: accounts.lockedUntil,
};
export type LoginAccount = Pick<AccountRow, keyof typeof LOGIN_COLUMNS>;
type AccountInsert = Omit<typeof accounts.$inferInsert, 'idNumberIndex' | 'mobileIndex'>;
type AccountSet = Partial<AccountInsert>;

/**
 * The ID number and the mobile are sealed (platform/pii): they are found by their blind indexes, which every
 * write of either sets here, so no caller can store one without the other.
 */
const withIndexes = <T extends AccountSet>(row: T) => ({
  ...row,
  ...(row.idNumber !== undefined ? { idNumberIndex: blindIndex(row.idNumber) } : {}),
  ...(row.mobile !== undefined ? { mobileIndex: blindIndex(row.mobile) } : {}),
});

/** Queries on accounts and what is bound to them, nothing else. */
export class AccountRepo {
  constructor(private readonly db: Db) {}

  byId(id: string, tx?: Tx): Promise<AccountRow | undefined> {
    // Outside a transaction, with the other requests' of the moment: every page of the person reads the account.
    if (!tx || tx === this.db) return this.byIdBatched(id);
    return tx.select().from(accounts).where(eq(accounts.id, id)).then((r) => r[0]);
  }
  private readonly byIdBatched = batchedRead(async (ids: readonly string[]) => {
    const rows = await this.byIdsStatement().execute({ ids: ids.filter(isUuid) });
    return groupRows(ids, rows, (r) => r.id).map((g) => g[0]);
  });
  private readonly byIdsStatement = preparedOnce(() => this.db.select().from(accounts).where(anyOf(accounts.id, sql.placeholder('ids'))).prepare('accounts_by_ids'));

  /**
   * Login accepts the ID number (of any type) or the mobile: one HMAC of what was typed, compared with both
   * blind indexes by the prepared statement.
   */
  byIdentifier(identifier: string): Promise<AccountRow[]> {
    return this.byIdentifierStatement().execute({ identifier: blindIndex(identifier) });
  }
  private readonly byIdentifierStatement = preparedOnce(() => {
    const identifier = sql.placeholder('identifier');
    return this.db
      .select()
      .from(accounts)
      .where(or(eq(accounts.idNumberIndex, identifier), eq(accounts.mobileIndex, identifier)))
      .limit(5)
      .prepare('account_by_identifier');
  });

  /**
   * The accounts of a login's identifier, each with one password try taken, in the same statement, if it
   * is open: not locked and with tries left (fewer than `max` taken). `tries` is the count with this one (null: none was taken, the
   * account is locked or its tries are all in use). However many logins arrive at once, no more are compared
   * than the lockout allows, and a login still makes one round trip before its hash. The accounts are read
   * as they were before the claim (one snapshot for the whole statement).
   */
  claimLoginTries(identifier: string, now: Date, max: number): Promise<Array<{ account: LoginAccount; tries: number | null }>> {
    // One HMAC of what was typed, compared with both blind indexes (the ID number and the mobile are sealed).
    return this.claimLoginTriesStatement().execute({ identifier: blindIndex(identifier), now, max });
  }
  private readonly claimLoginTriesStatement = preparedOnce(() => {
    const identifier = sql.placeholder('identifier');
    const now = sql.placeholder('now');
    const ofIdentifier = or(eq(accounts.idNumberIndex, identifier), eq(accounts.mobileIndex, identifier));
    const claimed = this.db.$with('claimed').as(
      this.db
        .update(accounts)
        .set({ failedLogins: sql`${accounts.failedLogins} + 1` })
        .where(and(ofIdentifier, lt(accounts.failedLogins, sql.placeholder('max')), or(isNull(accounts.lockedUntil), lte(accounts.lockedUntil, now))))
        .returning({ claimedId: accounts.id, tries: accounts.failedLogins }),
    );
    return this.db
      .with(claimed)
      .select({ account: LOGIN_COLUMNS, tries: claimed.tries })
      .from(accounts)
      .leftJoin(claimed, eq(claimed.claimedId, accounts.id))
      .where(ofIdentifier)
      .limit(5)
      .prepare('account_claim_login_tries');
  });

  /**
   * What a right password does to the account's count, as a clause of the statement that opens the
   * session (SessionService.loginStatement): the tries up to and including this login's go (`tries`, as
   * claimed), any taken since by logins still comparing stay, and a lockout set meanwhile is lifted.
   */
  static rightPasswordClause(db: Db): WithSubquery {
    return db.$with('account_right_password').as(
      db
        .update(accounts)
        .set({ failedLogins: sql`greatest(${accounts.failedLogins} - ${sql.placeholder('tries')}, 0)`, lockedUntil: null })
        .where(eq(accounts.id, sql.placeholder('accountId')))
        .returning({ id: accounts.id }),
    );
  }

  /** The same as rightPasswordClause, in the caller's transaction (a login that binds a WeChat, say). */
  rightPassword(tx: Tx, id: string, tries: number) {
    return tx
      .update(accounts)
      .set({ failedLogins: sql`greatest(${accounts.failedLogins} - ${tries}, 0)`, lockedUntil: null })
      .where(eq(accounts.id, id));
  }

  byIdNumber(idNumber: string): Promise<AccountRow[]> {
    return this.db.select().from(accounts).where(eq(accounts.idNumberIndex, blindIndex(idNumber))).limit(5);
  }

  /** The accounts of an ID number (of any type): the console's search by a whole ID number. */
  async idsByIdNumber(idNumber: string): Promise<string[]> {
    const rows = await this.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.idNumberIndex, blindIndex(idNumber))).limit(5);
    return rows.map((r) => r.id);
  }

  /**
   * The accounts whose real name is exactly `name`, as a subquery: the console's search by full name
   * joins it to the queue of the reviewer's own scope, so a common name never travels as a list of ids.
   */
  idsByRealNameQuery(name: string) {
    return this.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.realName, name));
  }

  /** Real names by account id (for a page of the console's queue: ids already within the reviewer's scope). */
  async realNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.select({ id: accounts.id, realName: accounts.realName }).from(accounts).where(inArray(accounts.id, ids));
    return new Map(rows.map((r) => [r.id, r.realName]));
  }

  /** The accounts of these ID numbers (any type; the caller matches the type), found by their blind indexes. */
  byIdNumbers(idNumbers: string[]): Promise<Array<Pick<AccountRow, 'id' | 'idType' | 'idNumber'>>> {
    if (!idNumbers.length) return Promise.resolve([]);
    return this.db
      .select({ id: accounts.id, idType: accounts.idType, idNumber: accounts.idNumber })
      .from(accounts)
      .where(inArray(accounts.idNumberIndex, idNumbers.map((n) => blindIndex(n))));
  }

  async existsIdDocument(idType: string, idNumber: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.idType, idType), eq(accounts.idNumberIndex, blindIndex(idNumber))))
      .limit(1);
    return rows.length > 0;
  }

  async existsMobile(mobile: string): Promise<boolean> {
    const rows = await this.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.mobileIndex, blindIndex(mobile))).limit(1);
    return rows.length > 0;
  }

  insert(tx: Tx, row: AccountInsert) {
    return tx.insert(accounts).values(withIndexes(row));
  }

  update(tx: Tx, id: string, set: AccountSet) {
    return tx.update(accounts).set(withIndexes(set)).where(eq(accounts.id, id));
  }

  /** Marks the account verified unless it already is: the first verification stands. */
  markIdentityVerified(tx: Tx, id: string, set: Pick<typeof accounts.$inferInsert, 'identityMethod' | 'identityVerifiedAt' | 'updatedAt'>) {
    return tx
      .update(accounts)
      .set({ ...set, identityVerified: true })
      .where(and(eq(accounts.id, id), eq(accounts.identityVerified, false)));
  }

  /**
   * Takes one password try of an account that is not locked, before the password is compared, so that
   * however many requests arrive at once no more than `max` are compared. Returns the tries now taken,
   * or null when the account is locked or its tries are used up.
   */
  async claimPasswordTry(id: string, now: Date, max: number): Promise<number | null> {
    const [row] = await this.db
      .update(accounts)
      .set({ failedLogins: sql`${accounts.failedLogins} + 1` })
      .where(and(eq(accounts.id, id), lt(accounts.failedLogins, max), or(isNull(accounts.lockedUntil), lte(accounts.lockedUntil, now))))
      .returning({ failedLogins: accounts.failedLogins });
    return row?.failedLogins ?? null;
  }

  /** Gives back a try taken by claimPasswordTry or claimLoginTries whose compare never ran (or did not count). */
  async refundPasswordTry(ids: string | string[], tx: Tx = this.db): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : ids;
    if (list.length === 0) return;
    await tx
      .update(accounts)
      .set({ failedLogins: sql`greatest(${accounts.failedLogins} - 1, 0)` })
      .where(inArray(accounts.id, list));
  }

  /** The account a WeChat (openid) is bound to. */
  byWechatOpenid(openid: string): Promise<AccountRow | undefined> {
    return this.db
      .select({ account: accounts })
      .from(accountWechat)
      .innerJoin(accounts, eq(accounts.id, accountWechat.accountId))
      .where(eq(accountWechat.openid, openid))
      .then((r) => r[0]?.account);
  }

  /** Binds a WeChat to the account, replacing the one bound before; a WeChat bound elsewhere violates account_wechat_openid_uq. */
  bindWechat(tx: Tx, accountId: string, identity: { openid: string; unionid: string | null }, now: Date) {
    const row = { accountId, openid: identity.openid, unionid: identity.unionid, boundAt: now };
    return tx.insert(accountWechat).values(row).onConflictDoUpdate({ target: accountWechat.accountId, set: { openid: row.openid, unionid: row.unionid, boundAt: now } });
  }

  wechatOf(accountId: string) {
    return this.db.select().from(accountWechat).where(eq(accountWechat.accountId, accountId)).then((r) => r[0]);
  }

  /** Removes the account's WeChat; returns how many rows went (0 or 1). */
  async unbindWechat(tx: Tx, accountId: string): Promise<number> {
    const rows = await tx.delete(accountWechat).where(eq(accountWechat.accountId, accountId)).returning({ accountId: accountWechat.accountId });
    return rows.length;
  }
}
