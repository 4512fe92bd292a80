import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { SEALED_COLUMNS } from '../platform/pii/columns';
import { PII_TARGETS } from './pii-migration';
import * as schema from './schema';

describe('the sealed columns and the data migration agree', () => {
  const tables = new Map(
    (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map((t) => [getTableConfig(t).name, getTableConfig(t)] as const),
  );

  it('walks every sealed column of the schema, under the purpose its Drizzle type binds', () => {
    const walked = new Map(PII_TARGETS.flatMap((t) => [...(t.text ?? []).map((c) => [`${t.table}.${c.column}`, 'text'] as const), ...(t.json ?? []).map((c) => [`${t.table}.${c}`, 'jsonb'] as const)]));
    expect(Object.fromEntries(walked)).toEqual(Object.fromEntries(SEALED_COLUMNS));
    expect(SEALED_COLUMNS.size).toBeGreaterThanOrEqual(12);
  });

  it('names columns, keys and indexes that exist, and gives every blind index an index of its own', () => {
    for (const t of PII_TARGETS) {
      const config = tables.get(t.table);
      expect(config, t.table).toBeDefined();
      const columns = new Set(config!.columns.map((c) => c.name));
      for (const name of [t.key, ...(t.text ?? []).flatMap((c) => [c.column, ...(c.index ? [c.index] : [])]), ...(t.json ?? [])]) expect(columns, `${t.table}.${name}`).toContain(name);
      for (const c of t.text ?? []) {
        if (!c.index) continue;
        const indexed = config!.indexes.some((i) => i.config.columns.some((col) => 'name' in col && col.name === c.index));
        expect(indexed, `${t.table}.${c.index} is indexed`).toBe(true);
      }
    }
  });
});
