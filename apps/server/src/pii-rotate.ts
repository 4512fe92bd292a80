import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { piiKeyCensus, reindexPersonalData, rotatePersonalData, sealPlainPersonalData } from './db/pii-migration';
import { assertSmAlgorithms, installPiiKeyring, PiiKeyring } from './platform/pii/keyring';

/**
 * `npm run pii:rotate` (docs/personal-data.md, 轮换密钥): seals again under PII_ACTIVE_KEY every value sealed
 * under another key, in batches of 500 rows, one transaction each; then says how many values each key still
 * holds, so an old key is removed from PII_KEYS only once it holds none. `-- --reindex` recomputes every blind
 * index under PII_INDEX_KEY instead (a maintenance window: look-ups miss until it ends).
 *
 * Safe beside running servers on PostgreSQL (each batch locks its rows); an embedded PGlite database (no
 * DATABASE_URL) is one process's, so stop the server first.
 */
const reindex = process.argv.includes('--reindex');
const config = loadConfig();
assertSmAlgorithms();
const ring = new PiiKeyring(config.pii);
installPiiKeyring(ring);
if (config.pii.development) console.warn('pii:rotate: using the fixed development keys (sandbox mode without PII_KEYS)');

const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const sealed = await sealPlainPersonalData(database.db, ring);
  const changed = reindex ? await reindexPersonalData(database.db, ring) : await rotatePersonalData(database.db, ring);
  const census = await piiKeyCensus(database.db);
  console.log(JSON.stringify({ activeKey: ring.activeKeyId, ...(sealed ? { sealedFromPlain: sealed } : {}), [reindex ? 'reindexed' : 'rotated']: changed, valuesPerKey: census }, null, 2));
  const stale = Object.keys(census).filter((k) => k !== ring.activeKeyId);
  if (stale.length && !reindex) {
    console.error(`values still sealed under ${stale.join(', ')}: run again before removing ${stale.length > 1 ? 'those keys' : 'that key'}`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
