import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { isUuid, type Db, type Tx } from '../../db/client';
import type { AuditActor, AuditLog, RequestOrigin } from '../audit';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { DecisionListener, ReviewItem } from '../review/engine';
import type { SmsGateway } from '../sms/gateway';
import { noticeOf } from './content';
import { notices, type NoticeChannel, type NoticeStatus } from './tables';
import type { WechatTemplateSender } from './wechat-template';

export type Notice = typeof notices.$inferSelect;

/** Who receives a notice, read when it is sent (a WeChat bound or unbound since the decision counts). */
export type NoticeRecipient = { mobile: string; wechatOpenid: string | null };
export type RecipientResolver = (accountId: string) => Promise<NoticeRecipient | null>;

/** Tries of one round before a notice is kept as 发送失败; the waits between them, on the platform clock. */
export const NOTICE_MAX_TRIES = 5;
export const NOTICE_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
/** How long a sender holds a claimed notice; a sender that dies leaves it to another after this. */
export const NOTICE_LEASE_MS = 60_000;
const BATCH = 20;

export type NoticeScope = { authorityPath: string };

/**
 * The notices outbox: `listener` writes one notice per review decision in the decision's transaction;
 * `deliverDue` sends what is due after commit (WeChat template message when a WeChat is bound, else, or
 * when WeChat refuses, SMS), retries on the platform clock, and keeps 发送失败 after NOTICE_MAX_TRIES.
 * Several processes may deliver at once: a notice is claimed with FOR UPDATE SKIP LOCKED and a lease,
 * and its outcome is written only by the claim that holds it, so each notice is sent once.
 */
export class NoticeService {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    readonly channels: { wechat: WechatTemplateSender | null; sms: SmsGateway },
    private readonly recipient: RecipientResolver,
    private readonly options: { portalUrl: string | null; onError: (err: unknown) => void },
  ) {}

  /** What the review engine calls (ReviewEngine.onDecision). */
  readonly listener: DecisionListener = {
    inTransaction: (tx, item, kindLabel) => this.enqueue(tx, item, kindLabel),
    afterCommit: () => this.kick(),
  };

  async enqueue(tx: Tx, item: ReviewItem, kindLabel: string): Promise<void> {
    const now = this.clock.now();
    const decidedAt = item.decidedAt ?? now;
    const { content, templateData } = noticeOf({ kindLabel, title: item.title, decision: item.status, opinion: item.opinion, decidedAt });
    await tx.insert(notices).values({
      id: randomUUID(),
      accountId: item.accountId,
      reviewItemId: item.id,
      reviewKind: item.kind,
      decision: item.status,
      authorityPath: item.authorityPath,
      applicantName: item.applicantName,
      applicantIdMasked: item.applicantIdMasked,
      content,
      templateData,
      status: 'pending',
      triesLeft: NOTICE_MAX_TRIES,
      nextAttemptAt: now,
      createdAt: now,
      decidedAt,
    });
  }

  /** Starts a delivery run in the background unless one is running (which then runs once more). Never throws. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.deliverDue().catch(this.options.onError);
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once no background run is in progress (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Sends every notice due now; returns how many this run attempted. Safe to run in many processes at once. */
  async deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const claimed = await this.claim(BATCH);
      for (const n of claimed) await this.attempt(n);
      attempted += claimed.length;
      if (claimed.length < BATCH) return attempted;
    }
  }

  private async claim(limit: number): Promise<Notice[]> {
    const now = this.clock.now();
    const token = randomUUID();
    const due = and(eq(notices.status, 'pending'), lte(notices.nextAttemptAt, now), or(isNull(notices.leaseUntil), lte(notices.leaseUntil, now)));
    const ids = this.db.select({ id: notices.id }).from(notices).where(due).orderBy(asc(notices.nextAttemptAt)).limit(limit).for('update', { skipLocked: true });
    return this.db
      .update(notices)
      .set({ leaseUntil: new Date(now.getTime() + NOTICE_LEASE_MS), claimToken: token })
      .where(and(inArray(notices.id, ids), due))
      .returning();
  }

  private async attempt(n: Notice): Promise<void> {
    const errors: string[] = [];
    let sentBy: NoticeChannel | null = null;
    let tried: NoticeChannel | null = null;
    const to = await this.recipient(n.accountId).catch((err: unknown) => {
      errors.push(`查询接收人失败（${messageOf(err)}）`);
      return null;
    });
    if (to === null && errors.length === 0) errors.push('账号不存在');
    if (to?.wechatOpenid && this.channels.wechat) {
      tried = 'wechat';
      try {
        await this.channels.wechat.send({ openid: to.wechatOpenid, url: this.options.portalUrl ? `${this.options.portalUrl}/my/reviews` : null, data: n.templateData });
        sentBy = 'wechat';
      } catch (err) {
        errors.push(`微信模板消息发送失败（${messageOf(err)}）`);
      }
    }
    if (to && !sentBy) {
      tried = 'sms';
      try {
        await this.channels.sms.send({ mobile: to.mobile, content: n.content, code: null, template: 'notice', templateParams: smsParams(n) });
        sentBy = 'sms';
      } catch (err) {
        errors.push(`短信发送失败（${messageOf(err)}）`);
      }
    }
    const now = this.clock.now();
    const mine = and(eq(notices.id, n.id), eq(notices.claimToken, n.claimToken!));
    const done = { leaseUntil: null, claimToken: null, tries: sql`${notices.tries} + 1` };
    if (sentBy) {
      await this.db
        .update(notices)
        .set({ ...done, status: 'sent', channel: sentBy, sentAt: now, lastError: errors.length ? errors.join('；') : null })
        .where(mine);
      return;
    }
    const left = n.triesLeft - 1;
    const wait = NOTICE_BACKOFF_MS[Math.min(NOTICE_MAX_TRIES - left - 1, NOTICE_BACKOFF_MS.length - 1)] ?? NOTICE_BACKOFF_MS[0];
    await this.db
      .update(notices)
      .set({
        ...done,
        status: left <= 0 ? 'failed' : 'pending',
        triesLeft: Math.max(0, left),
        channel: tried,
        lastError: errors.join('；'),
        nextAttemptAt: new Date(now.getTime() + wait),
      })
      .where(mine);
  }

  // ---- reading ----

  /** The person's own notices, newest first (我的办件). */
  forAccount(accountId: string): Promise<Notice[]> {
    return this.db.select().from(notices).where(eq(notices.accountId, accountId)).orderBy(desc(notices.createdAt)).limit(500);
  }

  /** What reached the person, newest first (the sandbox's GET /api/sandbox/notices). */
  sentTo(accountId: string): Promise<Notice[]> {
    return this.db
      .select()
      .from(notices)
      .where(and(eq(notices.accountId, accountId), eq(notices.status, 'sent')))
      .orderBy(desc(notices.sentAt), desc(notices.id))
      .limit(200);
  }

  /** Every notice sent lately, newest first (the 沙箱 page without a mobile). */
  recentlySent(limit = 50): Promise<Notice[]> {
    return this.db.select().from(notices).where(eq(notices.status, 'sent')).orderBy(desc(notices.sentAt), desc(notices.id)).limit(limit);
  }

  private scopeCondition(scope: NoticeScope): SQL {
    return like(notices.authorityPath, `${scope.authorityPath}%`);
  }

  /** The console's list: notices about items of the staff member's authority subtree. */
  async list(scope: NoticeScope, f: { status?: NoticeStatus; page: number; pageSize: number }) {
    const conds: SQL[] = [this.scopeCondition(scope)];
    if (f.status) conds.push(eq(notices.status, f.status));
    const where = and(...conds);
    const [{ total }] = (await this.db.select({ total: count() }).from(notices).where(where)) as [{ total: number }];
    const items = await this.db
      .select()
      .from(notices)
      .where(where)
      .orderBy(desc(notices.createdAt), desc(notices.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    return { total: Number(total), items };
  }

  /**
   * 重试: a notice kept as 发送失败 gets a fresh round of tries, due now; an administrator's act on a
   * person, so the audit trail records it in the same transaction.
   */
  async retry(scope: NoticeScope & { actor: AuditActor }, id: string, origin: RequestOrigin): Promise<Notice> {
    if (!isUuid(id)) throw new AppError(404, 'notice/not_found', '通知不存在');
    const updated = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(notices)
        .set({ status: 'pending', triesLeft: NOTICE_MAX_TRIES, nextAttemptAt: this.clock.now(), leaseUntil: null, claimToken: null })
        .where(and(eq(notices.id, id), eq(notices.status, 'failed'), this.scopeCondition(scope)))
        .returning();
      if (!row) {
        const [exists] = await tx.select({ status: notices.status }).from(notices).where(and(eq(notices.id, id), this.scopeCondition(scope)));
        if (!exists) throw new AppError(404, 'notice/not_found', '通知不存在');
        throw new AppError(409, 'notice/not_failed', exists.status === 'sent' ? '该通知已发送成功，无需重试' : '该通知正在发送中，无需重试');
      }
      await this.audit.record(tx, { kind: 'notice_retry', actor: scope.actor, accountId: row.accountId, detail: { noticeId: row.id, reviewItemId: row.reviewItemId } }, origin);
      return row;
    });
    this.kick();
    return updated;
  }
}

/** The SMS template's parameters (a real gateway sends a registered template, not free text). */
function smsParams(n: Notice): Record<string, string> {
  const d = n.templateData;
  return { service: d.keyword1 ?? '', result: d.keyword2 ?? '', time: d.keyword3 ?? '', opinion: d.keyword4 ?? '' };
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
