import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { mainlandIdCheckChar, organizationCodeCheckChar, usccCheckChar } from '@ausm/domain';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';

/**
 * Builds the app on a fresh database: an in-memory PGlite by default, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL (dropped again on close). Each test file gets its own,
 * so tests run in parallel and never see each other's leftovers.
 */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const base = loadConfig({ AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' });
  const serverUrl = process.env.TEST_DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `ausm_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const template = pgTemplate(overrides);
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
    // A test database need not survive a crash of the server: commits do not wait for the disk.
    await admin.query(`alter database ${name} set synchronous_commit = off`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const app = await buildApp({ ...base, dataDir: null, databaseUrl, webDist: null, ...overrides }, { pgliteTemplate: databaseUrl ? undefined : pgliteTemplate(overrides) });
  if (dropDatabase) {
    // Drop only after the app (and its pool) has closed.
    const close = app.close.bind(app);
    app.close = (async () => {
      await close();
      await dropDatabase();
    }) as typeof app.close;
  }
  await app.ready();
  return app;
}

/**
 * The migrated and seeded in-memory database test/global-setup.ts made once for the run, as each file's
 * start (initdb, the migrations and the seeds took seconds a file). Not for a build whose configuration
 * changes what the start-up writes or how it seals it.
 */
let template: Blob | undefined;
function pgliteTemplate(overrides: Partial<Config>): Blob | undefined {
  const path = process.env.TEST_PGLITE_TEMPLATE;
  if (!path || (['mode', 'pii', 'staffTotp', 'dataDir', 'databaseUrl'] as const).some((k) => k in overrides)) return undefined;
  return (template ??= new Blob([readFileSync(path)]));
}

/** The migrated and seeded PostgreSQL database of test/global-setup.ts, under the same rule as the PGlite one. */
function pgTemplate(overrides: Partial<Config>): string | undefined {
  const name = process.env.TEST_PG_TEMPLATE;
  if (!name || (['mode', 'pii', 'staffTotp', 'dataDir', 'databaseUrl'] as const).some((k) => k in overrides)) return undefined;
  return name;
}

let idSequence = randomInt(0, 1000);

/**
 * A unique, valid mainland ID number (GB 11643 check character included). Without a birth date
 * one is drawn from 1960-1999, and the sequence number walks a counter, so a test file never draws
 * the same number twice (a random sequence alone collided by the birthday paradox).
 */
export function makeMainlandId(birth?: string): string {
  const date = birth ?? randomBirthDate();
  idSequence = (idSequence + 1) % 1000;
  const first17 = `110105${date}${String(idSequence).padStart(3, '0')}`;
  return first17 + mainlandIdCheckChar(first17);
}

function randomBirthDate(): string {
  const year = 1960 + randomInt(0, 40);
  const month = 1 + randomInt(0, 12);
  const day = 1 + randomInt(0, 28);
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

export function makeMobile(): string {
  return `13${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

export const randomIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export const PASSWORD = 'Abcd@1234';

/** Sends an SMS code through the API and reads it back from the sandbox outbox. */
/** `cookies`: the session, which a change_mobile code needs. */
export async function requestSmsCode(
  app: FastifyInstance,
  mobile: string,
  purpose: 'register' | 'password_reset' | 'change_mobile' = 'register',
  cookies: Record<string, string> = {},
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/sms-codes', payload: { mobile, purpose }, cookies, remoteAddress: randomIp() });
  if (res.statusCode !== 200) throw new Error(`sms-codes answered ${res.statusCode}: ${res.body}`);
  const outbox = await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` });
  return outbox.json()[0].code as string;
}

export type TestPerson = { idType: 'mainland_id'; idNumber: string; realName: string; mobile: string; password: string };

export function makePerson(overrides: Partial<TestPerson> = {}): TestPerson {
  return { idType: 'mainland_id', idNumber: makeMainlandId(), realName: '张三', mobile: makeMobile(), password: PASSWORD, ...overrides };
}

export async function registerAccount(app: FastifyInstance, person: TestPerson = makePerson()) {
  const smsCode = await requestSmsCode(app, person.mobile);
  const res = await app.inject({
    method: 'POST',
    url: '/api/accounts',
    payload: { ...person, confirmPassword: person.password, smsCode },
    remoteAddress: randomIp(),
  });
  if (res.statusCode !== 201) throw new Error(`register answered ${res.statusCode}: ${res.body}`);
  return { person, account: res.json().account };
}

/**
 * Solves the captcha as a black-box test would, through the sandbox contract. Drawn from an address of its
 * own, as people are: one address may draw only so many a minute.
 */
export async function solveCaptcha(app: FastifyInstance): Promise<{ captchaId: string; captchaAnswer: string }> {
  const { id } = (await app.inject({ method: 'GET', url: '/api/captcha', remoteAddress: randomIp() })).json();
  const { answer } = (await app.inject({ method: 'GET', url: `/api/sandbox/captcha/${id}` })).json();
  return { captchaId: id, captchaAnswer: answer };
}

export async function login(app: FastifyInstance, identifier: string, password: string, extra: Partial<InjectOptions> = {}) {
  const captcha = await solveCaptcha(app);
  return app.inject({ method: 'POST', url: '/api/session', payload: { identifier, password, ...captcha }, ...extra });
}

/** The session cookie of a login answer, ready for the `cookies` option of inject. */
export function sessionCookie(res: { cookies: Array<{ name: string; value: string }> }): Record<string, string> {
  const c = res.cookies.find((x) => x.name === 'ausm_sid');
  if (!c) throw new Error('no session cookie');
  return { ausm_sid: c.value };
}

export async function setClock(app: FastifyInstance, iso: string) {
  const res = await app.inject({ method: 'PUT', url: '/api/sandbox/clock', payload: { now: iso } });
  if (res.statusCode !== 204) throw new Error(`clock answered ${res.statusCode}: ${res.body}`);
}

/** Moves the sandbox clock forward by ms from its current reading. */
export async function advanceClock(app: FastifyInstance, ms: number) {
  const { now } = (await app.inject({ method: 'GET', url: '/api/sandbox/clock' })).json();
  await setClock(app, new Date(new Date(now).getTime() + ms).toISOString());
}

export { SANDBOX_STAFF_PASSWORD } from '../modules/staff';

/** Logs a sandbox staff member in to the console; returns the login answer. */
export async function loginStaff(app: FastifyInstance, username: string, password: string) {
  const captcha = await solveCaptcha(app);
  return app.inject({ method: 'POST', url: '/api/console/session', payload: { username, password, ...captcha } });
}

/** The last login of each staff member of each app, so that the next waits for it (staffCookies). */
const staffLogins = new WeakMap<FastifyInstance, Map<string, Promise<unknown>>>();

/**
 * The console cookies of a sandbox staff member (no second factor). Logins of one staff member go one at a
 * time: a login takes one of the five password tries before its compare (modules/staff/login.ts), so six at
 * once (tests making approved accountants in parallel, each approved by the same reviewer) would find the tries
 * taken and be told the staff member is locked, as a burst of guesses is, on a machine slow enough.
 */
export async function staffCookies(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const { SANDBOX_STAFF_PASSWORD: pw } = await import('../modules/staff');
  let logins = staffLogins.get(app);
  if (!logins) staffLogins.set(app, (logins = new Map()));
  const before = logins.get(username) ?? Promise.resolve();
  const login = before.catch(() => undefined).then(() => loginStaff(app, username, pw));
  logins.set(username, login);
  const res = await login;
  if (res.statusCode !== 200 || res.json().step !== 'done') throw new Error(`staff login answered ${res.statusCode}: ${res.body}`);
  return sessionCookie(res);
}

/** A valid 统一社会信用代码 of an enterprise registered in 济南市历下区, random: each test's employer its own. */
export function makeUscc(region = '370102'): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  for (let i = 0; i < 8; i++) body += String(randomInt(0, 10));
  const org = body + organizationCodeCheckChar(body);
  const first17 = `91${region}${org}`;
  if (![...first17].every((c) => chars.includes(c))) return makeUscc(region);
  return first17 + usccCheckChar(first17);
}
