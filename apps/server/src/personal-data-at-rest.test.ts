import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { loadConfig } from './config';
import type { Db } from './db/client';
import { PII_DATA_MIGRATION, PII_TARGETS, piiKeyCensus, piiPass, reindexPersonalData, rotatePersonalData, sealPlainPersonalData } from './db/pii-migration';
import { openJson } from './platform/pii/columns';
import { installPiiKeyring, PiiKeyring } from './platform/pii/keyring';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from './test/collection';
import { advanceClock, buildTestApp, login, makeMainlandId, makeMobile, makePerson, PASSWORD, randomIp, registerAccount, requestSmsCode, sessionCookie, staffCookies, type TestPerson } from './test/helpers';

/**
 * Issue 17 item 17: ID numbers, mobiles, certificate numbers and the audit trail's identifiers are not kept in
 * plain text; look-ups still work through blind indexes; keys rotate; the log keeps no identifier either.
 */

const K1 = randomBytes(16);
const K2 = randomBytes(16);
const INDEX_KEY = randomBytes(32);
const keyring = (active: 'k1' | 'k2', ...ids: Array<'k1' | 'k2'>) =>
  new PiiKeyring({ keys: ids.map((id) => ({ id, key: id === 'k1' ? K1 : K2 })), activeKeyId: active, indexKey: INDEX_KEY });

let app: FastifyInstance;
let db: Db;
let person: TestPerson;
let accountant: Record<string, string>;
/** Someone a province imported history for, who has no account yet. */
let imported: TestPerson;
/** An ID number typed at login that no account has. */
const strangerId = makeMainlandId();
const IMPORTED_DIPLOMA = '104221201505009999';
const QUALIFICATION_CERT = '20163710020318'; // the sandbox registry's 初级 certificate of 张三

const rows = async (query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: Array<Record<string, unknown>> }).rows;

/** Every application table as pg_dump would give it, row by row; the sandbox_* simulators aside. */
async function dump(): Promise<Record<string, string>> {
  const tables = await rows(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    if (String(name).startsWith('sandbox_')) continue;
    out[String(name)] = (await rows(sql`select row_to_json(t)::text as j from ${sql.identifier(String(name))} t`)).map((r) => r.j).join('\n');
  }
  return out;
}

function plainIn(tables: Record<string, string>): string[] {
  const secrets: Record<string, string> = {
    'ID number': person.idNumber,
    mobile: person.mobile,
    'diploma number': ZHANGSAN_BACHELOR.diplomaNo,
    'degree number': ZHANGSAN_BACHELOR.degreeNo,
    'qualification certificate number': QUALIFICATION_CERT,
    'work unit phone': '0531-88888888',
    'imported ID number': imported.idNumber,
    'imported diploma number': IMPORTED_DIPLOMA,
    'ID number typed at login': strangerId,
  };
  return Object.entries(tables).flatMap(([table, text]) => Object.entries(secrets).filter(([, v]) => text.includes(v)).map(([what]) => `${table} holds the ${what}`));
}

beforeAll(async () => {
  app = await buildTestApp({ pii: { keys: [{ id: 'k1', key: K1 }], activeKeyId: 'k1', indexKey: INDEX_KEY, development: false } });
  db = app.database.db;
  ({ person, cookies: accountant } = await verifiedAccountant(app, { realName: '张三' }));
  const put = (url: string, payload: object) => app.inject({ method: 'PUT', url, cookies: accountant, payload });
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, cookies: accountant, payload });
  expect((await put('/api/collection/scope', { scope: 'qualified_non_accountant' })).statusCode).toBe(200);
  expect((await put('/api/collection/basic', await basicInfo(app, accountant))).statusCode).toBe(200);
  expect((await post('/api/collection/education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  expect((await post('/api/collection/work', await workRecord(app, accountant))).statusCode).toBe(201);
  expect((await put('/api/collection/authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('/api/collection/submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);

  imported = makePerson();
  const csv = [
    '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业',
    `内地居民身份证,${imported.idNumber},教育经历,全日制,山东大学,2011-09-01,2015-06-30,本科,${IMPORTED_DIPLOMA},学士,,会计学`,
  ].join('\r\n');
  const importing = await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: await staffCookies(app, 'sd_admin'), payload: { csv } });
  expect(importing.statusCode, importing.body).toBe(200);

  // The audit trail: a login to an ID number nobody has, and a 找回密码 with the wrong name.
  expect((await login(app, strangerId, 'Wrong@1234', { remoteAddress: randomIp() })).statusCode).toBe(401);
  const smsCode = await requestSmsCode(app, person.mobile, 'password_reset');
  const reset = await app.inject({
    method: 'POST',
    url: '/api/password-resets',
    remoteAddress: randomIp(),
    payload: { idNumber: person.idNumber, realName: '李四', mobile: person.mobile, smsCode, password: 'Other@1234', confirmPassword: 'Other@1234' },
  });
  expect(reset.json().code).toBe('password_reset/mismatch');
}, 180_000);

afterAll(() => app?.close());

describe('personal data at rest', () => {
  it('a dump of the database holds no ID number, mobile, certificate number or typed identifier in plain text', async () => {
    const tables = await dump();
    expect(plainIn(tables)).toEqual([]);
    // Not an empty dump: the values are there, sealed under k1, and the trail keeps what was typed masked.
    expect(tables.accounts).toContain('sm4$k1$');
    expect(tables.education_records).toContain('"diplomaNo": {"$sm4": "sm4$k1$');
    expect(tables.collection_profiles).toContain('"certificateNo": {"$sm4"');
    expect(tables.review_items).toContain('"idNumber": {"$sm4"');
    expect(tables.collection_imports).toContain('sm4$k1$');
    expect(tables.security_events).toContain(`${strangerId.slice(0, 3)}*****${strangerId.slice(-4)}`);
    expect(tables.security_events).toContain(`${person.idNumber.slice(0, 3)}*****${person.idNumber.slice(-4)}`);
  });

  it('the pages read them back whole where they are shown whole', async () => {
    const state = (await app.inject({ method: 'GET', url: '/api/collection', cookies: accountant })).json();
    expect(state.education[0]).toMatchObject({ diplomaNo: ZHANGSAN_BACHELOR.diplomaNo, degreeNo: ZHANGSAN_BACHELOR.degreeNo });
    expect(state.qualification.certificates[0].certificateNo).toBe(QUALIFICATION_CERT);
    const reviewer = await staffCookies(app, 'lx_reviewer');
    const queue = (await app.inject({ method: 'GET', url: '/api/console/review-items?pageSize=100', cookies: reviewer })).json();
    const basic = queue.items.find((i: { kind: string; applicantIdMasked: string }) => i.kind === 'collection_basic' && i.applicantIdMasked === `${person.idNumber.slice(0, 3)}*****${person.idNumber.slice(-4)}`);
    const detail = await app.inject({ method: 'GET', url: `/api/console/review-items/${basic.id}`, cookies: reviewer });
    expect(detail.body).toContain(person.idNumber);
  });

  it('login by ID number and by mobile, 找回密码, one account per ID and per mobile: all through the blind indexes', async () => {
    const { person: p } = await registerAccount(app, makePerson());
    expect((await login(app, p.idNumber, PASSWORD)).statusCode).toBe(200);
    expect((await login(app, p.mobile, PASSWORD)).statusCode).toBe(200);
    expect((await login(app, p.mobile, 'Wrong@1234')).json().code).toBe('auth/invalid_credentials');

    const again = async (over: Partial<TestPerson>) => {
      const q = makePerson(over);
      const smsCode = await requestSmsCode(app, q.mobile);
      return app.inject({ method: 'POST', url: '/api/accounts', remoteAddress: randomIp(), payload: { ...q, confirmPassword: q.password, smsCode } });
    };
    expect((await again({ idNumber: p.idNumber })).json()).toMatchObject({ code: 'account/id_taken' });
    await advanceClock(app, 180_000); // the mobile's registration code was sent a moment ago
    expect((await again({ mobile: p.mobile })).json()).toMatchObject({ code: 'account/mobile_taken' });
    // Two at once with one ID number: the unique index on the blind index lets one through.
    const id = makeMainlandId();
    const race = await Promise.all([again({ idNumber: id }), again({ idNumber: id })]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);

    const smsCode = await requestSmsCode(app, p.mobile, 'password_reset');
    const reset = await app.inject({
      method: 'POST',
      url: '/api/password-resets',
      remoteAddress: randomIp(),
      payload: { idNumber: p.idNumber, realName: p.realName, mobile: p.mobile, smsCode, password: 'Fresh@2025', confirmPassword: 'Fresh@2025' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await login(app, p.idNumber, 'Fresh@2025')).statusCode).toBe(200);
  });

  it('a reviewer finds a person by the whole ID number, within scope only', async () => {
    const search = async (staff: string, q: string) =>
      (await app.inject({ method: 'GET', url: `/api/console/review-items?pageSize=100&q=${encodeURIComponent(q)}`, cookies: await staffCookies(app, staff) })).json();
    const found = await search('lx_reviewer', person.idNumber);
    expect(found.total).toBeGreaterThanOrEqual(3);
    expect(found.items.every((i: { applicantIdMasked: string }) => i.applicantIdMasked === `${person.idNumber.slice(0, 3)}*****${person.idNumber.slice(-4)}`)).toBe(true);
    // Typed in lower case or full width, as the forms accept it.
    expect((await search('lx_reviewer', person.idNumber.toLowerCase())).total).toBe(found.total);
    expect((await search('bj_reviewer', person.idNumber)).total).toBe(0);
    expect((await search('lx_reviewer', makeMainlandId())).total).toBe(0);
  });

  it('a sealed value changed in the database is refused, never read as another value', async () => {
    const { person: p } = await registerAccount(app, makePerson());
    const [{ mobile }] = (await rows(sql`select mobile from accounts where mobile_index = ${keyring('k1', 'k1').index(p.mobile)}`)) as [{ mobile: string }];
    const flipped = mobile.slice(0, -3) + (mobile.at(-3) === 'A' ? 'B' : 'A') + mobile.slice(-2);
    await db.execute(sql`update accounts set mobile = ${flipped} where mobile = ${mobile}`);
    const res = await login(app, p.mobile, PASSWORD);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'server/error', message: '系统繁忙，请稍后重试' });
    // Nor may a value be moved from one column into another.
    const [{ id_number: idNumber }] = (await rows(sql`select id_number from accounts where mobile = ${flipped}`)) as [{ id_number: string }];
    await db.execute(sql`update accounts set mobile = ${idNumber} where mobile = ${flipped}`);
    expect((await login(app, p.mobile, PASSWORD)).statusCode).toBe(500);
    await db.execute(sql`update accounts set mobile = ${mobile} where mobile = ${idNumber}`);
    expect((await login(app, p.mobile, PASSWORD)).statusCode).toBe(200);
  });
});

describe('rows an earlier version stored in plain text', () => {
  it('are sealed by the data migration at start, once, and their people still log in and read their records', async () => {
    const ring = keyring('k1', 'k1');
    const { person: p } = await registerAccount(app, makePerson());
    // Make every sealed column plain again, as the version before this one wrote it (indexes unset).
    for (const t of PII_TARGETS) {
      for (const row of await rows(sql`select * from ${sql.identifier(t.table)}`)) {
        const set = [
          ...(t.text ?? []).flatMap((c) => {
            const v = row[c.column];
            return typeof v === 'string' ? [sql`${sql.identifier(c.column)} = ${ring.open(v, `${t.table}.${c.column}`)}`, ...(c.index ? [sql`${sql.identifier(c.index)} = null`] : [])] : [];
          }),
          ...(t.json ?? []).flatMap((c) => (row[c] ? [sql`${sql.identifier(c)} = ${JSON.stringify(openJson(row[c], `${t.table}.${c}`, (s, pp) => ring.open(s, pp)))}::jsonb`] : [])),
        ];
        if (set.length) await db.execute(sql`update ${sql.identifier(t.table)} set ${sql.join(set, sql`, `)} where ${sql.identifier(t.key)} = ${row[t.key]}`);
      }
    }
    await db.execute(sql`delete from data_migrations where name = ${PII_DATA_MIGRATION}`);
    expect(plainIn(await dump()).length).toBeGreaterThan(5);
    expect((await login(app, p.mobile, PASSWORD)).statusCode).toBe(401); // no blind index yet: not found

    const sealed = await sealPlainPersonalData(db, ring);
    expect(sealed).toMatchObject({ accounts: expect.any(Number), education_records: expect.any(Number), review_items: expect.any(Number), collection_imports: 1 });
    expect(sealed!.accounts).toBeGreaterThanOrEqual(3);
    expect(plainIn(await dump())).toEqual([]);
    expect((await login(app, p.mobile, PASSWORD)).statusCode).toBe(200);
    expect((await login(app, p.idNumber, PASSWORD)).statusCode).toBe(200);
    const state = (await app.inject({ method: 'GET', url: '/api/collection', cookies: sessionCookie(await login(app, person.mobile, PASSWORD)) })).json();
    expect(state.education[0].diplomaNo).toBe(ZHANGSAN_BACHELOR.diplomaNo);
    // Done once: the next start costs one query, and a pass over sealed rows changes nothing.
    expect(await sealPlainPersonalData(db, ring)).toBeNull();
    expect(Object.values(await piiPass(db, ring, 'seal')).every((n) => n === 0)).toBe(true);
    // The imported rows keep their keyed source key: importing the file again adds nothing.
    const csv = [
      '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业',
      `内地居民身份证,${imported.idNumber},教育经历,全日制,山东大学,2011-09-01,2015-06-30,本科,${IMPORTED_DIPLOMA},学士,,会计学`,
    ].join('\r\n');
    const again = await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: await staffCookies(app, 'sd_admin'), payload: { csv } });
    expect(again.json()).toEqual({ imported: 0, skipped: 1 });
  });

  it('audit identifiers are masked by migration 0011, whether or not a trigger forbids updating the trail', async () => {
    const typed = makeMobile();
    await db.execute(sql`insert into security_events (kind, identifier, at) values ('login_failure', ${typed}, now()), ('login_failure', ${strangerId}, now()), ('login_failure', 'staff:jn_reviewer', now())`);
    // Issue 17 item 16's protection, as another change may add it before this migration runs.
    await db.execute(sql.raw(`create or replace function pii_test_no_update() returns trigger language plpgsql as $$ begin raise exception 'audit rows are append-only'; end $$`));
    await db.execute(sql.raw(`create trigger pii_test_no_update before update or delete on security_events for each row execute function pii_test_no_update()`));
    const { readFileSync } = await import('node:fs');
    const migration = readFileSync(new URL('./db/migrations/0011_pii_audit_identifiers.sql', import.meta.url), 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of migration.split('--> statement-breakpoint')) await tx.execute(sql.raw(statement));
    });
    const kept = (await rows(sql`select identifier from security_events where identifier is not null`)).map((r) => r.identifier);
    expect(kept).toContain(`${typed.slice(0, 3)}****${typed.slice(-4)}`);
    expect(kept).toContain('staff:jn***');
    expect(kept.filter((v) => v === typed || v === strangerId)).toEqual([]);
    // The trigger is on again afterwards.
    await expect(db.execute(sql`update security_events set identifier = 'x'`)).rejects.toThrow();
    await db.execute(sql.raw('drop trigger pii_test_no_update on security_events'));
  });
});

describe('key rotation', () => {
  it('reads k1 values once k2 is active, moves them to k2 with pii:rotate, and k1 can then go', async () => {
    const { person: before } = await registerAccount(app, makePerson());
    installPiiKeyring(keyring('k2', 'k1', 'k2'));
    try {
      expect((await login(app, before.mobile, PASSWORD)).statusCode).toBe(200);
      const { person: after } = await registerAccount(app, makePerson());
      const census = await piiKeyCensus(db);
      expect(census.k1).toBeGreaterThan(0);
      expect(census.k2).toBeGreaterThan(0);

      const rotated = await rotatePersonalData(db, keyring('k2', 'k1', 'k2'));
      expect(rotated.accounts).toBeGreaterThanOrEqual(3);
      expect(rotated.review_items).toBeGreaterThanOrEqual(3);
      expect(Object.keys(await piiKeyCensus(db))).toEqual(['k2']);
      expect(plainIn(await dump())).toEqual([]);
      // A second run finds nothing left to do.
      expect(Object.values(await rotatePersonalData(db, keyring('k2', 'k1', 'k2'))).every((n) => n === 0)).toBe(true);

      // k1 removed: everyone still logs in and reads their records.
      installPiiKeyring(keyring('k2', 'k2'));
      for (const p of [before, after, person]) expect((await login(app, p.idNumber, PASSWORD)).statusCode).toBe(200);
      const state = (await app.inject({ method: 'GET', url: '/api/collection', cookies: sessionCookie(await login(app, person.mobile, PASSWORD)) })).json();
      expect(state.education[0].diplomaNo).toBe(ZHANGSAN_BACHELOR.diplomaNo);
      const queue = await app.inject({ method: 'GET', url: '/api/console/review-items?pageSize=100', cookies: await staffCookies(app, 'lx_reviewer') });
      for (const item of queue.json().items) expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${item.id}`, cookies: await staffCookies(app, 'lx_reviewer') })).statusCode).toBe(200);
    } finally {
      installPiiKeyring(keyring('k2', 'k1', 'k2'));
    }
  });

  it('a new index key takes effect with pii:rotate --reindex: look-ups miss until it has run, then find everyone', async () => {
    const newIndexKey = randomBytes(32);
    const reindexed = new PiiKeyring({ keys: [{ id: 'k2', key: K2 }], activeKeyId: 'k2', indexKey: newIndexKey });
    installPiiKeyring(reindexed);
    try {
      expect((await login(app, person.mobile, PASSWORD)).statusCode).toBe(401);
      const changed = await reindexPersonalData(db, reindexed);
      expect(changed.accounts).toBeGreaterThanOrEqual(3);
      expect(changed.collection_imports).toBe(1);
      expect((await login(app, person.mobile, PASSWORD)).statusCode).toBe(200);
      expect((await login(app, person.idNumber, PASSWORD)).statusCode).toBe(200);
      expect(Object.values(await reindexPersonalData(db, reindexed)).every((n) => n === 0)).toBe(true);
    } finally {
      installPiiKeyring(keyring('k2', 'k1', 'k2'));
      await reindexPersonalData(db, keyring('k2', 'k1', 'k2'));
    }
  });
});

describe('the log', () => {
  it('keeps no whole ID number or mobile, in URLs, query strings or anywhere else', async () => {
    let log = '';
    const logStream = new Writable({
      write(chunk, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    let p: TestPerson | undefined;
    const logged = await buildApp({ ...loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'info' }), dataDir: null, databaseUrl: undefined, webDist: null }, { logStream });
    try {
      await logged.ready();
      ({ person: p } = await registerAccount(logged, makePerson()));
      const reviewer = await staffCookies(logged, 'lx_reviewer');
      await logged.inject({ method: 'GET', url: `/api/console/review-items?q=${p.idNumber}`, cookies: reviewer });
      await logged.inject({ method: 'GET', url: `/api/console/review-items?q=${encodeURIComponent(`${p.realName} ${p.idNumber}`)}`, cookies: reviewer });
      await logged.inject({ method: 'GET', url: `/api/help/faqs/search?q=${p.mobile}` });
      await logged.inject({ method: 'GET', url: `/api/no-such-page/${p.idNumber}/${p.mobile}` });
      await login(logged, p.idNumber, 'Wrong@1234');
    } finally {
      await logged.close();
    }
    const urls = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { req?: { url: string } })
      .flatMap((l) => (l.req ? [l.req.url] : []));
    expect(urls.some((u) => u.startsWith('/api/console/review-items?q=110*****'))).toBe(true);
    expect(urls.some((u) => u.startsWith('/api/sandbox/sms?mobile=13'))).toBe(true);
    // Sandbox mode without PII_KEYS says, at start, that it seals with the development keys.
    expect(log).toContain('sealed with the fixed development keys (sandbox mode)');
    expect(log).not.toContain(p!.idNumber);
    expect(log).not.toContain(p!.mobile);
    expect(log).not.toContain(p!.idNumber.slice(6, 14)); // nor the birth date digits alone
  });
});
