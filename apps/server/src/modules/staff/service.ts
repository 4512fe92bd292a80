import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, like, or } from 'drizzle-orm';
import { ACCOUNT_RULES, checkPassword, maskName } from '@ausm/domain';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import type { AuditActor, AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/hasher';
import type { ReviewerScope } from '../../platform/review/engine';
import { generateTotpSecret, otpauthUrl, verifyTotp } from '../../platform/totp';
import type { AuthorityService } from '../authority/service';
import { authorities } from '../authority/tables';
import { staff, type StaffRole } from './tables';

export type StaffRow = typeof staff.$inferSelect;

/** The staff member behind a console request, with the subtree they may act in. */
export type StaffContext = ReviewerScope & { roles: StaffRole[]; authorityName: string; authorityLevel: string };

export type StaffView = {
  id: string;
  username: string;
  realName: string;
  authorityId: string;
  authorityName: string;
  roles: StaffRole[];
  disabled: boolean;
  totpRequired: boolean;
  totpEnrolled: boolean;
};

const formatLockedUntil = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

export type StaffLoginResult =
  | { step: 'done'; token: string; staff: StaffView }
  | { step: 'totp'; pendingToken: string }
  | { step: 'totp_enroll'; pendingToken: string; secret: string; otpauthUrl: string };

/** 财政用户: console login (password, captcha, TOTP when required) and administration of staff. */
export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly authorities: AuthorityService,
  ) {}

  private async view(row: StaffRow): Promise<StaffView> {
    const authority = await this.authorities.byId(row.authorityId);
    return {
      id: row.id,
      username: row.username,
      realName: row.realName,
      authorityId: row.authorityId,
      authorityName: authority?.name ?? '',
      roles: row.roles,
      disabled: row.disabled,
      totpRequired: row.totpRequired,
      totpEnrolled: !!row.totpSecret,
    };
  }

  async context(staffId: string): Promise<StaffContext | null> {
    const [row] = await this.db.select().from(staff).where(eq(staff.id, staffId));
    if (!row || row.disabled) return null;
    const authority = await this.authorities.byId(row.authorityId);
    if (!authority) return null;
    return {
      staffId: row.id,
      username: row.username,
      staffName: row.realName,
      authorityId: authority.id,
      authorityPath: authority.path,
      authorityName: authority.name,
      authorityLevel: authority.level,
      roles: row.roles,
    };
  }

  async me(staffId: string): Promise<StaffView | null> {
    const [row] = await this.db.select().from(staff).where(eq(staff.id, staffId));
    return row ? this.view(row) : null;
  }

  async login(input: { username: string; password: string; captchaId: string; captchaAnswer: string }, origin: RequestOrigin): Promise<StaffLoginResult> {
    if (!(await this.captcha.consume(input.captchaId, input.captchaAnswer))) {
      throw new AppError(400, 'captcha/invalid', '验证码错误或已过期，请重新输入', { field: 'captchaAnswer' });
    }
    const now = this.clock.now();
    const [row] = await this.db.select().from(staff).where(eq(staff.username, input.username));
    if (!row || row.disabled) {
      await this.hasher.verifyDummy(input.password);
      await this.audit.record(
        this.db,
        { kind: 'login_failure', identifier: `staff:${input.username}`, subjectStaffId: row?.id ?? null, detail: { reason: row ? 'disabled' : 'unknown' } },
        origin,
      );
      throw new AppError(401, 'auth/invalid_credentials', '用户名或密码错误');
    }
    if (row.lockedUntil && row.lockedUntil > now) {
      await this.audit.record(this.db, { kind: 'login_failure', identifier: `staff:${row.username}`, subjectStaffId: row.id, detail: { staffId: row.id, reason: 'locked' } }, origin);
      throw new AppError(423, 'account/locked', `登录失败次数过多，账号已锁定，请于${formatLockedUntil(row.lockedUntil)}后再试`, { data: { lockedUntil: row.lockedUntil.toISOString() } });
    }
    if (!(await this.hasher.verify(row.passwordHash, input.password))) {
      const failures = row.failedLogins + 1;
      if (failures >= ACCOUNT_RULES.loginMaxFailures) {
        const lockedUntil = new Date(now.getTime() + ACCOUNT_RULES.lockoutMs);
        await this.db.transaction(async (tx) => {
          await tx.update(staff).set({ failedLogins: 0, lockedUntil }).where(eq(staff.id, row.id));
          await this.audit.record(tx, { kind: 'lockout', identifier: `staff:${row.username}`, subjectStaffId: row.id, detail: { staffId: row.id } }, origin);
        });
        throw new AppError(423, 'account/locked', `登录失败次数过多，账号已锁定，请于${formatLockedUntil(lockedUntil)}后再试`, { data: { lockedUntil: lockedUntil.toISOString() } });
      }
      await this.db.update(staff).set({ failedLogins: failures }).where(eq(staff.id, row.id));
      await this.audit.record(this.db, { kind: 'login_failure', identifier: `staff:${row.username}`, subjectStaffId: row.id, detail: { staffId: row.id, failures } }, origin);
      throw new AppError(401, 'auth/invalid_credentials', `用户名或密码错误，再失败${ACCOUNT_RULES.loginMaxFailures - failures}次账号将被锁定`);
    }
    if (row.totpRequired || row.totpSecret) {
      // Password is right; a short-lived pending session waits for the second factor.
      const pendingToken = await this.sessions.create(this.db, 'staff_mfa', row.id, origin);
      if (!row.totpSecret) {
        const secret = generateTotpSecret();
        // Kept server-side until the first code proves the person's app holds it.
        await this.db.update(staff).set({ totpPendingSecret: secret }).where(eq(staff.id, row.id));
        return { step: 'totp_enroll', pendingToken, secret, otpauthUrl: otpauthUrl(secret, row.username) };
      }
      return { step: 'totp', pendingToken };
    }
    return this.finishLogin(row, origin);
  }

  /** Second step: the TOTP code (and, at first use, the secret the person just enrolled). */
  async loginTotp(input: { pendingToken: string; code: string }, origin: RequestOrigin): Promise<StaffLoginResult> {
    const pending = await this.sessions.resolve(input.pendingToken);
    if (!pending || pending.kind !== 'staff_mfa') throw new AppError(401, 'auth/mfa_expired', '登录已超时，请重新登录');
    const created = await this.sessions.createdAt(pending.tokenHash);
    if (!created || this.clock.now().getTime() - created.getTime() > 5 * 60_000) {
      await this.sessions.destroy(pending.tokenHash);
      throw new AppError(401, 'auth/mfa_expired', '登录已超时，请重新登录');
    }
    const [row] = await this.db.select().from(staff).where(eq(staff.id, pending.id));
    if (!row || row.disabled) throw new AppError(401, 'auth/mfa_expired', '登录已超时，请重新登录');
    const secret = row.totpSecret ?? row.totpPendingSecret;
    if (!secret || !/^[A-Z2-7]{32}$/.test(secret)) throw new AppError(400, 'auth/totp_invalid', '请先绑定动态口令', { field: 'code' });
    const step = verifyTotp(secret, input.code, this.clock.now());
    if (step === null || (row.totpLastStep !== null && step <= row.totpLastStep)) {
      throw new AppError(400, 'auth/totp_invalid', '动态口令错误', { field: 'code' });
    }
    await this.db.update(staff).set({ totpSecret: secret, totpPendingSecret: null, totpLastStep: step }).where(eq(staff.id, row.id));
    await this.sessions.destroy(pending.tokenHash);
    return this.finishLogin({ ...row, totpSecret: secret }, origin);
  }

  private async finishLogin(row: StaffRow, origin: RequestOrigin): Promise<StaffLoginResult> {
    const token = await this.db.transaction(async (tx) => {
      await tx.update(staff).set({ failedLogins: 0, lockedUntil: null }).where(eq(staff.id, row.id));
      await this.audit.record(
        tx,
        { kind: 'login_success', identifier: `staff:${row.username}`, actor: actorOf(row), subjectStaffId: row.id, detail: { staffId: row.id } },
        origin,
      );
      return this.sessions.create(tx, 'staff', row.id, origin);
    });
    return { step: 'done', token, staff: await this.view(row) };
  }

  async logout(subject: { id: string; tokenHash: string }, origin: RequestOrigin): Promise<void> {
    const [row] = await this.db.select({ id: staff.id, username: staff.username }).from(staff).where(eq(staff.id, subject.id));
    await this.db.transaction(async (tx) => {
      await this.sessions.destroy(subject.tokenHash, tx);
      await this.audit.record(
        tx,
        { kind: 'logout', identifier: 'staff', actor: row ? actorOf(row) : null, subjectStaffId: subject.id, detail: { staffId: subject.id } },
        origin,
      );
    });
  }

  // ---- administration, always within the administrator's subtree ----

  private requireAdmin(ctx: StaffContext) {
    if (!ctx.roles.includes('admin')) throw new AppError(403, 'staff/forbidden', '仅管理员可以管理财政用户');
  }

  private async inScope(ctx: StaffContext, staffId: string): Promise<StaffRow> {
    const [row] = /^[0-9a-f-]{36}$/i.test(staffId) ? await this.db.select().from(staff).where(eq(staff.id, staffId)) : [];
    if (!row || !(await this.authorities.within(ctx.authorityPath, row.authorityId))) {
      throw new AppError(404, 'staff/not_found', '财政用户不存在');
    }
    return row;
  }

  /** The ids of the staff of a subtree's authorities, as a subquery (the audit trail's scope). */
  idsWithin(authorityPath: string) {
    return this.db.select({ id: staff.id }).from(staff).where(inArray(staff.authorityId, this.authorities.idsWithin(authorityPath)));
  }

  async idByUsername(username: string): Promise<string | null> {
    const [row] = await this.db.select({ id: staff.id }).from(staff).where(eq(staff.username, username));
    return row?.id ?? null;
  }

  /** Username and name of each staff member, by id, for lists that show who. */
  async names(ids: string[]): Promise<Map<string, { username: string; realName: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: staff.id, username: staff.username, realName: staff.realName }).from(staff).where(inArray(staff.id, ids));
    return new Map(rows.map((r) => [r.id, { username: r.username, realName: r.realName }]));
  }

  async list(ctx: StaffContext, f: { q?: string; page: number; pageSize: number }) {
    this.requireAdmin(ctx);
    const scopeIds = this.db.select({ id: authorities.id }).from(authorities).where(like(authorities.path, `${ctx.authorityPath}%`));
    const conds = [inArray(staff.authorityId, scopeIds)];
    if (f.q) conds.push(or(like(staff.username, `%${f.q}%`), like(staff.realName, `%${f.q}%`))!);
    const where = and(...conds);
    const [{ total }] = (await this.db.select({ total: count() }).from(staff).where(where)) as [{ total: number }];
    const rows = await this.db.select().from(staff).where(where).orderBy(asc(staff.username)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { total: Number(total), items: await Promise.all(rows.map((r) => this.view(r))) };
  }

  async create(
    ctx: StaffContext,
    input: { username: string; realName: string; authorityId: string; roles: StaffRole[]; password: string; totpRequired: boolean },
    origin: RequestOrigin,
  ): Promise<StaffView> {
    this.requireAdmin(ctx);
    if (!(await this.authorities.within(ctx.authorityPath, input.authorityId))) {
      throw new AppError(403, 'staff/out_of_scope', '只能为本级及下级会计管理部门创建财政用户', { field: 'authorityId' });
    }
    const pwError = checkPassword(input.password);
    if (pwError) throw new AppError(400, 'validation/failed', pwError, { field: 'password' });
    const now = this.clock.now();
    const id = randomUUID();
    const passwordHash = await this.hasher.hash(input.password);
    try {
      await this.db.transaction(async (tx) => {
        await tx.insert(staff).values({
          id,
          authorityId: input.authorityId,
          username: input.username,
          realName: input.realName,
          passwordHash,
          roles: input.roles,
          totpRequired: input.totpRequired,
          mustChangePassword: true,
          createdAt: now,
          updatedAt: now,
        });
        await this.audit.record(
          tx,
          {
            kind: 'staff_create',
            actor: ctx,
            subjectStaffId: id,
            detail: { username: input.username, authorityId: input.authorityId, roles: input.roles, totpRequired: input.totpRequired },
          },
          origin,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err, 'staff_username_uq')) throw new AppError(409, 'staff/username_taken', '用户名已存在', { field: 'username' });
      throw err;
    }
    return (await this.me(id))!;
  }

  async update(
    ctx: StaffContext,
    staffId: string,
    input: { roles?: StaffRole[]; disabled?: boolean; totpRequired?: boolean; realName?: string },
    origin: RequestOrigin,
  ): Promise<StaffView> {
    this.requireAdmin(ctx);
    const row = await this.inScope(ctx, staffId);
    if (row.id === ctx.staffId && (input.disabled || (input.roles && !input.roles.includes('admin')))) {
      throw new AppError(400, 'staff/self', '不能停用自己或取消自己的管理员角色');
    }
    await this.db.transaction(async (tx) => {
      // Locked, so that what the events say it was is what this change replaced.
      const [before] = await tx.select().from(staff).where(eq(staff.id, row.id)).for('update');
      await tx.update(staff).set({ ...input, updatedAt: this.clock.now() }).where(eq(staff.id, row.id));
      if (input.disabled) await this.sessions.destroyAll(tx, 'staff', row.id);
      for (const event of changeEvents(before!, input)) await this.audit.record(tx, { ...event, actor: ctx, subjectStaffId: row.id }, origin);
    });
    return (await this.me(row.id))!;
  }

  async resetPassword(ctx: StaffContext, staffId: string, password: string, origin: RequestOrigin): Promise<void> {
    this.requireAdmin(ctx);
    const row = await this.inScope(ctx, staffId);
    const pwError = checkPassword(password);
    if (pwError) throw new AppError(400, 'validation/failed', pwError, { field: 'password' });
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (tx) => {
      await tx
        .update(staff)
        .set({ passwordHash, failedLogins: 0, lockedUntil: null, mustChangePassword: true, updatedAt: this.clock.now() })
        .where(eq(staff.id, row.id));
      await this.sessions.destroyAll(tx, 'staff', row.id);
      await this.audit.record(tx, { kind: 'staff_password_reset', actor: ctx, subjectStaffId: row.id, detail: { username: row.username } }, origin);
    });
  }

  /** Sandbox seed: staff at national, provincial, city and county level (README lists them). */
  async seedSandboxStaff(list: ReadonlyArray<{ username: string; realName: string; authorityId: string; roles: StaffRole[]; password: string }>) {
    const [{ n }] = (await this.db.select({ n: count() }).from(staff)) as [{ n: number }];
    if (Number(n) > 0) return;
    const now = this.clock.now();
    for (const s of list) {
      await this.db
        .insert(staff)
        .values({ id: randomUUID(), authorityId: s.authorityId, username: s.username, realName: s.realName, passwordHash: await this.hasher.hash(s.password), roles: s.roles, createdAt: now, updatedAt: now })
        .onConflictDoNothing();
    }
  }
}

const actorOf = (row: Pick<StaffRow, 'id' | 'username'>): AuditActor => ({ staffId: row.id, username: row.username });

const sameRoles = (a: StaffRole[], b: StaffRole[]) => a.length === b.length && a.every((r) => b.includes(r));

/** What an administrator's change did, one audit event per kind of change; nothing when nothing changed. */
function changeEvents(
  before: StaffRow,
  input: { roles?: StaffRole[]; disabled?: boolean; totpRequired?: boolean; realName?: string },
): Array<{ kind: 'staff_roles_change' | 'staff_disable' | 'staff_enable' | 'staff_update'; detail: Record<string, unknown> }> {
  const events: ReturnType<typeof changeEvents> = [];
  const who = { username: before.username };
  if (input.roles && !sameRoles(before.roles, input.roles)) events.push({ kind: 'staff_roles_change', detail: { ...who, from: before.roles, to: input.roles } });
  if (input.disabled !== undefined && input.disabled !== before.disabled) events.push({ kind: input.disabled ? 'staff_disable' : 'staff_enable', detail: who });
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.totpRequired !== undefined && input.totpRequired !== before.totpRequired) changes.totpRequired = { from: before.totpRequired, to: input.totpRequired };
  // A name is personal data: the trail keeps it masked.
  if (input.realName !== undefined && input.realName !== before.realName) changes.realName = { from: maskName(before.realName), to: maskName(input.realName) };
  if (Object.keys(changes).length) events.push({ kind: 'staff_update', detail: { ...who, changes } });
  return events;
}
