import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, like, or } from 'drizzle-orm';
import { checkPassword, maskName, type StaffTotpPolicy } from '@ausm/domain';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/client';
import type { AuditActor, AuditLog, RequestOrigin } from '../../platform/audit';
import type { SessionService } from '../../platform/auth';
import type { CaptchaService } from '../../platform/captcha';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/hasher';
import type { ReviewerScope } from '../../platform/review/engine';
import type { AuthorityService } from '../authority/service';
import { authorities } from '../authority/tables';
import { StaffLoginService } from './login';
import { StaffRepo, type StaffRow } from './repo';
import { staff, type StaffRole } from './tables';

/** The staff member behind a console request, with the subtree they may act in. */
export type StaffContext = ReviewerScope & { roles: StaffRole[]; authorityName: string; authorityLevel: string; mustChangePassword: boolean };

export type StaffView = {
  id: string;
  username: string;
  realName: string;
  authorityId: string;
  authorityName: string;
  roles: StaffRole[];
  disabled: boolean;
  /** Asked at every login: required by an administrator or by STAFF_TOTP=required. */
  totpRequired: boolean;
  totpEnrolled: boolean;
  /** Set by an administrator's password (new staff, a reset): the session may do nothing else until it is changed. */
  mustChangePassword: boolean;
};

const formatLockedUntil = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** 财政用户: the context of a console request, and the administration of staff. Sign-in is login.ts. */
export class StaffService {
  private readonly repo: StaffRepo;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditLog,
    private readonly authorities: AuthorityService,
    options: { totpPolicy?: StaffTotpPolicy } = {},
  ) {
    this.repo = new StaffRepo(db);
    this.totpPolicy = options.totpPolicy ?? 'optional';
    this.signIn = new StaffLoginService(db, clock, hasher, captcha, sessions, audit, this.repo, (row) => this.view(row), this.totpPolicy);
  }

  readonly totpPolicy: StaffTotpPolicy;
  /** Password, captcha, 动态口令 and 修改密码. */
  readonly signIn: StaffLoginService;

  async view(row: StaffRow): Promise<StaffView> {
    const authority = await this.authorities.byId(row.authorityId);
    return {
      id: row.id,
      username: row.username,
      realName: row.realName,
      authorityId: row.authorityId,
      authorityName: authority?.name ?? '',
      roles: row.roles,
      disabled: row.disabled,
      totpRequired: this.signIn.totpRequiredFor(row),
      totpEnrolled: !!row.totpSecret,
      mustChangePassword: row.mustChangePassword,
    };
  }

  /**
   * The staff member of a console session, or null when the session no longer stands: disabled, or a second
   * factor now required and not yet enrolled (the next login enrols it). `mustChangePassword` is for the guard.
   */
  async context(staffId: string): Promise<StaffContext | null> {
    const row = await this.repo.byId(staffId);
    if (!row || row.disabled) return null;
    if (this.signIn.totpRequiredFor(row) && !row.totpSecret) return null;
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
      mustChangePassword: row.mustChangePassword,
    };
  }

  async me(staffId: string): Promise<StaffView | null> {
    const row = await this.repo.byId(staffId);
    return row ? this.view(row) : null;
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
    return { total: Number(total), items: await Promise.all(rows.map((r) => this.view(r))), totpPolicy: this.totpPolicy };
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
    input: { roles?: StaffRole[]; disabled?: boolean; totpRequired?: boolean; realName?: string; resetTotp?: boolean },
    origin: RequestOrigin,
  ): Promise<StaffView> {
    this.requireAdmin(ctx);
    const row = await this.inScope(ctx, staffId);
    if (row.id === ctx.staffId && (input.disabled || (input.roles && !input.roles.includes('admin')))) {
      throw new AppError(400, 'staff/self', '不能停用自己或取消自己的管理员角色');
    }
    if (input.totpRequired === false && this.totpPolicy === 'required') {
      throw new AppError(400, 'staff/totp_policy', '本平台要求所有财政用户使用动态口令，不能取消');
    }
    const { resetTotp, ...set } = input;
    await this.db.transaction(async (tx) => {
      // Locked, so that what the events say it was is what this change replaced.
      const [before] = await tx.select().from(staff).where(eq(staff.id, row.id)).for('update');
      await tx
        .update(staff)
        // 重置动态口令 (a lost phone): the next login enrols a new secret.
        .set({ ...set, ...(resetTotp ? { totpSecret: null, totpLastStep: null, totpFailures: 0 } : {}), updatedAt: this.clock.now() })
        .where(eq(staff.id, row.id));
      if (input.disabled || resetTotp) {
        await this.sessions.destroyAll(tx, 'staff', row.id);
        await this.repo.deleteChallengesOf(row.id, tx);
      }
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
      // A login past the old password, waiting for its code, ends too.
      await this.repo.deleteChallengesOf(row.id, tx);
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
  input: { roles?: StaffRole[]; disabled?: boolean; totpRequired?: boolean; realName?: string; resetTotp?: boolean },
): Array<{ kind: 'staff_roles_change' | 'staff_disable' | 'staff_enable' | 'staff_update'; detail: Record<string, unknown> }> {
  const events: ReturnType<typeof changeEvents> = [];
  const who = { username: before.username };
  if (input.roles && !sameRoles(before.roles, input.roles)) events.push({ kind: 'staff_roles_change', detail: { ...who, from: before.roles, to: input.roles } });
  if (input.disabled !== undefined && input.disabled !== before.disabled) events.push({ kind: input.disabled ? 'staff_disable' : 'staff_enable', detail: who });
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.totpRequired !== undefined && input.totpRequired !== before.totpRequired) changes.totpRequired = { from: before.totpRequired, to: input.totpRequired };
  // A name is personal data: the trail keeps it masked.
  if (input.realName !== undefined && input.realName !== before.realName) changes.realName = { from: maskName(before.realName), to: maskName(input.realName) };
  if (input.resetTotp) changes.totp = { from: before.totpSecret ? 'enrolled' : 'none', to: 'reset' };
  if (Object.keys(changes).length) events.push({ kind: 'staff_update', detail: { ...who, changes } });
  return events;
}
