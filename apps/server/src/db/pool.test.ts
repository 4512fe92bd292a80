import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_MARGIN_MS, ResilientPool } from './pool';

// The pool's guards one by one, on the PostgreSQL server of TEST_DATABASE_URL (faults.test.ts takes them
// through the whole platform, with a database killed or frozen). No tables: the statements are the server's own.
const url = process.env.TEST_DATABASE_URL;
const TIMEOUTS = { connectMs: 2_000, statementMs: 200, lockMs: 200, idleInTransactionMs: 2_000 };
const DEADLINE_MS = TIMEOUTS.statementMs + ANSWER_MARGIN_MS;

describe.skipIf(!url)('ResilientPool', () => {
  let pool: ResilientPool | undefined;
  afterEach(async () => {
    await pool?.end();
    pool = undefined;
  });

  it('a statement with no answer past statement_timeout and the margin loses its connection, and only then', async () => {
    pool = new ResilientPool(url!, TIMEOUTS, { max: 2 });
    const client = await pool.connect();
    // The server's own limit lifted for this session: only the client's deadline can end the wait.
    await client.query('set statement_timeout = 0');
    const started = performance.now();
    await expect(client.query('select pg_sleep(30)')).rejects.toThrow();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(waited).toBeLessThan(DEADLINE_MS + ANSWER_MARGIN_MS);
    // The lost client went back to the pool, which dropped it; the holder's own release changes nothing.
    expect(pool.totalCount).toBe(0);
    client.release();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('statements answered one after another on one connection keep it, however long they take together', async () => {
    pool = new ResilientPool(url!, TIMEOUTS, { max: 1 });
    const client = await pool.connect();
    const started = performance.now();
    while (performance.now() - started < DEADLINE_MS * 1.5) await client.query('select pg_sleep(0.05)');
    // Idle between statements, past the deadline too.
    await new Promise((r) => setTimeout(r, DEADLINE_MS + 300));
    expect((await client.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    client.release();
    expect(pool.totalCount).toBe(1);
  });

  it('a connection lost while checked out goes back to the pool at once; the holder’s release is idempotent, and the next checkout releases as usual', async () => {
    pool = new ResilientPool(url!, TIMEOUTS, { max: 1 });
    const first = await pool.connect();
    const pid = (await first.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const other = new ResilientPool(url!, TIMEOUTS, { max: 1 });
    try {
      await other.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await other.end();
    }
    await expect(first.query('select 1')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.totalCount).toBe(0);
    first.release();
    first.release(new Error('again'));
    // The pool (max 1) has its slot back.
    const second = await pool.connect();
    expect((await second.query('select 3 as three')).rows).toEqual([{ three: 3 }]);
    second.release();
    second.release();
    expect(pool.idleCount).toBe(1);
    const third = await pool.connect();
    expect(third).toBe(second);
    third.release();
  });
});
