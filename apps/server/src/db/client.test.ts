import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, openDatabase, type Database } from './client';

const serverUrl = process.env.TEST_DATABASE_URL;

// Only PostgreSQL is shared by several processes; PGlite is one process's own folder.
describe.skipIf(!serverUrl)('openDatabase on PostgreSQL', () => {
  const name = `ausm_test_${randomBytes(6).toString('hex')}`;
  const admin = (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    return c.connect().then(() => c.query(statement)).finally(() => c.end());
  };
  const url = () => {
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };

  beforeAll(() => admin(`create database ${name}`));
  afterAll(() => admin(`drop database if exists ${name} with (force)`));

  it('lets several processes start at once on a new database: one migrates, the others wait for it', async () => {
    const opened: Database[] = [];
    try {
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url(), dataDir: null })));
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason?.cause ?? r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      // Every migration was applied once, and every process sees the tables.
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        const applied = await c.query('select count(*)::int as n from drizzle.__drizzle_migrations');
        const journal = JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
        expect(applied.rows[0].n).toBe(journal.entries.length);
        // Only this database's migration lock: other test files migrate their own databases meanwhile.
        const locks = await c.query(
          "select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and database = (select oid from pg_database where datname = current_database())",
          [MIGRATION_LOCK_KEY],
        );
        expect(locks.rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      await Promise.all(opened.map((d) => d.close()));
    }
  });
});
