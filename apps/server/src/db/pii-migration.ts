import { sql, type SQL } from 'drizzle-orm';
import { importSourceKey } from '../modules/collection';
import { openJson, PLAIN_JSON_SQL, PLAIN_TEXT_SQL, sealJson } from '../platform/pii/columns';
import { PiiKeyring, SEALED_PREFIX } from '../platform/pii/keyring';
import { dataMigrations } from '../platform/tables';
import type { Db } from './client';

/**
 * Every sealed column (docs/personal-data.md lists them with why): the data migration and the rotation walk
 * this list. `purpose` is the one the column's Drizzle type binds into each value (platform/pii/columns.ts);
 * pii-migration.test.ts checks that the list and the tables agree.
 */
type TextColumn = { column: string; index?: string };
type Target = { table: string; key: string; text?: TextColumn[]; json?: string[]; sourceKey?: true };

export const PII_TARGETS: readonly Target[] = [
  { table: 'accounts', key: 'id', text: [{ column: 'id_number', index: 'id_number_index' }, { column: 'mobile', index: 'mobile_index' }] },
  { table: 'collection_imports', key: 'id', text: [{ column: 'id_number', index: 'id_number_index' }], json: ['data'], sourceKey: true },
  { table: 'identity_verifications', key: 'id', text: [{ column: 'cert_no' }] },
  { table: 'staff', key: 'id', text: [{ column: 'mobile' }] },
  { table: 'collection_profiles', key: 'account_id', json: ['basic', 'qualification'] },
  { table: 'education_records', key: 'id', json: ['data'] },
  { table: 'work_records', key: 'id', json: ['data'] },
  { table: 'review_items', key: 'id', json: ['before', 'after'] },
  { table: 'change_requests', key: 'id', json: ['before', 'after', 'data'] },
  { table: 'enrollments', key: 'id', json: ['snapshot'] },
  { table: 'transfer_requests', key: 'id', json: ['data'] },
  { table: 'accounting_titles', key: 'id', text: [{ column: 'qualification_certificate_no' }, { column: 'title_certificate_no', index: 'title_certificate_index' }] },
  { table: 'other_qualifications', key: 'id', text: [{ column: 'certificate_no', index: 'certificate_index' }] },
  { table: 'score_results', key: 'id', text: [{ column: 'id_number', index: 'id_number_index' }] },
  { table: 'employers', key: 'id', text: [{ column: 'agent_mobile', index: 'agent_mobile_index' }] },
  {
    table: 'qualification_certificates',
    key: 'id',
    text: [
      { column: 'id_number', index: 'id_number_index' },
      { column: 'certificate_no', index: 'certificate_index' },
    ],
  },
];

export const PII_DATA_MIGRATION = 'pii_at_rest_v1';
/** Each batch runs under this transaction-level advisory lock, so two processes starting at once take turns. */
export const PII_LOCK_KEY = 2_026_112_317;
const BATCH = 500;

type Mode = 'seal' | 'rotate' | 'reindex';
export type PiiPassResult = Record<string, number>;

const q = (name: string) => `"${name}"`;
const purposeOf = (t: Target, column: string) => `${t.table}.${column}`;
const isSealed = (v: string) => v.startsWith(SEALED_PREFIX);

/** Rows this pass has work on: still plain; sealed under another key than the active one; or all of them. */
function pending(t: Target, mode: Mode, ring: PiiKeyring): SQL {
  if (mode === 'reindex') return sql`true`;
  const conds: SQL[] = [];
  for (const c of t.text ?? []) {
    conds.push(sql.raw(PLAIN_TEXT_SQL(q(c.column))));
    if (mode === 'seal' && c.index) conds.push(sql.raw(`(${q(c.column)} is not null and ${q(c.index)} is null)`));
    if (mode === 'rotate') {
      const prefix = `${SEALED_PREFIX}${ring.activeKeyId}$`;
      conds.push(sql`(${sql.raw(q(c.column))} is not null and left(${sql.raw(q(c.column))}, ${prefix.length}) <> ${prefix})`);
    }
  }
  for (const column of t.json ?? []) {
    conds.push(sql.raw(PLAIN_JSON_SQL(q(column))));
    // A document holding an envelope of another key (key ids are [A-Za-z0-9_-], nothing to escape).
    if (mode === 'rotate') conds.push(sql`(${sql.raw(q(column))}::text ~ ${`"\\$sm4": "sm4\\$(?!${ring.activeKeyId}\\$)`})`);
  }
  return sql.join(conds, sql` or `);
}

/** The new values of one row, or null when it has nothing to change. */
function fix(t: Target, row: Record<string, unknown>, mode: Mode, ring: PiiKeyring): Record<string, unknown> | null {
  const set: Record<string, unknown> = {};
  const plain: Record<string, string> = {};
  for (const c of t.text ?? []) {
    const v = row[c.column];
    if (typeof v !== 'string') continue;
    const purpose = purposeOf(t, c.column);
    const value = isSealed(v) ? ring.open(v, purpose) : v;
    plain[c.column] = value;
    const keep = isSealed(v) && (mode !== 'rotate' || PiiKeyring.keyIdOf(v) === ring.activeKeyId);
    if (!keep) set[c.column] = ring.seal(value, purpose);
    if (c.index) {
      const index = ring.index(value);
      if (row[c.index] !== index) set[c.index] = index;
    }
  }
  const openDocs: Record<string, unknown> = {};
  for (const column of t.json ?? []) {
    const raw = row[column];
    if (raw === null || raw === undefined) continue;
    const doc = typeof raw === 'string' ? JSON.parse(raw) : raw;
    const purpose = purposeOf(t, column);
    const opened = openJson(doc, purpose, (s, p) => ring.open(s, p));
    openDocs[column] = opened;
    // Sealing keeps the envelopes it finds; rotation opens everything first, so all of it goes under the active key.
    const next = sealJson(mode === 'rotate' ? opened : doc, purpose, (s, p) => ring.seal(s, p));
    if (JSON.stringify(next) !== JSON.stringify(doc)) set[column] = next;
  }
  // The import's source key is keyed with the index key: recomputed from the plain values when they are at hand.
  if (t.sourceKey && mode !== 'rotate' && plain.id_number !== undefined) {
    const key = importSourceKey(String(row.id_type), plain.id_number, String(row.part), openDocs.data as Record<string, unknown>, (v) => ring.index(v));
    if (row.source_key !== key) set.source_key = key;
  }
  return Object.keys(set).length ? set : null;
}

/**
 * One pass over every sealed column: in batches of BATCH rows by key order, each batch one transaction under
 * the advisory lock, so a pass stopped half way leaves whole rows done and the next run goes on from there.
 */
export async function piiPass(db: Db, ring: PiiKeyring, mode: Mode): Promise<PiiPassResult> {
  const result: PiiPassResult = {};
  for (const t of PII_TARGETS) {
    const json = new Set(t.json ?? []);
    const columns = [t.key, ...(t.text ?? []).flatMap((c) => [c.column, ...(c.index ? [c.index] : [])]), ...json, ...(t.sourceKey ? ['id_type', 'part', 'source_key'] : [])];
    let after: unknown = null;
    let changed = 0;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${PII_LOCK_KEY})`);
        const from = after === null ? sql`true` : sql`${sql.raw(q(t.key))} > ${after}`;
        const res = (await tx.execute(
          sql`select ${sql.raw(columns.map(q).join(', '))} from ${sql.raw(q(t.table))} where ${from} and (${pending(t, mode, ring)}) order by ${sql.raw(q(t.key))} limit ${BATCH} for update`,
        )) as unknown as { rows: Record<string, unknown>[] };
        for (const row of res.rows) {
          const set = fix(t, row, mode, ring);
          if (!set) continue;
          const assignments = Object.entries(set).map(([c, v]) => (json.has(c) ? sql`${sql.raw(q(c))} = ${JSON.stringify(v)}::jsonb` : sql`${sql.raw(q(c))} = ${v}`));
          await tx.execute(sql`update ${sql.raw(q(t.table))} set ${sql.join(assignments, sql`, `)} where ${sql.raw(q(t.key))} = ${row[t.key]}`);
          changed++;
        }
        return res.rows;
      });
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]![t.key];
    }
    result[t.table] = (result[t.table] ?? 0) + changed;
  }
  return result;
}

/**
 * Run at every start after the SQL migrations (buildApp): seals what earlier versions stored in plain text and
 * fills the blind indexes, then records itself done, so later starts cost one query. Idempotent: a row already
 * sealed is left as it is, and a second process starting at once finds each batch done by the first.
 */
export async function sealPlainPersonalData(db: Db, ring: PiiKeyring): Promise<PiiPassResult | null> {
  const done = await db.select().from(dataMigrations).where(sql`${dataMigrations.name} = ${PII_DATA_MIGRATION}`);
  if (done.length) return null;
  const result = await piiPass(db, ring, 'seal');
  await db.insert(dataMigrations).values({ name: PII_DATA_MIGRATION, completedAt: new Date() }).onConflictDoNothing();
  return result;
}

/** `npm run pii:rotate`: every value sealed under another key than the active one is sealed again under it. */
export const rotatePersonalData = (db: Db, ring: PiiKeyring) => piiPass(db, ring, 'rotate');

/** `npm run pii:rotate -- --reindex`: every blind index (and import source key) recomputed under PII_INDEX_KEY. */
export const reindexPersonalData = (db: Db, ring: PiiKeyring) => piiPass(db, ring, 'reindex');

/** How many sealed values each key holds, over every sealed column: a key may go once it holds none. */
export async function piiKeyCensus(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const add = (rows: Array<Record<string, unknown>>) => {
    for (const r of rows) counts[String(r.key)] = (counts[String(r.key)] ?? 0) + Number(r.n);
  };
  for (const t of PII_TARGETS) {
    for (const c of t.text ?? []) {
      const col = sql.raw(q(c.column));
      const res = (await db.execute(
        sql`select split_part(${col}, '$', 2) as key, count(*) as n from ${sql.raw(q(t.table))} where ${col} like ${`${SEALED_PREFIX}%`} group by 1`,
      )) as unknown as { rows: Array<Record<string, unknown>> };
      add(res.rows);
    }
    for (const column of t.json ?? []) {
      const res = (await db.execute(
        sql`select m[1] as key, count(*) as n from ${sql.raw(q(t.table))}, regexp_matches(${sql.raw(q(column))}::text, ${'"\\$sm4": "sm4\\$([A-Za-z0-9_-]+)\\$'}, 'g') as m group by 1`,
      )) as unknown as { rows: Array<Record<string, unknown>> };
      add(res.rows);
    }
  }
  return counts;
}
