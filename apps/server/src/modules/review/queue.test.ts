import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../platform/review/engine';
import { buildTestApp, makePerson, registerAccount, staffCookies } from '../../test/helpers';
import { authorities } from '../authority/tables';

// Issue 18, the console's review queue: staff in scope see the person's whole name, find them by it or by
// the whole ID number, tell two 张** apart, and see the open work first; staff out of scope see nothing.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
  app.reviewEngine.register({ kind: 'test_queue', label: '队列测试事项', onApproved: async () => {}, onRejected: async () => {} });
});
afterAll(() => app.close());

/** A name no other test of this database takes: two characters of a rare surname and a random given name. */
const uniqueName = () => `慕容${String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))}${String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))}`;

async function person(realName: string) {
  const { person, account } = await registerAccount(app, makePerson({ realName }));
  return { ...person, accountId: account.id as string };
}

async function submit(accountId: string, authorityId = '370102', title = '队列测试'): Promise<ReviewItem> {
  const [authority] = await app.database.db.select().from(authorities).where(eq(authorities.id, authorityId));
  return app.database.db.transaction((tx) =>
    app.reviewEngine.submit(tx, {
      kind: 'test_queue',
      accountId,
      authorityId,
      authorityPath: authority!.path,
      applicantName: '慕**',
      applicantIdMasked: '370*****0000',
      title,
      before: null,
      after: { note: title },
    }),
  );
}

type Summary = { id: string; status: string; applicantFullName: string; applicantName: string; applicantIdMasked: string; submittedAt: string };
const list = async (cookies: Record<string, string>, query: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/console/review-items?kind=test_queue&pageSize=100&${query}`, cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Summary[] };
};

describe('the review queue', () => {
  it('shows staff in scope the whole name, finds by it, and tells two people of one name apart', async () => {
    const name = uniqueName();
    const a = await person(name);
    const b = await person(name);
    const itemA = await submit(a.accountId);
    const itemB = await submit(b.accountId);
    const lx = await staffCookies(app, 'lx_reviewer');
    const found = await list(lx, `q=${encodeURIComponent(name)}`);
    expect(found.items.map((i) => i.id).sort()).toEqual([itemA.id, itemB.id].sort());
    expect(found.items.every((i) => i.applicantFullName === name)).toBe(true);
    // Two of one name: their masked ID numbers differ (the items hold the masked one of the submission).
    expect(found.items.every((i) => i.applicantIdMasked.includes('*'))).toBe(true);

    // The whole ID number finds one of them, through its blind index.
    const byId = await list(lx, `q=${a.idNumber}`);
    expect(byId.items.map((i) => i.id)).toEqual([itemA.id]);
    expect(byId.items[0]!.applicantFullName).toBe(name);

    // A part of the name is no whole name; the masked form still matches what a reviewer sees.
    expect((await list(lx, `q=${encodeURIComponent(name.slice(0, 3))}`)).items.filter((i) => i.id === itemA.id)).toHaveLength(0);

    // Staff of another province find nothing, by name or by number, and the detail stays closed.
    const beijing = await staffCookies(app, 'bj_reviewer');
    expect((await list(beijing, `q=${encodeURIComponent(name)}`)).total).toBe(0);
    expect((await list(beijing, `q=${a.idNumber}`)).total).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${itemA.id}`, cookies: beijing })).statusCode).toBe(404);
  });

  it('the same search 16 times at once answers the same', async () => {
    const name = uniqueName();
    const p = await person(name);
    const item = await submit(p.accountId);
    const lx = await staffCookies(app, 'lx_reviewer');
    const answers = await Promise.all(Array.from({ length: 16 }, () => list(lx, `q=${encodeURIComponent(name)}`)));
    for (const a of answers) expect(a.items.map((i) => [i.id, i.applicantFullName])).toEqual([[item.id, name]]);
  });

  it('lists open items first, oldest first, then finished ones, newest first; state=finished shows only those', async () => {
    const name = uniqueName();
    const p = await person(name);
    const clock = (iso: string) => app.inject({ method: 'PUT', url: '/api/sandbox/clock', payload: { now: iso } });
    const items: ReviewItem[] = [];
    for (const [i, day] of ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04'].entries()) {
      await clock(`${day}T09:00:00+08:00`);
      items.push(await submit(p.accountId, '370102', `第${i + 1}件`));
    }
    await app.inject({ method: 'DELETE', url: '/api/sandbox/clock' });
    const lx = await staffCookies(app, 'lx_reviewer');
    // Decide the 1st and the 3rd.
    for (const it of [items[0]!, items[2]!]) {
      const res = await app.inject({ method: 'POST', url: `/api/console/review-items/${it.id}/approve`, cookies: lx, payload: {} });
      expect(res.statusCode, res.body).toBe(200);
    }
    const all = await list(lx, `q=${encodeURIComponent(name)}`);
    expect(all.items.map((i) => i.id)).toEqual([items[1]!.id, items[3]!.id, items[2]!.id, items[0]!.id]);
    expect(all.items.map((i) => i.status)).toEqual(['pending', 'pending', 'approved', 'approved']);
    const finished = await list(lx, `q=${encodeURIComponent(name)}&state=finished`);
    expect(finished.items.map((i) => i.id)).toEqual([items[2]!.id, items[0]!.id]);
    const open = await list(lx, `q=${encodeURIComponent(name)}&state=open`);
    expect(open.items.map((i) => i.id)).toEqual([items[1]!.id, items[3]!.id]);
    expect((await app.inject({ method: 'GET', url: '/api/console/review-items?state=done', cookies: lx })).statusCode).toBe(400);
  });
});
