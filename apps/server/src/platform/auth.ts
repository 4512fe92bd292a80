import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, ne, sql, type WithSubquery } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_RULES } from '@ausm/domain';
import { anyOf, batchedRead, preparedOnce, type Db, type Tx } from '../db/client';
import type { AuditLog, RequestOrigin } from './audit';
import type { Clock } from './clock';
import { AppError } from './errors';
import { sessions } from './tables';

export const SESSION_COOKIE = 'ausm_sid';
// A staff member past the password, waiting for the TOTP step, has no session: see staff_login_challenges.
export type SubjectKind = 'accountant' | 'staff' | 'employer';
/** `expiresAt`: when the session ends unless used again (idle timeout, or the 12-hour limit if sooner). */
export type SessionSubject = { kind: SubjectKind; id: string; tokenHash: string; expiresAt: Date };
/**
 * What asking for a session does to its idle clock: `use` is any request of the person (recorded at most
 * once a minute), `peek` only reads it (the portal's question "how long is left?" must not itself keep the
 * session alive), `extend` records it now (继续使用 in the expiry warning).
 */
export type SessionTouch = 'use' | 'peek' | 'extend';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Longer than any token the platform issues (105 characters); a longer cookie is no session, unread. */
const MAX_TOKEN_LENGTH = 160;
const clip = (userAgent: string | null) => userAgent?.slice(0, 512) ?? null;
/** The stored hash of the session the request's cookie names, which a login replaces; null if none. */
const replacedHash = (origin: RequestOrigin) => (origin.sessionToken && origin.sessionToken.length <= MAX_TOKEN_LENGTH ? hashToken(origin.sessionToken) : null);

const KIND_LETTER: Record<SubjectKind, string> = { accountant: 'a', staff: 's', employer: 'e' };
/** The claim's tag: 128 bits of HMAC-SM3. */
const CLAIM_TAG_BYTES = 16;

/**
 * Session tokens, and the claim each carries. A token is 256 random bits, then whose session it is (the kind's
 * letter and the subject's id) and an HMAC-SM3 tag of the three under the server's claim key:
 * `<random>.<a|s|e>.<id>.<tag>`. The database keeps only the token's hash and is the authority on whether the
 * session is live (`resolve`). The claim answers one question without it, for the peak's admission control:
 * whose place in the queue a request is (`claimOf`). A claim proves that this server issued the token for that
 * person, not that the session is still open; a request admitted from the queue still goes through `require`
 * (decision 0029).
 */
export class SessionTokens {
  private readonly claimKey: Buffer;

  /** `secret`: the PII index key (PII_INDEX_KEY), from which the claim key is derived (HKDF-SM3, a label of its own). */
  constructor(secret: Buffer) {
    if (secret.length < 16) throw new Error('the session claim secret must be at least 128 bits');
    this.claimKey = Buffer.from(hkdfSync('sm3', secret, Buffer.alloc(0), 'ausm-session/v1/claim', 32));
  }

  issue(kind: SubjectKind, subjectId: string): string {
    const body = `${randomBytes(32).toString('base64url')}.${KIND_LETTER[kind]}.${subjectId}`;
    return `${body}.${this.tag(body).toString('base64url')}`;
  }

  /** The subject a token claims to be the session of, when its tag is this server's and its kind `kind`; else null. */
  claimOf(token: string | undefined, kind: SubjectKind): string | null {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const cut = token.lastIndexOf('.');
    if (cut < 0) return null;
    const body = token.slice(0, cut);
    const parts = body.split('.');
    if (parts.length !== 3 || parts[1] !== KIND_LETTER[kind] || !parts[2]) return null;
    // The tag as written, not as decoded: base64url's last character has spare bits, so four spellings decode alike.
    const given = Buffer.from(token.slice(cut + 1));
    const expected = Buffer.from(this.tag(body).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return parts[2];
  }

  private tag(body: string): Buffer {
    return createHmac('sm3', this.claimKey).update(body).digest().subarray(0, CLAIM_TAG_BYTES);
  }
}
// Writing last_seen_at on every request would turn every read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions that expire when idle. The cookie carries a random token; the database
 * keeps only its hash, so a leaked table cannot be replayed.
 */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cookie: { secure: boolean },
    private readonly audit: AuditLog,
    readonly tokens: SessionTokens,
  ) {}

  /**
   * Opens a session in the caller's transaction. It ends the session the same browser's cookie held
   * before, in the same transaction (a staff login waiting for its 动态口令 is no session yet): a
   * browser is logged in as one person at a time, and whoever logs in after someone else on a shared
   * computer does not leave the first person's session open behind the cookie they replace.
   */
  async create(tx: Tx, kind: SubjectKind, subjectId: string, origin: RequestOrigin): Promise<string> {
    const token = this.tokens.issue(kind, subjectId);
    const now = this.clock.now();
    const replaced = replacedHash(origin);
    if (replaced) await tx.delete(sessions).where(eq(sessions.tokenHash, replaced));
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      subjectKind: kind,
      subjectId,
      createdAt: now,
      lastSeenAt: now,
      ip: origin.ip,
      userAgent: clip(origin.userAgent),
    });
    return token;
  }

  /**
   * The statement of an accountant's password login, prepared once under `name`: it opens the session,
   * writes its login_success event, ends the session the browser's cookie held (as `create` does), and
   * runs the caller's own clauses (`clauses`, WITH clauses whose placeholders the opener's `params` fill,
   * e.g. the account's count of tries). One statement is atomic by itself: one round trip instead of
   * BEGIN, the writes and COMMIT. Prepared once because at a peak every login runs it, and building it
   * anew took the event loop longer than the database takes to run it.
   */
  loginStatement(name: string, clauses: (db: Db) => WithSubquery[] = () => []) {
    const statement = preparedOnce(() => {
      const now = sql.placeholder('now');
      const ended = this.db.$with('replaced_session').as(
        this.db.delete(sessions).where(eq(sessions.tokenHash, sql.placeholder('replaces'))).returning({ tokenHash: sessions.tokenHash }),
      );
      return this.db
        .with(ended, this.audit.loginSuccessClause(this.db), ...clauses(this.db))
        .insert(sessions)
        .values({
          tokenHash: sql.placeholder('tokenHash'),
          subjectKind: 'accountant' satisfies SubjectKind,
          subjectId: sql.placeholder('accountId'),
          createdAt: now,
          lastSeenAt: now,
          ip: sql.placeholder('ip'),
          userAgent: sql.placeholder('userAgent'),
        })
        .prepare(name);
    });
    return async (accountId: string, origin: RequestOrigin, params: Record<string, unknown> = {}): Promise<string> => {
      const token = this.tokens.issue('accountant', accountId);
      await statement().execute({
        ...params,
        tokenHash: hashToken(token),
        accountId,
        ip: origin.ip,
        userAgent: clip(origin.userAgent),
        now: this.clock.now(),
        replaces: replacedHash(origin),
      });
      return token;
    };
  }

  async resolve(token: string | undefined, touch: SessionTouch = 'use'): Promise<SessionSubject | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const tokenHash = hashToken(token);
    const row = await this.sessionRow(tokenHash);
    if (!row) return null;
    const now = this.clock.now();
    const idle = now.getTime() - row.lastSeenAt.getTime();
    if (idle > ACCOUNT_RULES.sessionIdleMs || now.getTime() - row.createdAt.getTime() > ACCOUNT_RULES.sessionMaxAgeMs) {
      await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
      return null;
    }
    let lastSeenAt = row.lastSeenAt;
    if (touch === 'extend' || (touch === 'use' && idle > TOUCH_INTERVAL_MS)) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
      lastSeenAt = now;
    }
    const expiresAt = new Date(
      Math.min(lastSeenAt.getTime() + ACCOUNT_RULES.sessionIdleMs, row.createdAt.getTime() + ACCOUNT_RULES.sessionMaxAgeMs),
    );
    return { kind: row.subjectKind as SubjectKind, id: row.subjectId, tokenHash, expiresAt };
  }

  /**
   * Whose live session a token is, read only (no touch, nothing ended): for placing a request in the peak's
   * queue, where most requests are refused and a refusal must cost next to nothing. The reads of the requests
   * that arrive in one turn of the event loop are one statement (`dataloader`, scheduled on setImmediate);
   * at a peak's opening, thousands of newcomers a second are a few dozen statements. What a request then does
   * is still checked by `require`.
   */
  async subjectOf(token: string | undefined, kind: SubjectKind): Promise<string | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    const row = await this.sessionRow(hashToken(token));
    if (!row || row.subjectKind !== kind) return null;
    const now = this.clock.now().getTime();
    if (now - row.lastSeenAt.getTime() > ACCOUNT_RULES.sessionIdleMs || now - row.createdAt.getTime() > ACCOUNT_RULES.sessionMaxAgeMs) return null;
    return row.subjectId;
  }

  /**
   * Every request of everyone reads its session: those of one turn of the event loop in one statement
   * (`batchedRead`), so at a peak's opening thousands of newcomers a second are a few dozen statements.
   */
  private readonly sessionRow = batchedRead(async (hashes: readonly string[]) => {
    const rows = await this.sessionsByHash().execute({ hashes });
    const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
    return hashes.map((h) => byHash.get(h) ?? null);
  });

  private readonly sessionsByHash = preparedOnce(() => this.db.select().from(sessions).where(anyOf(sessions.tokenHash, sql.placeholder('hashes'))).prepare('sessions_by_hash'));

  async createdAt(tokenHash: string): Promise<Date | null> {
    const [row] = await this.db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.tokenHash, tokenHash));
    return row?.createdAt ?? null;
  }

  async destroy(tokenHash: string, tx: Tx = this.db): Promise<void> {
    await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  }

  /** Ends every session of a subject (password reset), except optionally the caller's own. */
  async destroyAll(tx: Tx, kind: SubjectKind, subjectId: string, exceptTokenHash?: string): Promise<void> {
    const where = and(eq(sessions.subjectKind, kind), eq(sessions.subjectId, subjectId));
    await tx.delete(sessions).where(exceptTokenHash ? and(where, ne(sessions.tokenHash, exceptTokenHash)) : where);
  }

  setCookie(reply: FastifyReply, token: string): void {
    // No Max-Age: a browser session cookie; the server enforces the idle timeout.
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.cookie.secure });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.cookie.secure });
  }

  /** The subject of the request's session, or a 401 that the portal turns into the login page. */
  async require(request: FastifyRequest, kind: SubjectKind, touch: SessionTouch = 'use'): Promise<SessionSubject> {
    const subject = await this.resolve(request.cookies[SESSION_COOKIE], touch);
    if (!subject || subject.kind !== kind) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    return subject;
  }
}

export const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip ?? null,
  userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
  sessionToken: request.cookies?.[SESSION_COOKIE] ?? null,
});
