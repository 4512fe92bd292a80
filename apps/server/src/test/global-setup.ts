import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../app';
import { loadConfig } from '../config';

/**
 * Once for a run of the API tests on PGlite: the app started on an empty in-memory database (initdb, the
 * migrations, the org tree, the sandbox staff), its data folder saved, and TEST_PGLITE_TEMPLATE naming it
 * for the test files' buildTestApp (test/helpers.ts), which each start from a copy. On PostgreSQL
 * (TEST_DATABASE_URL) the same: a database migrated and seeded once, named by TEST_PG_TEMPLATE, which each
 * file's database is created from (CREATE DATABASE … TEMPLATE, a copy of its files).
 */
export default async function setup(): Promise<(() => void | Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return pgTemplate(serverUrl);
  const app = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' }), dataDir: null, webDist: null });
  await app.ready();
  const tarball = await app.database.dumpDataDir!();
  await app.close();
  const dir = mkdtempSync(join(tmpdir(), 'ausm-pglite-template-'));
  writeFileSync(join(dir, 'pgdata.tar'), Buffer.from(await tarball.arrayBuffer()));
  process.env.TEST_PGLITE_TEMPLATE = join(dir, 'pgdata.tar');
  return () => rmSync(dir, { recursive: true, force: true });
}

async function pgTemplate(serverUrl: string): Promise<() => Promise<void>> {
  const name = `ausm_test_template_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const app = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' }), dataDir: null, webDist: null, databaseUrl: url.toString() });
  await app.ready();
  // Closed before any copy: CREATE DATABASE … TEMPLATE needs the template without connections.
  await app.close();
  process.env.TEST_PG_TEMPLATE = name;
  return () => admin(`drop database if exists ${name} with (force)`);
}
