import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { freePort } from '../test/pg-cluster';
import { isUnavailable } from './unavailable';

/** The error a promise rejects with. */
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a failure'), (err: unknown) => err);

describe('isUnavailable: an outage (503, retry) or a fault of the request or the code (4xx, 500)', () => {
  it('is true for what the drivers raise when PostgreSQL cannot be reached, as drizzle wraps it', async () => {
    const port = await freePort();
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/x`, connectionTimeoutMillis: 2_000 });
    try {
      const err = await failure(drizzle(pool).execute(sql`select 1`));
      expect(isUnavailable(err), String(err)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('is true for PGlite closed under the app', async () => {
    const db = new PGlite();
    await db.close();
    expect(isUnavailable(await failure(db.query('select 1')))).toBe(true);
  });

  it('knows the SQLSTATEs of a server going away, full, or out of time, and the messages node-postgres gives without a code', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300', '53200', '57014', '55P03', '25P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      expect(isUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    for (const message of ['Connection terminated unexpectedly', 'Connection terminated due to connection timeout', 'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable']) {
      expect(isUnavailable(new Error('Failed query: commit', { cause: new Error(message) })), message).toBe(true);
    }
    // Node's try of several addresses (localhost: ::1 and 127.0.0.1).
    expect(isUnavailable(new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('is false for the request’s or the code’s own faults: those stay 4xx or 500', async () => {
    const db = new PGlite();
    try {
      // A syntax error and a unique violation, as the embedded database raises them.
      expect(isUnavailable(await failure(db.query('selec 1')))).toBe(false);
      await db.exec('create table t (k int primary key); insert into t values (1)');
      const duplicate = await failure(db.query('insert into t values (1)'));
      expect((duplicate as { code: string }).code).toBe('23505');
      expect(isUnavailable(duplicate)).toBe(false);
    } finally {
      await db.close();
    }
    for (const code of ['23505', '23503', '42P01', '22P02', '40001']) expect(isUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    expect(isUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isUnavailable(new AppError(409, 'review/already_decided', '该事项已审核完毕'))).toBe(false);
    expect(isUnavailable(null)).toBe(false);
  });

  // The real server's own words for a statement and a lock that ran out of time (the limits of decision 0009).
  it.skipIf(!process.env.TEST_DATABASE_URL)('is true for statement_timeout and lock_timeout as PostgreSQL raises them', async () => {
    const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    const waiter = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, statement_timeout: 500, lock_timeout: 50 });
    await Promise.all([holder.connect(), waiter.connect()]);
    try {
      const timedOut = await failure(waiter.query('select pg_sleep(2)'));
      expect((timedOut as { code: string }).code).toBe('57014');
      expect(isUnavailable(timedOut)).toBe(true);
      // An advisory lock of a key of this test's own, held by the other session.
      const key = Math.floor(Math.random() * 1e9);
      await holder.query('select pg_advisory_lock($1)', [key]);
      const locked = await failure(waiter.query('select pg_advisory_lock($1)', [key]));
      expect((locked as { code: string }).code).toBe('55P03');
      expect(isUnavailable(locked)).toBe(true);
    } finally {
      await Promise.all([holder.end(), waiter.end()]);
    }
  });
});
