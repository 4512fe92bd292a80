import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app';
import { loadConfig } from '../config';

/**
 * Once for a run of the API tests on PGlite: the app started on an empty in-memory database (initdb, the
 * migrations, the org tree, the sandbox staff), its data folder saved, and TEST_PGLITE_TEMPLATE naming it
 * for the test files' buildTestApp (test/helpers.ts), which each start from a copy. On PostgreSQL
 * (TEST_DATABASE_URL) each file migrates a database of its own as before.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const app = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' }), dataDir: null, webDist: null });
  await app.ready();
  const tarball = await app.database.dumpDataDir!();
  await app.close();
  const dir = mkdtempSync(join(tmpdir(), 'ausm-pglite-template-'));
  writeFileSync(join(dir, 'pgdata.tar'), Buffer.from(await tarball.arrayBuffer()));
  process.env.TEST_PGLITE_TEMPLATE = join(dir, 'pgdata.tar');
  return () => rmSync(dir, { recursive: true, force: true });
}
