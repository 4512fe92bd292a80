import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_RULES } from '@ausm/domain';
import { preparedOnce, type Db, type Tx } from '../db/client';
import type { AuditLog, RequestOrigin } from './audit';
import type { Clock } from './clock';
import { AppError } from './errors';
import { sessions } from './tables';

export const SESSION_COOKIE = 'ausm_sid';
// A staff member past the password, waiting for the TOTP step, has no session: see staff_login_challenges.
export type SubjectKind = 'accountant' | 'staff';
export type SessionSubject = { kind: SubjectKind; id: string; tokenHash: string };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const clip = (userAgent: string | null) => userAgent?.slice(0, 512) ?? null;
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
  ) {}

  /** Opens a session in the caller's transaction. */
  async create(tx: Tx, kind: SubjectKind, subjectId: string, origin: RequestOrigin): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
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
   * Opens an accountant's session at login and writes its login_success event in the same statement:
   * one statement is atomic by itself, one round trip instead of BEGIN, two inserts and COMMIT. The
   * statement is prepared once: at a peak every login runs it, and building it anew took the event loop
   * longer than the database takes to run it.
   */
  async openAtLogin(accountId: string, origin: RequestOrigin): Promise<string> {
    const token = newToken();
    await this.openAtLoginStatement().execute({
      tokenHash: hashToken(token),
      accountId,
      ip: origin.ip,
      userAgent: clip(origin.userAgent),
      now: this.clock.now(),
    });
    return token;
  }

  private readonly openAtLoginStatement = preparedOnce(() => {
    const now = sql.placeholder('now');
    return this.db
      .with(this.audit.loginSuccessClause(this.db))
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
      .prepare('session_open_at_login');
  });

  async resolve(token: string | undefined): Promise<SessionSubject | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashToken(token);
    const [row] = await this.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
    if (!row) return null;
    const now = this.clock.now();
    const idle = now.getTime() - row.lastSeenAt.getTime();
    if (idle > ACCOUNT_RULES.sessionIdleMs || now.getTime() - row.createdAt.getTime() > ACCOUNT_RULES.sessionMaxAgeMs) {
      await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
      return null;
    }
    if (idle > TOUCH_INTERVAL_MS) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
    }
    return { kind: row.subjectKind as SubjectKind, id: row.subjectId, tokenHash };
  }

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
  async require(request: FastifyRequest, kind: SubjectKind): Promise<SessionSubject> {
    const subject = await this.resolve(request.cookies[SESSION_COOKIE]);
    if (!subject || subject.kind !== kind) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    return subject;
  }
}

export const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip ?? null,
  userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
});
