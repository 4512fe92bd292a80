import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWechat } from '../../modules/account/tables';
import { authorities } from '../../modules/authority/tables';
import { advanceClock, buildTestApp, login, PASSWORD, registerAccount, sessionCookie, staffCookies } from '../../test/helpers';
import { AppError } from '../errors';
import type { ReviewItem } from '../review/engine';
import { reviewItems } from '../review/tables';
import type { SandboxSmsGateway } from '../sms/sandbox';
import { sandboxOpenid } from '../wechat/sandbox';
import { chinaTime, noticeOf } from './content';
import { NOTICE_BACKOFF_MS, NOTICE_MAX_TRIES } from './service';
import { notices, sandboxWechatMessages } from './tables';

describe('the notice of a decision', () => {
  it('says which service, the decision, the opinion, the time and where to look, in Chinese', () => {
    const at = new Date('2026-03-05T02:07:00Z');
    const { content, templateData } = noticeOf({ kindLabel: '会计人员信息采集', title: '信息采集', decision: 'approved', opinion: '材料齐全', decidedAt: at });
    expect(content).toBe('【全国会计人员统一服务管理平台】您提交的“会计人员信息采集（信息采集）”已于2026年03月05日 10:07审核通过。审核意见：材料齐全。详情请登录全国会计人员统一服务管理平台，在“我的办件”中查看。');
    expect(templateData).toMatchObject({ keyword1: '会计人员信息采集（信息采集）', keyword2: '审核通过', keyword3: '2026年03月05日 10:07', keyword4: '材料齐全' });
    expect(noticeOf({ kindLabel: '实名认证', title: '实名认证', decision: 'rejected', opinion: null, decidedAt: at }).content).toContain('“实名认证”已于2026年03月05日 10:07审核不通过。审核意见：无。');
    expect(noticeOf({ kindLabel: '信息变更', title: '信息变更', decision: 'returned', opinion: '请补充', decidedAt: at }).content).toContain('退回');
  });

  it('cuts a long opinion so the SMS stays within 500 characters, and reads China time across midnight', () => {
    const { content } = noticeOf({ kindLabel: '信息变更', title: '工作经历', decision: 'rejected', opinion: '𠀀'.repeat(500), decidedAt: new Date('2026-12-31T16:30:00Z') });
    expect([...content].length).toBeLessThan(500);
    expect(content).toContain(`${'𠀀'.repeat(100)}…`);
    expect(chinaTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027年01月01日 00:30');
  });
});

let app: FastifyInstance;
let lixiaPath: string;

beforeAll(async () => {
  // No poll: each test says when notices are delivered (decisions of reviewers still start a run after commit).
  app = await buildTestApp({ noticeDeliveryIntervalMs: 3_600_000 });
  app.reviewEngine.register({
    kind: 'notice_test',
    label: '通知测试事项',
    autoDecide: ({ after }) => (after.auto === true ? 'approve' : null),
    onApproved: async (_tx, item) => {
      if (item.after.failOnApprove === true) throw new AppError(409, 'test/refused', '测试：审核通过时写入失败');
    },
    onRejected: async () => undefined,
  });
  const [lixia] = await app.database.db.select().from(authorities).where(eq(authorities.id, '370102'));
  lixiaPath = lixia!.path;
});
afterAll(() => app.close());

async function person() {
  const { person: p, account } = await registerAccount(app);
  return { mobile: p.mobile, accountId: account.id as string, cookies: sessionCookie(await login(app, p.mobile, PASSWORD)) };
}

function file(accountId: string, after: Record<string, unknown> = {}, title = '通知测试'): Promise<ReviewItem> {
  return app.database.db.transaction((tx) =>
    app.reviewEngine.submit(tx, {
      kind: 'notice_test',
      accountId,
      authorityId: '370102',
      authorityPath: lixiaPath,
      applicantName: '张*',
      applicantIdMasked: '110*****1234',
      title,
      before: null,
      after: { note: 'x', ...after },
    }),
  );
}

const noticesOf = (itemId: string) => app.database.db.select().from(notices).where(eq(notices.reviewItemId, itemId));
const sandboxNotices = async (mobile: string) => (await app.inject({ method: 'GET', url: `/api/sandbox/notices?mobile=${mobile}` })).json() as Array<{ mobile: string; channel: string; content: string; sentAt: string }>;
const sandboxSms = async (mobile: string) => (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` })).json() as Array<{ content: string }>;
const smsGateway = () => app.notices.channels.sms as SandboxSmsGateway;

async function approve(itemId: string, who = 'lx_reviewer', opinion = '材料齐全') {
  const res = await app.inject({ method: 'POST', url: `/api/console/review-items/${itemId}/approve`, cookies: await staffCookies(app, who), payload: { opinion } });
  expect(res.statusCode).toBe(200);
}

describe('a decision writes its notice in its own transaction', () => {
  it('one notice per decision, pending until sent; a decision that fails leaves none', async () => {
    const a = await person();
    const ok = await file(a.accountId);
    await approve(ok.id);
    expect(await noticesOf(ok.id)).toHaveLength(1);

    const bad = await file(a.accountId, { failOnApprove: true });
    const res = await app.inject({ method: 'POST', url: `/api/console/review-items/${bad.id}/approve`, cookies: await staffCookies(app, 'lx_reviewer'), payload: {} });
    expect(res.statusCode).toBe(409);
    expect(await noticesOf(bad.id)).toHaveLength(0);
    const [still] = await app.database.db.select().from(reviewItems).where(eq(reviewItems.id, bad.id));
    expect(still!.status).toBe('pending');
    // A rejection notifies too, and an automatic approval (no reviewer) as well.
    const rejected = await file(a.accountId);
    const rej = await app.inject({ method: 'POST', url: `/api/console/review-items/${rejected.id}/reject`, cookies: await staffCookies(app, 'lx_reviewer'), payload: { opinion: '证明材料不清晰' } });
    expect(rej.statusCode).toBe(200);
    const [rn] = await noticesOf(rejected.id);
    expect(rn!.content).toContain('审核不通过。审核意见：证明材料不清晰');
    const auto = await file(a.accountId, { auto: true });
    expect(auto.status).toBe('approved');
    expect(await noticesOf(auto.id)).toHaveLength(1);
  });

  it('is delivered after commit by SMS when no WeChat is bound, and the sandbox shows it per SANDBOX.md', async () => {
    const a = await person();
    const item = await file(a.accountId, {}, '通知测试：短信');
    await approve(item.id, 'lx_reviewer', '同意');
    await app.notices.settled();
    const [n] = await noticesOf(item.id);
    expect(n).toMatchObject({ status: 'sent', channel: 'sms', tries: 1, lastError: null });
    expect((await sandboxSms(a.mobile))[0]!.content).toBe(n!.content);
    const listed = await sandboxNotices(a.mobile);
    expect(listed).toEqual([{ mobile: a.mobile, channel: 'sms', content: n!.content, sentAt: n!.sentAt!.toISOString() }]);
    expect(listed[0]!.content).toContain('“通知测试事项（通知测试：短信）”');
    expect(listed[0]!.content).toContain('审核通过。审核意见：同意。');
    // Newest first, and nobody else's: a second decision comes before the first.
    const second = await file(a.accountId, {}, '第二件');
    await approve(second.id);
    await app.notices.settled();
    const after = await sandboxNotices(a.mobile);
    expect(after.map((x) => x.content.includes('第二件'))).toEqual([true, false]);
    expect(await sandboxNotices('13700000000')).toEqual([]);
  });

  it('goes by WeChat template message when a WeChat is bound, and falls back to SMS when WeChat refuses', async () => {
    const a = await person();
    await app.database.db.insert(accountWechat).values({ accountId: a.accountId, openid: sandboxOpenid(`wx-${a.mobile}`), unionid: null, boundAt: new Date() });
    const smsBefore = (await sandboxSms(a.mobile)).length;
    const item = await file(a.accountId);
    await approve(item.id);
    await app.notices.settled();
    const [n] = await noticesOf(item.id);
    expect(n).toMatchObject({ status: 'sent', channel: 'wechat' });
    const received = await app.database.db.select().from(sandboxWechatMessages).where(eq(sandboxWechatMessages.openid, sandboxOpenid(`wx-${a.mobile}`)));
    expect(received).toHaveLength(1);
    expect(received[0]!.data).toMatchObject({ keyword2: '审核通过', keyword4: '材料齐全' });
    expect((await sandboxSms(a.mobile)).length).toBe(smsBefore);
    expect((await sandboxNotices(a.mobile))[0]).toMatchObject({ channel: 'wechat', content: n!.content });

    // 微信号 unfollowed does not follow the official account: WeChat answers 43004, the SMS goes instead.
    const b = await person();
    await app.database.db.insert(accountWechat).values({ accountId: b.accountId, openid: sandboxOpenid('unfollowed'), unionid: null, boundAt: new Date() });
    const other = await file(b.accountId);
    await approve(other.id);
    await app.notices.settled();
    const [m] = await noticesOf(other.id);
    expect(m).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(m!.lastError).toContain('43004');
    expect((await sandboxNotices(b.mobile))[0]).toMatchObject({ channel: 'sms' });
  });
});

describe('a channel that fails', () => {
  it('is retried on the platform clock, then kept as 发送失败, shown to staff in scope, and retried by an administrator', async () => {
    const a = await person();
    smsGateway().unreachable.add(a.mobile);
    const item = await file(a.accountId, {}, '通知测试：失败');
    await approve(item.id);
    await app.notices.settled();
    let [n] = await noticesOf(item.id);
    expect(n).toMatchObject({ status: 'pending', channel: 'sms', tries: 1, triesLeft: NOTICE_MAX_TRIES - 1 });
    expect(n!.lastError).toContain('短信发送失败');
    // Not due before its wait is over; due after, on the clock (no sleeping).
    await app.notices.deliverDue();
    expect((await noticesOf(item.id))[0]!.tries).toBe(1);
    for (const wait of NOTICE_BACKOFF_MS) {
      await advanceClock(app, wait - 1_000);
      await app.notices.deliverDue();
      const before = (await noticesOf(item.id))[0]!.tries;
      await advanceClock(app, 1_000);
      await app.notices.deliverDue();
      expect((await noticesOf(item.id))[0]!.tries).toBe(before + 1);
    }
    [n] = await noticesOf(item.id);
    expect(n).toMatchObject({ status: 'failed', tries: NOTICE_MAX_TRIES, triesLeft: 0 });
    await advanceClock(app, 24 * 3_600_000);
    await app.notices.deliverDue();
    expect((await noticesOf(item.id))[0]!.tries).toBe(NOTICE_MAX_TRIES);
    expect(await sandboxNotices(a.mobile)).toEqual([]);

    // The console: 历下区 and the province see it; Beijing does not, and cannot retry it.
    const failedFor = async (who: string) =>
      ((await app.inject({ method: 'GET', url: '/api/console/notices?status=failed&pageSize=100', cookies: await staffCookies(app, who) })).json() as { items: Array<{ id: string }> }).items;
    for (const who of ['lx_reviewer', 'sd_admin', 'mof_admin']) expect((await failedFor(who)).map((x) => x.id)).toContain(n!.id);
    const seen = (await failedFor('lx_reviewer')).find((x) => x.id === n!.id) as unknown as Record<string, unknown>;
    expect(seen).toMatchObject({ kindLabel: '通知测试事项', applicantName: '张*', applicantIdMasked: '110*****1234', channel: 'sms', tries: NOTICE_MAX_TRIES, status: 'failed' });
    expect(JSON.stringify(seen)).not.toContain(a.mobile);
    expect((await failedFor('bj_reviewer')).map((x) => x.id)).not.toContain(n!.id);
    const retry = async (who: string) => app.inject({ method: 'POST', url: `/api/console/notices/${n!.id}/retry`, cookies: await staffCookies(app, who) });
    expect((await retry('bj_reviewer')).statusCode).toBe(403);
    // 重试 needs the administrator role: a reviewer of 历下区 is refused.
    expect((await retry('lx_reviewer')).statusCode).toBe(403);

    // The number is reachable again; sd_admin retries: a fresh round, sent at once, recorded in the audit trail.
    smsGateway().unreachable.delete(a.mobile);
    const ok = await retry('sd_admin');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'pending', triesLeft: NOTICE_MAX_TRIES });
    await app.notices.settled();
    expect((await noticesOf(item.id))[0]).toMatchObject({ status: 'sent', channel: 'sms', tries: NOTICE_MAX_TRIES + 1 });
    expect((await sandboxNotices(a.mobile))).toHaveLength(1);
    const again = await retry('sd_admin');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该通知已发送成功，无需重试');
    const audit = await app.inject({ method: 'GET', url: '/api/console/audit-events?kind=notice_retry&pageSize=100', cookies: await staffCookies(app, 'sd_admin') });
    expect(audit.statusCode).toBe(200);
    expect((audit.json() as { items: Array<{ kind: string }> }).items.some((e) => e.kind === 'notice_retry')).toBe(true);
  });

  it('an unknown or malformed id answers 404', async () => {
    const cookies = await staffCookies(app, 'sd_admin');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      expect((await app.inject({ method: 'POST', url: `/api/console/notices/${id}/retry`, cookies })).statusCode).toBe(404);
    }
  });
});

describe('many senders at once', () => {
  it('16 concurrent delivery runs send each notice once', async () => {
    const a = await person();
    // Automatic approvals inside a module's transaction: queued, not yet sent (the poll would send them).
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => file(a.accountId, { auto: true }, `并发${i}`)));
    expect(items.every((i) => i.status === 'approved')).toBe(true);
    const runs = await Promise.all(Array.from({ length: 16 }, () => app.notices.deliverDue()));
    expect(runs.reduce((s, n) => s + n, 0)).toBe(12);
    const rows = await app.database.db.select().from(notices).where(eq(notices.accountId, a.accountId));
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'sent' && r.tries === 1)).toBe(true);
    expect((await sandboxSms(a.mobile)).filter((m) => m.content.includes('并发'))).toHaveLength(12);
    expect(await sandboxNotices(a.mobile)).toHaveLength(12);
  });
});

describe('我的办件', () => {
  it('shows the person their own items with the notices about each, and nobody else’s', async () => {
    const a = await person();
    const b = await person();
    const item = await file(a.accountId, {}, '我的办件测试');
    await approve(item.id, 'lx_reviewer', '通过');
    await app.notices.settled();
    const mine = (await app.inject({ method: 'GET', url: '/api/my/notices', cookies: a.cookies })).json() as { items: Array<{ reviewItemId: string; status: string; channel: string; content: string }> };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ reviewItemId: item.id, status: 'sent', channel: 'sms' });
    const myItems = (await app.inject({ method: 'GET', url: '/api/my/review-items', cookies: a.cookies })).json() as { items: Array<{ id: string; decidedAt: string | null; opinion: string | null }> };
    expect(myItems.items.find((i) => i.id === item.id)).toMatchObject({ opinion: '通过' });
    expect(myItems.items.find((i) => i.id === item.id)!.decidedAt).not.toBeNull();

    const theirs = (await app.inject({ method: 'GET', url: '/api/my/notices', cookies: b.cookies })).json() as { items: unknown[] };
    expect(theirs.items).toEqual([]);
    const theirItems = (await app.inject({ method: 'GET', url: '/api/my/review-items', cookies: b.cookies })).json() as { items: Array<{ id: string }> };
    expect(theirItems.items.map((i) => i.id)).not.toContain(item.id);
    expect((await app.inject({ method: 'GET', url: '/api/my/notices' })).statusCode).toBe(401);
    const [{ n }] = (await app.database.db.select({ n: count() }).from(notices).where(and(eq(notices.accountId, b.accountId)))) as [{ n: number }];
    expect(Number(n)).toBe(0);
  });
});

describe('帮助中心', () => {
  it('answers how notices of decisions arrive', async () => {
    const search = async (q: string) =>
      ((await app.inject({ method: 'GET', url: `/api/help/faqs/search?q=${encodeURIComponent(q)}` })).json().items as Array<{ question: string }>).map((i) => i.question);
    expect(await search('怎么接收审核结果通知')).toContain('如何接收审核结果通知？');
    expect(await search('没收到审核通知')).toContain('为什么没有收到审核结果通知？');
  });
});
