import { eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { buildTestApp } from '../test/helpers';
import { AuditLog } from './audit';
import { securityEvents } from './tables';

/**
 * The audit trail is append-only for the application's own connection (the trigger of migration
 * 0009_audit_immutable), and kept at least six months. Runs on PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL.
 */

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const DAY = 86_400_000;
const db = () => app.database.db;

/** Rows stamped `daysAgo` days before the database's own clock. */
async function eventsAged(...daysAgo: number[]): Promise<number[]> {
  const rows = await db()
    .insert(securityEvents)
    .values(daysAgo.map((d) => ({ kind: 'login_failure', detail: { test: 'retention', daysAgo: d }, at: sql`now() - make_interval(days => ${d}::int)` })))
    .returning({ id: securityEvents.id });
  return rows.map((r) => r.id);
}

/** The error of a statement that must fail, with the driver's cause unwrapped. */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return `${(err as Error).message} ${cause?.message ?? ''}`;
  }
  throw new Error('the statement succeeded');
}

describe('audit rows cannot be changed through the application\'s connection', () => {
  it('refuses an UPDATE of any column, and leaves the row as it was', async () => {
    const [id] = await eventsAged(0);
    expect(await failure(() => db().update(securityEvents).set({ kind: 'logout' }).where(eq(securityEvents.id, id!)))).toMatch(/append-only/);
    expect(await failure(() => db().update(securityEvents).set({ ip: '10.9.9.9', at: new Date(0) }).where(eq(securityEvents.id, id!)))).toMatch(/append-only/);
    expect(await failure(() => db().execute(sql`update security_events set detail = null`))).toMatch(/append-only/);
    const [row] = await db().select().from(securityEvents).where(eq(securityEvents.id, id!));
    expect(row).toMatchObject({ kind: 'login_failure', ip: null, detail: { test: 'retention', daysAgo: 0 } });
  });

  it('refuses a DELETE and a TRUNCATE, of young rows and of old ones alike', async () => {
    const ids = await eventsAged(1, 300);
    expect(await failure(() => db().delete(securityEvents).where(inArray(securityEvents.id, ids)))).toMatch(/append-only/);
    expect(await failure(() => db().execute(sql`delete from security_events`))).toMatch(/append-only/);
    expect(await failure(() => db().execute(sql`truncate security_events`))).toMatch(/append-only/);
    expect(await db().select().from(securityEvents).where(inArray(securityEvents.id, ids))).toHaveLength(2);
  });

  it('refuses, even to a session that claims to be the purge, a row younger than six months', async () => {
    const [young] = await eventsAged(100);
    const attempt = () =>
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('ausm.audit_purge_days', '1', true)`);
        await tx.delete(securityEvents).where(eq(securityEvents.id, young!));
      });
    expect(await failure(attempt)).toMatch(/append-only/);
    expect(await db().select().from(securityEvents).where(eq(securityEvents.id, young!))).toHaveLength(1);
  });
});

describe('retention', () => {
  it('purges rows older than the retention period and keeps every younger one', async () => {
    const [old, older, halfYear, young, today] = await eventsAged(200, 800, 182, 30, 0);
    const clock = { now: () => new Date() };
    const purged = await new AuditLog(clock).purgeExpired(db(), 183);
    expect(purged).toBeGreaterThanOrEqual(2);
    const left = (await db().select({ id: securityEvents.id }).from(securityEvents).where(inArray(securityEvents.id, [old!, older!, halfYear!, young!, today!]))).map((r) => r.id);
    expect(left.sort()).toEqual([halfYear!, young!, today!].sort());
  });

  it('keeps younger rows even when the platform clock runs far ahead of the database\'s', async () => {
    const [young] = await eventsAged(20);
    // A sandbox clock moved two years on: by its reading the row is old, by the database's it is not.
    const ahead = { now: () => new Date(Date.now() + 730 * DAY) };
    await new AuditLog(ahead).purgeExpired(db(), 183);
    expect(await db().select().from(securityEvents).where(eq(securityEvents.id, young!))).toHaveLength(1);
  });

  it('keeps a row older than six months when the retention setting is longer', async () => {
    const [id] = await eventsAged(300);
    await new AuditLog({ now: () => new Date() }).purgeExpired(db(), 365);
    expect(await db().select().from(securityEvents).where(eq(securityEvents.id, id!))).toHaveLength(1);
  });

  it('refuses a retention under six months, in the purge and at start', async () => {
    await expect(new AuditLog({ now: () => new Date() }).purgeExpired(db(), 182)).rejects.toThrow(/at least 183/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/AUDIT_RETENTION_DAYS: must be at least 183/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: 'forever' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '183' }).auditRetentionDays).toBe(183);
    expect(loadConfig({}).auditRetentionDays).toBe(365);
  });
});
