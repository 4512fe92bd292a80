import { describe, expect, it } from 'vitest';
import type { Db, Tx } from '../db/client';
import { GroupCommit } from './group-commit';

// A database whose transactions are recorded: what a batch wrote lands only when its callback returns.
function fakeDb() {
  const committed: number[][] = [];
  const db = {
    transaction: async <T>(fn: (tx: Tx) => Promise<T>) => {
      const writes: number[] = [];
      const out = await fn(writes as unknown as Tx);
      committed.push(writes);
      return out;
    },
  } as unknown as Db;
  return { db, committed };
}

describe('GroupCommit', () => {
  it('writes the arrivals of one moment in one transaction, and each caller gets its own result', async () => {
    const { db, committed } = fakeDb();
    const batches: number[][] = [];
    const group = new GroupCommit<number, string>(
      db,
      async (tx, works) => {
        batches.push(works);
        (tx as unknown as number[]).push(...works);
        return works.map((w) => `ok ${w}`);
      },
      async (w) => `alone ${w}`,
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((w) => group.write(w)));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5']);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(committed).toEqual([[1, 2, 3, 4, 5]]);
    // One alone is written as one.
    expect(await group.write(6)).toBe('alone 6');
  });

  it('rolls a failed batch back whole and writes each alone, so one failure is only its own', async () => {
    const { db, committed } = fakeDb();
    const alone: number[] = [];
    const group = new GroupCommit<number, string>(
      db,
      async (tx, works) => {
        (tx as unknown as number[]).push(...works);
        if (works.includes(3)) throw new Error('a unique violation');
        return works.map((w) => `ok ${w}`);
      },
      async (w) => {
        alone.push(w);
        if (w === 3) throw new Error('您已报名本次考试，不能重复报名');
        return `alone ${w}`;
      },
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((w) => group.write(w)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'alone 1',
      'alone 2',
      '您已报名本次考试，不能重复报名',
      'alone 4',
    ]);
    expect(committed).toEqual([]);
    expect(alone.sort()).toEqual([1, 2, 3, 4]);
  });

  it('when the database drops mid-batch, every caller gets the error, nothing is left waiting, and the next writes go through', async () => {
    const { db, committed } = fakeDb();
    let down = true;
    const unavailable = () => Object.assign(new Error('数据库暂时不可用，请稍后再试'), { statusCode: 503 });
    const group = new GroupCommit<number, number>(
      db,
      async (tx, works) => {
        if (down) throw unavailable();
        (tx as unknown as number[]).push(...works);
        return works;
      },
      async (w) => {
        if (down) throw unavailable();
        return w;
      },
    );
    const failed = await Promise.allSettled([1, 2, 3].map((w) => group.write(w)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed).toEqual([]);
    down = false;
    expect(await Promise.all([4, 5].map((w) => group.write(w)))).toEqual([4, 5]);
    expect(committed).toEqual([[4, 5]]);
  });

  it('keeps at most maxInFlight batches writing; what arrives meanwhile goes in the next, at most maxBatch at a time', async () => {
    const { db } = fakeDb();
    const batches: number[][] = [];
    let open = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<number, number>(
      db,
      async (_tx, works) => {
        batches.push(works);
        most = Math.max(most, ++open);
        await gate;
        open--;
        return works;
      },
      async (w) => w,
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = [1, 2].map((w) => group.write(w));
    await new Promise((r) => setImmediate(r));
    const later = [3, 4, 5, 6, 7].map((w) => group.write(w));
    release();
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(1);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
  });
});
