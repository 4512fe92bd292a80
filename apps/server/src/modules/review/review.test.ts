import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../platform/review/engine';
import { buildTestApp, login, PASSWORD, registerAccount, sessionCookie, staffCookies } from '../../test/helpers';
import { reviewItems } from '../../platform/review/tables';
import { authorities } from '../authority/tables';
import { eq } from 'drizzle-orm';

// A review kind that exists only in this test: it records what the engine called.
const calls: Array<{ event: 'approved' | 'rejected'; id: string }> = [];

let app: FastifyInstance;
let accountId: string;
let accountCookies: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  app.reviewEngine.register({
    kind: 'test_dummy',
    label: '测试事项',
    fields: [
      { key: 'email', label: '邮箱' },
      { key: 'address', label: '通讯地址' },
    ],
    autoDecide: ({ after }) => (after.auto === true ? 'approve' : null),
    onApproved: async (_tx, item) => void calls.push({ event: 'approved', id: item.id }),
    onRejected: async (_tx, item) => void calls.push({ event: 'rejected', id: item.id }),
  });
  const { person, account } = await registerAccount(app, undefined);
  accountId = account.id;
  accountCookies = sessionCookie(await login(app, person.mobile, PASSWORD));
});
afterAll(() => app.close());

async function submit(authorityId: string, after: Record<string, unknown> = { email: 'new@example.com', address: '历下区' }): Promise<ReviewItem> {
  const [authority] = await app.database.db.select().from(authorities).where(eq(authorities.id, authorityId));
  return app.database.db.transaction((tx) =>
    app.reviewEngine.submit(tx, {
      kind: 'test_dummy',
      accountId,
      authorityId,
      authorityPath: authority!.path,
      applicantName: '张**',
      applicantIdMasked: '110*****1234',
      title: '测试变更',
      before: { email: 'old@example.com', address: '历下区' },
      after,
    }),
  );
}

const get = (url: string, cookies: Record<string, string>) => app.inject({ method: 'GET', url, cookies });
const post = (url: string, cookies: Record<string, string>, payload: unknown = {}) => app.inject({ method: 'POST', url, cookies, payload: payload as object });

describe('scope', () => {
  it('a county item is seen by its county, city, province and the ministry, not by a neighbour province', async () => {
    const item = await submit('370102');
    for (const who of ['lx_reviewer', 'jn_reviewer', 'sd_reviewer', 'mof_admin']) {
      const cookies = await staffCookies(app, who);
      expect((await get(`/api/console/review-items/${item.id}`, cookies)).statusCode).toBe(200);
      const list = (await get('/api/console/review-items?kind=test_dummy&pageSize=100', cookies)).json();
      expect(list.items.map((i: { id: string }) => i.id)).toContain(item.id);
    }
    for (const who of ['bj_reviewer', 'dc_reviewer']) {
      const cookies = await staffCookies(app, who);
      // Guessing the id gets the same answer as a nonexistent one.
      for (const [method, url] of [
        ['GET', `/api/console/review-items/${item.id}`],
        ['POST', `/api/console/review-items/${item.id}/approve`],
        ['POST', `/api/console/review-items/${item.id}/claim`],
      ] as const) {
        const res = await app.inject({ method, url, cookies, ...(method === 'POST' ? { payload: {} } : {}) });
        expect(res.statusCode).toBe(404);
      }
      const rej = await post(`/api/console/review-items/${item.id}/reject`, cookies, { opinion: '不属于本地' });
      expect(rej.statusCode).toBe(404);
      const list = (await get('/api/console/review-items?pageSize=100', cookies)).json();
      expect(list.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    }
    // A sibling county in the same city does not see it either.
    const sibling = await submit('370103');
    const lx = await staffCookies(app, 'lx_reviewer');
    expect((await get(`/api/console/review-items/${sibling.id}`, lx)).statusCode).toBe(404);
  });

  it('every console route asks for a staff session', async () => {
    for (const url of ['/api/console/review-items', '/api/console/review-kinds', '/api/console/dashboard', '/api/console/review-history', '/api/console/authorities', '/api/console/staff']) {
      expect((await get(url, accountCookies)).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it('the console tree starts at the staff member\'s authority and cannot climb out', async () => {
    const jn = await staffCookies(app, 'jn_reviewer');
    expect((await get('/api/console/authorities', jn)).json().items).toEqual([expect.objectContaining({ id: '370100', name: '济南市' })]);
    expect((await get('/api/console/authorities?parentId=370100', jn)).json().items.map((a: { id: string }) => a.id)).toContain('370102');
    expect((await get('/api/console/authorities?parentId=370000', jn)).statusCode).toBe(404);
    expect((await get('/api/console/authorities?parentId=110000', jn)).statusCode).toBe(404);
  });
});

describe('decisions', () => {
  it('shows 变更前 / 变更后 with the changed fields marked', async () => {
    const item = await submit('370102');
    const detail = (await get(`/api/console/review-items/${item.id}`, await staffCookies(app, 'lx_reviewer'))).json();
    expect(detail.fields).toEqual([
      { key: 'email', label: '邮箱', before: 'old@example.com', after: 'new@example.com', changed: true },
      { key: 'address', label: '通讯地址', before: '历下区', after: '历下区', changed: false },
    ]);
    expect(detail.item).toMatchObject({ kindLabel: '测试事项', status: 'pending', mode: 'manual', authorityLabel: '山东省-济南市-历下区' });
    expect(detail.decisions.map((d: { action: string }) => d.action)).toEqual(['submit']);
  });

  it('a rejection needs a reason; the accountant then sees status, authority and opinion', async () => {
    const item = await submit('370102');
    const lx = await staffCookies(app, 'lx_reviewer');
    const empty = await post(`/api/console/review-items/${item.id}/reject`, lx, { opinion: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields.opinion).toBe('请填写不通过的原因');
    expect((await get(`/api/console/review-items/${item.id}`, lx)).json().item.status).toBe('pending');
    const res = await post(`/api/console/review-items/${item.id}/reject`, lx, { opinion: '邮箱无法联系，请核实' });
    expect(res.json()).toMatchObject({ status: 'rejected', opinion: '邮箱无法联系，请核实' });
    expect(calls).toContainEqual({ event: 'rejected', id: item.id });
    const mine = (await get('/api/my/review-items', accountCookies)).json().items;
    expect(mine.find((i: { id: string }) => i.id === item.id)).toMatchObject({ status: 'rejected', authorityLabel: '山东省-济南市-历下区', opinion: '邮箱无法联系，请核实', kindLabel: '测试事项' });
  });

  it('a decided item cannot be decided again', async () => {
    const item = await submit('370102');
    const lx = await staffCookies(app, 'lx_reviewer');
    expect((await post(`/api/console/review-items/${item.id}/approve`, lx)).statusCode).toBe(200);
    const again = await post(`/api/console/review-items/${item.id}/reject`, lx, { opinion: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('review/already_decided');
    expect(calls.filter((c) => c.id === item.id)).toEqual([{ event: 'approved', id: item.id }]);
  });

  it('two reviewers deciding at once end with one decision', async () => {
    for (let round = 0; round < 5; round++) {
      const item = await submit('370102');
      const [lx, jn] = await Promise.all([staffCookies(app, 'lx_reviewer'), staffCookies(app, 'sd_reviewer')]);
      const results = await Promise.all([post(`/api/console/review-items/${item.id}/approve`, lx), post(`/api/console/review-items/${item.id}/reject`, jn, { opinion: '材料不全' })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const detail = (await get(`/api/console/review-items/${item.id}`, lx)).json();
      expect(detail.decisions.filter((d: { action: string }) => d.action === 'approve' || d.action === 'reject')).toHaveLength(1);
      expect(calls.filter((c) => c.id === item.id)).toHaveLength(1);
    }
  });

  it('claims an item (审核中) and the accountant can withdraw only what is undecided', async () => {
    const item = await submit('370102');
    const lx = await staffCookies(app, 'lx_reviewer');
    expect((await post(`/api/console/review-items/${item.id}/claim`, lx)).json().status).toBe('in_review');
    const withdrawn = await post(`/api/my/review-items/${item.id}/withdraw`, accountCookies);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await post(`/api/console/review-items/${item.id}/approve`, lx)).statusCode).toBe(409);
    expect((await post(`/api/my/review-items/${item.id}/withdraw`, accountCookies)).statusCode).toBe(409);
    const { person } = await registerAccount(app);
    const other = sessionCookie(await login(app, person.mobile, PASSWORD));
    const fresh = await submit('370102');
    expect((await post(`/api/my/review-items/${fresh.id}/withdraw`, other)).statusCode).toBe(404);
  });

  it('batch approval approves what it can and says why not for the rest', async () => {
    const a = await submit('370102');
    const b = await submit('370102');
    const outside = await submit('110101');
    const lx = await staffCookies(app, 'lx_reviewer');
    await post(`/api/console/review-items/${b.id}/approve`, lx);
    const res = (await post('/api/console/review-items/batch-approve', lx, { ids: [a.id, b.id, outside.id, 'not-an-id'] })).json();
    expect(res.approved).toEqual([a.id]);
    expect(res.failed.map((f: { id: string }) => f.id)).toEqual([b.id, outside.id, 'not-an-id']);
    expect(res.failed[0].message).toMatch(/已审核/);
    expect((await post('/api/console/review-items/batch-approve', lx, { ids: [] })).statusCode).toBe(400);
    expect((await post('/api/console/review-items/batch-approve', lx, { ids: Array.from({ length: 101 }, () => a.id) })).statusCode).toBe(400);
  });

  it('an automatic rule approves at once, through the engine, and is recorded as 自动审核', async () => {
    const item = await submit('370102', { email: 'old@example.com', address: '历下区', auto: true });
    expect(item).toMatchObject({ status: 'approved', mode: 'auto' });
    const detail = (await get(`/api/console/review-items/${item.id}`, await staffCookies(app, 'lx_reviewer'))).json();
    expect(detail.decisions.map((d: { action: string; mode: string }) => [d.action, d.mode])).toEqual([
      ['submit', 'auto'],
      ['approve', 'auto'],
    ]);
    expect(calls).toContainEqual({ event: 'approved', id: item.id });
  });
});

describe('queues', () => {
  it('filters by status, name or masked ID, date and authority, and pages "共 N 条"', async () => {
    const jn = await staffCookies(app, 'jn_reviewer');
    for (let i = 0; i < 12; i++) await submit('370103');
    const page1 = (await get('/api/console/review-items?kind=test_dummy&status=pending&authorityId=370103&pageSize=10', jn)).json();
    expect(page1.total).toBeGreaterThanOrEqual(12);
    expect(page1.items).toHaveLength(10);
    const page2 = (await get(`/api/console/review-items?kind=test_dummy&status=pending&authorityId=370103&pageSize=10&page=2`, jn)).json();
    expect(page2.items.length).toBe(page1.total - 10);
    expect(new Set([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).size).toBe(page1.total);
    expect((await get('/api/console/review-items?q=张**', jn)).json().total).toBeGreaterThan(0);
    expect((await get(`/api/console/review-items?q=${encodeURIComponent('110*****1234')}`, jn)).json().total).toBeGreaterThan(0);
    expect((await get('/api/console/review-items?q=李', jn)).json().total).toBe(0);
    expect((await get('/api/console/review-items?from=2000-01-01&to=2000-01-02', jn)).json().total).toBe(0);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await get(`/api/console/review-items?from=${today}&to=${today}`, jn)).json().total).toBeGreaterThan(0);
  });

  it('refuses bad filters with a clear 4xx', async () => {
    const jn = await staffCookies(app, 'jn_reviewer');
    for (const q of ['pageSize=1000', 'page=0', 'status=done', 'from=2025-13-01', `q=${'张'.repeat(31)}`, `authorityId=${'1'.repeat(13)}`]) {
      const res = await get(`/api/console/review-items?${q}`, jn);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBeTruthy();
    }
    expect((await get('/api/console/review-items/00000000-0000-0000-0000-000000000000', jn)).statusCode).toBe(404);
    expect((await get('/api/console/review-items/nonsense', jn)).statusCode).toBe(404);
  });

  it('the console home counts per kind and status, with the oldest open item', async () => {
    const sd = await staffCookies(app, 'sd_reviewer');
    const home = (await get('/api/console/dashboard', sd)).json();
    expect(home.authorityName).toBe('山东省');
    const pending = home.counts.find((c: { kind: string; status: string }) => c.kind === 'test_dummy' && c.status === 'pending');
    expect(pending.count).toBeGreaterThan(0);
    expect(pending.label).toBe('测试事项');
    expect(home.oldestOpenSubmittedAt).toBeTruthy();
    // 北京市 counts only what lies under 北京市.
    await submit('110101');
    const bj = (await get('/api/console/dashboard', await staffCookies(app, 'bj_reviewer'))).json();
    const bjTotal = bj.counts.filter((c: { kind: string }) => c.kind === 'test_dummy').reduce((n: number, c: { count: number }) => n + c.count, 0);
    const underBeijing = (await app.database.db.select().from(reviewItems)).filter((i) => i.kind === 'test_dummy' && i.authorityPath.startsWith('/100000/110000/'));
    expect(bjTotal).toBe(underBeijing.length);
    expect(bjTotal).toBeGreaterThan(0);
  });

  it('keeps a history of decisions, newest first', async () => {
    const lx = await staffCookies(app, 'lx_reviewer');
    const history = (await get('/api/console/review-history?pageSize=5', lx)).json();
    expect(history.total).toBeGreaterThan(0);
    expect(history.items[0].decision).toHaveProperty('staffName');
  });
});
