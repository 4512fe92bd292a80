import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, like, lt, min, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../audit';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { reviewDecisions, reviewItems, type ReviewAttachment, type ReviewMode, type ReviewStatus } from './tables';

export type ReviewItem = typeof reviewItems.$inferSelect;
export type ReviewDecision = typeof reviewDecisions.$inferSelect;

/**
 * What a module tells the engine about one kind of review item. The engine knows nothing of
 * collection or exams: it calls these inside the decision's transaction.
 */
export type ReviewKindHandler = {
  kind: string;
  /** The Chinese name the console and the portal show (基本信息变更). */
  label: string;
  /** Field labels for the detail page, in display order; unlisted fields are shown by key. */
  fields?: ReadonlyArray<{ key: string; label: string }>;
  /** Field labels of one item, where they depend on it (属地关系调转: the reason's own fields); else `fields`. */
  fieldsOf?: (item: ReviewItem) => ReadonlyArray<{ key: string; label: string }>;
  /** An automatic rule: 'approve' decides at once (自动审核); null leaves it to a person. */
  autoDecide?: (submission: { before: Record<string, unknown> | null; after: Record<string, unknown> }) => 'approve' | null;
  /**
   * `decision` is what the reviewer's approval carried beyond the opinion, for kinds whose own route asks
   * for more (继续教育: a corrected credit figure); the kind checks it. Absent for the generic approval.
   */
  onApproved(tx: Tx, item: ReviewItem, decision?: Record<string, unknown>): Promise<void>;
  onRejected(tx: Tx, item: ReviewItem): Promise<void>;
  /** The accountant took the submission back before anyone decided it. */
  onWithdrawn?(tx: Tx, item: ReviewItem): Promise<void>;
};

/**
 * Told of every decision (approve or reject, by a person or an automatic rule) of every kind: the notices
 * outbox. `inTransaction` runs in the decision's transaction after the kind's handler, so what it writes
 * commits with the decision or not at all; `afterCommit` runs once a reviewer's decision has committed
 * (an automatic decision commits with the module's transaction, which the engine does not see end).
 */
export type DecisionListener = {
  inTransaction(tx: Tx, item: ReviewItem, kindLabel: string): Promise<void>;
  afterCommit?(): void;
};

/**
 * Who decides: a staff member (username for the audit trail), their roles and the subtree of authorities they may act in. Only the
 * reviewer role (审核员) claims and decides; any staff member in scope may read.
 */
export type ReviewerScope = { staffId: string; username: string; staffName: string; authorityId: string; authorityPath: string; roles: readonly string[] };

/** Claims and decisions are the reviewer role's, whatever else the staff member may do (an 管理员 only administers). */
function requireReviewer(scope: ReviewerScope): void {
  if (!scope.roles.includes('reviewer')) throw new AppError(403, 'review/forbidden', '仅审核员可以受理和审核事项');
}

export type ReviewFilters = {
  kind?: string;
  status?: ReviewStatus;
  authorityId?: string;
  submittedFrom?: Date;
  submittedTo?: Date;
  /** Name or masked ID (what a reviewer can see and type). */
  q?: string;
  /** The accounts a whole ID number in `q` belongs to (found by its blind index): their items match too. */
  qAccountIds?: string[];
  /** The accounts a whole real name in `q` belongs to, as a subquery (a common name has many). */
  qAccounts?: SQLWrapper;
  /** `open` 待审核 and 审核中; `finished` 已办结 (通过, 不通过, 撤回). */
  state?: 'open' | 'finished';
  page: number;
  pageSize: number;
};

const OPEN: ReviewStatus[] = ['pending', 'in_review'];
const FINISHED: ReviewStatus[] = ['approved', 'rejected', 'withdrawn'];

/** A staff member's act on an item, as the audit trail records it: who, and from where. */
type StaffAct = { scope: ReviewerScope; origin: RequestOrigin };

/** A submission to review: what the applicant asks for, filed with the authority that decides it. */
export type SubmitInput = {
  /** Given when the caller names the item before it is written (the enrollment's row points at it). */
  id?: string;
  kind: string;
  accountId: string;
  authorityId: string;
  authorityPath: string;
  applicantName: string;
  applicantIdMasked: string;
  title: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  attachments?: ReviewAttachment[];
};
const AUDIT_KINDS = { claim: 'review_claim', approve: 'review_approve', reject: 'review_reject' } as const;

export class ReviewEngine {
  private readonly handlers = new Map<string, ReviewKindHandler>();
  private readonly decisionListeners: DecisionListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  register(handler: ReviewKindHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`review kind ${handler.kind} registered twice`);
    this.handlers.set(handler.kind, handler);
  }

  /** Every decision of every kind, present and future, reaches the listener (see DecisionListener). */
  onDecision(listener: DecisionListener): void {
    this.decisionListeners.push(listener);
  }

  /** Open items (pending, in review) by authority, kind and status: the queue sizes operators watch (/metrics). */
  async openQueues(): Promise<Array<{ authorityId: string; kind: string; status: string; n: number }>> {
    return this.db
      .select({ authorityId: reviewItems.authorityId, kind: reviewItems.kind, status: reviewItems.status, n: count() })
      .from(reviewItems)
      .where(inArray(reviewItems.status, ['pending', 'in_review']))
      .groupBy(reviewItems.authorityId, reviewItems.kind, reviewItems.status);
  }

  kinds(): Array<{ kind: string; label: string }> {
    return [...this.handlers.values()].map(({ kind, label }) => ({ kind, label }));
  }

  handler(kind: string): ReviewKindHandler {
    const h = this.handlers.get(kind);
    if (!h) throw new AppError(400, 'review/unknown_kind', '未知的审核类型');
    return h;
  }

  /**
   * Files a submission inside the module's transaction. An automatic rule that approves runs
   * through the same path as a person's decision, and is recorded the same way.
   */
  async submit(tx: Tx, input: SubmitInput): Promise<ReviewItem> {
    return (await this.submitAll(tx, [input]))[0]!;
  }

  /**
   * Several submissions in one statement each for the items and their first decision rows (a group commit,
   * platform/group-commit.ts); the items in the order given. One 自动审核 among them is decided on its own.
   */
  async submitAll(tx: Tx, inputs: SubmitInput[]): Promise<ReviewItem[]> {
    const now = this.clock.now();
    const autos = inputs.map((input) => this.handler(input.kind).autoDecide?.({ before: input.before, after: input.after }) ?? null);
    const ids = inputs.map((input) => input.id ?? randomUUID());
    const items = await tx
      .insert(reviewItems)
      .values(
        inputs.map((input, i) => ({
          id: ids[i]!,
          kind: input.kind,
          accountId: input.accountId,
          authorityId: input.authorityId,
          authorityPath: input.authorityPath,
          status: 'pending' as const,
          mode: (autos[i] ? 'auto' : 'manual') as ReviewMode,
          applicantName: input.applicantName,
          applicantIdMasked: input.applicantIdMasked,
          title: input.title,
          before: input.before,
          after: input.after,
          attachments: input.attachments ?? [],
          submittedAt: now,
        })),
      )
      .returning();
    // RETURNING of a multi-row INSERT is not promised in the VALUES' order: matched by id.
    const byId = new Map(items.map((item) => [item.id, item]));
    const ordered = ids.map((id) => byId.get(id)!);
    await this.recordAll(tx, ordered.map((item) => ({ item, action: 'submit' as const, from: null, to: 'pending', act: null, opinion: null })));
    const out: ReviewItem[] = [];
    for (const [i, item] of ordered.entries()) {
      out.push(autos[i] === 'approve' ? await this.transition(tx, item, 'approve', null, '系统自动审核通过') : item);
    }
    return out;
  }

  /** A reviewer's decision. Two reviewers deciding the same item at once end with one decision. */
  async decide(
    scope: ReviewerScope,
    itemId: string,
    action: 'approve' | 'reject',
    opinion: string | null,
    origin: RequestOrigin,
    decision?: Record<string, unknown>,
  ): Promise<ReviewItem> {
    requireReviewer(scope);
    if (action === 'reject' && !opinion?.trim()) {
      throw new AppError(400, 'review/reason_required', '请填写不通过的原因', { field: 'opinion' });
    }
    const decided = await this.db.transaction(async (tx) => {
      const item = await this.lockOpen(tx, scope, itemId);
      return this.transition(tx, item, action, { scope, origin }, opinion?.trim() || null, decision);
    });
    for (const listener of this.decisionListeners) listener.afterCommit?.();
    return decided;
  }

  /** 批量审核通过: each item on its own, so one failure does not undo the others. */
  async batchApprove(scope: ReviewerScope, ids: string[], opinion: string | null, origin: RequestOrigin) {
    requireReviewer(scope);
    const approved: string[] = [];
    const failed: Array<{ id: string; message: string }> = [];
    for (const id of ids) {
      try {
        await this.decide(scope, id, 'approve', opinion, origin);
        approved.push(id);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failed.push({ id, message: err.message });
      }
    }
    return { approved, failed };
  }

  /** 审核中: a reviewer takes the item, so colleagues see someone is on it. */
  async claim(scope: ReviewerScope, itemId: string, origin: RequestOrigin): Promise<ReviewItem> {
    requireReviewer(scope);
    return this.db.transaction(async (tx) => {
      const item = await this.lockOpen(tx, scope, itemId);
      if (item.status === 'in_review') return item;
      const [updated] = await tx
        .update(reviewItems)
        .set({ status: 'in_review', version: sql`${reviewItems.version} + 1` })
        .where(and(eq(reviewItems.id, item.id), eq(reviewItems.status, 'pending')))
        .returning();
      if (!updated) throw new AppError(409, 'review/already_decided', '该事项已被其他人员处理，请刷新');
      await this.record(tx, updated, 'claim', 'pending', 'in_review', { scope, origin }, null);
      return updated;
    });
  }

  /** The accountant takes back a submission nobody has decided yet. */
  /** The accountant takes an open item back; inside `outer` when a module withdraws as part of its own write. */
  async withdraw(accountId: string, itemId: string, outer?: Tx): Promise<ReviewItem> {
    if (!isUuid(itemId)) throw new AppError(404, 'review/not_found', '审核事项不存在');
    const run = async (tx: Tx) => {
      const [updated] = await tx
        .update(reviewItems)
        .set({ status: 'withdrawn', decidedAt: this.clock.now(), version: sql`${reviewItems.version} + 1` })
        .where(and(eq(reviewItems.id, itemId), eq(reviewItems.accountId, accountId), inArray(reviewItems.status, OPEN)))
        .returning();
      if (!updated) {
        const [exists] = await tx.select({ status: reviewItems.status }).from(reviewItems).where(and(eq(reviewItems.id, itemId), eq(reviewItems.accountId, accountId)));
        if (!exists) throw new AppError(404, 'review/not_found', '审核事项不存在');
        throw new AppError(409, 'review/already_decided', '该事项已审核完毕，不能撤回');
      }
      await this.record(tx, updated, 'withdraw', null, 'withdrawn', null, null);
      await this.handlers.get(updated.kind)?.onWithdrawn?.(tx, updated);
      return updated;
    };
    return outer ? run(outer) : this.db.transaction(run);
  }

  /** The kinds of the account's open items (待审核, 审核中), read in `db` (a transaction's, to see its own locks' world). */
  async openKinds(db: Db | Tx, accountId: string): Promise<string[]> {
    const rows = await db.select({ kind: reviewItems.kind }).from(reviewItems).where(and(eq(reviewItems.accountId, accountId), inArray(reviewItems.status, OPEN)));
    return rows.map((r) => r.kind);
  }

  /**
   * 属地关系调转: the account's open items, but `exceptId`, go to the authority the person now belongs to,
   * inside the acceptance's transaction; decided items stay where they were decided. Returns the ids moved.
   */
  async reassignOpen(tx: Tx, accountId: string, to: { id: string; path: string }, exceptId: string): Promise<string[]> {
    const moved = await tx
      .update(reviewItems)
      .set({ authorityId: to.id, authorityPath: to.path, version: sql`${reviewItems.version} + 1` })
      .where(and(eq(reviewItems.accountId, accountId), inArray(reviewItems.status, OPEN), sql`${reviewItems.id} <> ${exceptId}`))
      .returning({ id: reviewItems.id });
    return moved.map((r) => r.id);
  }

  private scopeCondition(scope: Pick<ReviewerScope, 'authorityPath'>): SQL {
    return like(reviewItems.authorityPath, `${scope.authorityPath}%`);
  }

  /**
   * The accountants who filed an item with an authority of the subtree: its authorities hold (part of)
   * their record, so their audit events are within its administrators' view. A subquery.
   */
  accountsWithin(authorityPath: string) {
    return this.db.selectDistinct({ id: reviewItems.accountId }).from(reviewItems).where(like(reviewItems.authorityPath, `${authorityPath}%`));
  }

  /**
   * True when an item in the reviewer's scope lists the file among its attachments: the console may
   * show the file then, by the same scope rule as the item itself.
   */
  async attachmentInScope(scope: Pick<ReviewerScope, 'authorityPath'>, fileId: string): Promise<boolean> {
    if (!isUuid(fileId)) return false;
    const [row] = await this.db
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .where(and(this.scopeCondition(scope), sql`${reviewItems.attachments} @> ${JSON.stringify([{ id: fileId }])}::jsonb`))
      .limit(1);
    return !!row;
  }

  /** Locks an open item in the reviewer's scope, or says why not (404 out of scope, 409 decided). */
  private async lockOpen(tx: Tx, scope: ReviewerScope, itemId: string): Promise<ReviewItem> {
    if (!isUuid(itemId)) throw new AppError(404, 'review/not_found', '审核事项不存在');
    const [item] = await tx
      .select()
      .from(reviewItems)
      .where(and(eq(reviewItems.id, itemId), this.scopeCondition(scope)))
      .for('update');
    // Out of scope and nonexistent look the same: ids cannot be probed.
    if (!item) throw new AppError(404, 'review/not_found', '审核事项不存在');
    if (!OPEN.includes(item.status)) throw new AppError(409, 'review/already_decided', '该事项已审核完毕，不能重复审核');
    return item;
  }

  private async transition(
    tx: Tx,
    item: ReviewItem,
    action: 'approve' | 'reject',
    act: StaffAct | null,
    opinion: string | null,
    decision?: Record<string, unknown>,
  ): Promise<ReviewItem> {
    const to: ReviewStatus = action === 'approve' ? 'approved' : 'rejected';
    const [updated] = await tx
      .update(reviewItems)
      .set({ status: to, decidedAt: this.clock.now(), opinion, version: sql`${reviewItems.version} + 1` })
      .where(and(eq(reviewItems.id, item.id), inArray(reviewItems.status, OPEN)))
      .returning();
    if (!updated) throw new AppError(409, 'review/already_decided', '该事项已被其他人员处理，请刷新');
    await this.record(tx, updated, action, item.status, to, act, opinion);
    const handler = this.handler(item.kind);
    if (to === 'approved') await handler.onApproved(tx, updated, decision);
    else await handler.onRejected(tx, updated);
    for (const listener of this.decisionListeners) await listener.inTransaction(tx, updated, handler.label);
    return updated;
  }

  /** A decision row; a staff member's act goes to the audit trail too, with who and from where, in the same transaction. */
  private async record(tx: Tx, item: ReviewItem, action: ReviewDecision['action'], from: string | null, to: string, act: StaffAct | null, opinion: string | null) {
    await this.recordAll(tx, [{ item, action, from, to, act, opinion }]);
  }

  private async recordAll(
    tx: Tx,
    decisions: Array<{ item: ReviewItem; action: ReviewDecision['action']; from: string | null; to: string; act: StaffAct | null; opinion: string | null }>,
  ) {
    for (const { item, action, from, to, act } of decisions) {
      if (act && (action === 'claim' || action === 'approve' || action === 'reject')) {
        await this.audit.record(
          tx,
          { kind: AUDIT_KINDS[action], actor: act.scope, accountId: item.accountId, detail: { reviewItemId: item.id, reviewKind: item.kind, from, to } },
          act.origin,
        );
      }
    }
    if (!decisions.length) return;
    await tx.insert(reviewDecisions).values(
      decisions.map(({ item, action, from, to, act, opinion }) => {
        const scope = act?.scope ?? null;
        return {
          id: randomUUID(),
          itemId: item.id,
          action,
          fromStatus: from,
          toStatus: to,
          mode: scope ? ('manual' as const) : action === 'approve' || action === 'reject' ? ('auto' as const) : item.mode,
          staffId: scope?.staffId ?? null,
          staffName: scope?.staffName ?? null,
          authorityId: scope?.authorityId ?? null,
          opinion,
          at: this.clock.now(),
        };
      }),
    );
  }

  async list(scope: Pick<ReviewerScope, 'authorityPath'>, f: ReviewFilters) {
    const conds: SQL[] = [this.scopeCondition(scope)];
    if (f.kind) conds.push(eq(reviewItems.kind, f.kind));
    if (f.status) conds.push(eq(reviewItems.status, f.status));
    if (f.state === 'open') conds.push(inArray(reviewItems.status, OPEN));
    if (f.state === 'finished') conds.push(inArray(reviewItems.status, FINISHED));
    if (f.authorityId) conds.push(or(eq(reviewItems.authorityId, f.authorityId), like(reviewItems.authorityPath, `%/${f.authorityId}/%`))!);
    if (f.submittedFrom) conds.push(gte(reviewItems.submittedAt, f.submittedFrom));
    if (f.submittedTo) conds.push(lt(reviewItems.submittedAt, f.submittedTo));
    if (f.q) {
      const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const byId = f.qAccountIds?.length ? [inArray(reviewItems.accountId, f.qAccountIds)] : [];
      if (f.qAccounts) byId.push(inArray(reviewItems.accountId, f.qAccounts));
      conds.push(or(like(reviewItems.applicantName, pattern), like(reviewItems.applicantIdMasked, pattern), ...byId)!);
    }
    const where = and(...conds);
    const [{ total }] = (await this.db.select({ total: count() }).from(reviewItems).where(where)) as [{ total: number }];
    const items = await this.db
      .select()
      .from(reviewItems)
      .where(where)
      // Work first (issue 18): open items, oldest first, as they are to be taken; then finished ones, newest first.
      .orderBy(
        sql`case when ${reviewItems.status} in ('pending', 'in_review') then 0 else 1 end`,
        sql`case when ${reviewItems.status} in ('pending', 'in_review') then ${reviewItems.submittedAt} end asc`,
        desc(reviewItems.submittedAt),
        asc(reviewItems.id),
      )
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    return { total: Number(total), items };
  }

  /**
   * The detail as a reviewer opens it: it shows the person's data unmasked (the ID number to compare with
   * the photographed document), so each opening is an audit event, written before the data leaves.
   */
  async view(scope: ReviewerScope, id: string, origin: RequestOrigin): Promise<{ item: ReviewItem; decisions: ReviewDecision[] }> {
    const found = await this.get(scope, id);
    await this.audit.record(
      this.db,
      { kind: 'personal_data_view', actor: scope, accountId: found.item.accountId, detail: { reviewItemId: found.item.id, reviewKind: found.item.kind } },
      origin,
    );
    return found;
  }

  /** Whether the item is of `kind` and within the scope (a module's own decision route checks before deciding). */
  async kindOf(scope: Pick<ReviewerScope, 'authorityPath'>, id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select({ kind: reviewItems.kind }).from(reviewItems).where(and(eq(reviewItems.id, id), this.scopeCondition(scope)));
    return row?.kind ?? null;
  }

  async get(scope: Pick<ReviewerScope, 'authorityPath'>, id: string): Promise<{ item: ReviewItem; decisions: ReviewDecision[] }> {
    if (!isUuid(id)) throw new AppError(404, 'review/not_found', '审核事项不存在');
    const [item] = await this.db.select().from(reviewItems).where(and(eq(reviewItems.id, id), this.scopeCondition(scope)));
    if (!item) throw new AppError(404, 'review/not_found', '审核事项不存在');
    const decisions = await this.db.select().from(reviewDecisions).where(eq(reviewDecisions.itemId, id)).orderBy(asc(reviewDecisions.at));
    return { item, decisions };
  }

  /** Decisions taken within the scope, newest first. */
  async history(scope: Pick<ReviewerScope, 'authorityPath'>, page: number, pageSize: number) {
    const where = and(this.scopeCondition(scope), inArray(reviewDecisions.action, ['approve', 'reject']));
    const [{ total }] = (await this.db
      .select({ total: count() })
      .from(reviewDecisions)
      .innerJoin(reviewItems, eq(reviewItems.id, reviewDecisions.itemId))
      .where(where)) as [{ total: number }];
    const rows = await this.db
      .select({ decision: reviewDecisions, item: reviewItems })
      .from(reviewDecisions)
      .innerJoin(reviewItems, eq(reviewItems.id, reviewDecisions.itemId))
      .where(where)
      .orderBy(desc(reviewDecisions.at))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    return { total: Number(total), rows };
  }

  /** Counts per kind and status, and the age of the oldest open item. */
  async dashboard(scope: Pick<ReviewerScope, 'authorityPath'>) {
    const rows = await this.db
      .select({ kind: reviewItems.kind, status: reviewItems.status, n: count(), oldest: min(reviewItems.submittedAt) })
      .from(reviewItems)
      .where(this.scopeCondition(scope))
      .groupBy(reviewItems.kind, reviewItems.status);
    const oldestOpen = rows.filter((r) => OPEN.includes(r.status)).map((r) => r.oldest).filter((d): d is Date => !!d);
    return {
      counts: rows.map((r) => ({ kind: r.kind, label: this.handlers.get(r.kind)?.label ?? r.kind, status: r.status, count: Number(r.n) })),
      oldestOpenSubmittedAt: oldestOpen.length ? new Date(Math.min(...oldestOpen.map((d) => new Date(d).getTime()))) : null,
    };
  }

  /** What the accountant sees of their own submissions: status, authority, opinion. */
  /** The account's own items among `ids` (a module showing the status of what it submitted). */
  async forAccountByIds(accountId: string, ids: string[]): Promise<ReviewItem[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(reviewItems).where(and(eq(reviewItems.accountId, accountId), inArray(reviewItems.id, ids)));
  }

  async listForAccount(accountId: string, kind?: string) {
    const conds = [eq(reviewItems.accountId, accountId)];
    if (kind) conds.push(eq(reviewItems.kind, kind));
    return this.db.select().from(reviewItems).where(and(...conds)).orderBy(desc(reviewItems.submittedAt)).limit(200);
  }
}

