import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_RULES } from '@ausm/domain';
import { SANDBOX_STAFF_PASSWORD } from './modules/staff';
import { makeJpeg } from './platform/uploads/test-files';
import { makePerson } from './test/helpers';
import { Browser, startServer, staffLogin, type ServerProcess } from './test/server-process';

/**
 * Issue 23: the platform as a province runs it, proved without containers. Two server processes share one
 * PostgreSQL (a fresh database on TEST_DATABASE_URL's server), one Redis (a redis-server of its own) and one
 * S3-compatible store (s3rver, which speaks MinIO's signed S3 API), each reached on its own port as the
 * reverse proxy would reach them (TRUST_PROXY=loopback: the client's address comes from X-Forwarded-For).
 *
 * `npm run test:multinode` (CI, .ci/run); docs/operations.md "Topology".
 */

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A client at an address of its own, as the proxy reports it (X-Forwarded-For). */
let ipSerial = 0;
const client = () => new Browser({ 'x-forwarded-for': `198.51.100.${++ipSerial}` });

describe('two nodes on one PostgreSQL, Redis and S3 store', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let redis: ChildProcess;
  let s3: S3rver;
  const dir = mkdtempSync(join(tmpdir(), 'ausm-multinode-'));
  const database = `ausm_multinode_${randomBytes(5).toString('hex')}`;

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${database}`);
    const redisPort = await freePort();
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const s3Port = await freePort();
    s3 = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: 'ausm', configs: [] }] });
    await s3.run();
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      FILE_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_BUCKET: 'ausm',
      // s3rver's fixed credentials; it checks every request's signature with them, as MinIO would with its own.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      TRUST_PROXY: 'loopback',
      WEB_DIST: join(dir, 'no-web'),
      DATA_DIR: join(dir, 'unused'),
      LOG_LEVEL: 'info',
      // The enrollment queue admits one candidate per 1,000 s here, so that its case below sees who waits.
      ENROLLMENT_ADMISSIONS_PER_SECOND: '0.001',
      ENROLLMENT_ADMISSION_BURST: '1',
    };
    // Both at once, as an orchestrator starts them: the migrations and the sandbox seed must not collide.
    [a, b] = await Promise.all([startServer({ env, timeoutMs: 60_000 }), startServer({ env, timeoutMs: 60_000 })]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    redis?.kill('SIGKILL');
    await s3?.close();
    await admin(`drop database if exists ${database} with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a captcha drawn on one node on the other, and keeps a session made on one on the other', async () => {
    // Both nodes see the same stores ready.
    for (const node of [a, b]) expect((await client().call(node.url, 'GET', '/api/ready')).json).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    const staff = client();
    // The captcha from A, the login on B.
    const login = await staffLogin(staff, b.url, 'lx_reviewer', SANDBOX_STAFF_PASSWORD, a.url);
    expect(login.status, login.text).toBe(200);
    const onA = await staff.call(a.url, 'GET', '/api/console/session');
    expect(onA.status, onA.text).toBe(200);
    expect(onA.json.staff.username).toBe('lx_reviewer');
    // Logged out on A: gone on B too.
    expect((await staff.call(a.url, 'DELETE', '/api/console/session')).status).toBe(204);
    expect((await staff.call(b.url, 'GET', '/api/console/session')).status).toBe(401);
  });

  it('counts a rate limit across both nodes: one client gets its captchas a minute in all, not per node', async () => {
    const scraper = client();
    const limit = ACCOUNT_RULES.captchasPerIpPerMinute;
    const statuses: number[] = [];
    for (let i = 0; i < limit + 4; i++) statuses.push((await scraper.call(i % 2 ? b.url : a.url, 'GET', '/api/captcha')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.slice(limit)).toEqual([429, 429, 429, 429]);
    // Another client (another address behind the proxy) is not affected.
    expect((await client().call(b.url, 'GET', '/api/captcha')).status).toBe(200);
  });

  it('serves a file uploaded through one node from the other', async () => {
    const person = makePerson();
    const browser = client();
    expect((await browser.call(a.url, 'POST', '/api/sms-codes', { mobile: person.mobile, purpose: 'register' })).status).toBe(200);
    const [sms] = (await browser.call(b.url, 'GET', `/api/sandbox/sms?mobile=${person.mobile}`)).json;
    const registered = await browser.call(b.url, 'POST', '/api/accounts', { ...person, confirmPassword: person.password, smsCode: sms.code });
    expect(registered.status, registered.text).toBe(201);
    const captcha = (await browser.call(a.url, 'GET', '/api/captcha')).json;
    const { answer } = (await browser.call(a.url, 'GET', `/api/sandbox/captcha/${captcha.id}`)).json;
    const login = await browser.call(a.url, 'POST', '/api/session', { identifier: person.mobile, password: person.password, captchaId: captcha.id, captchaAnswer: answer });
    expect(login.status, login.text).toBe(200);

    const form = new FormData();
    form.append('file', new Blob([makeJpeg({ width: 800, height: 600, size: 30_000 })], { type: 'image/jpeg' }), 'proof.jpg');
    const uploaded = await browser.call(a.url, 'POST', '/api/files?purpose=proof', form);
    expect(uploaded.status, uploaded.text).toBe(201);
    const fromA = await fetch(`${a.url}/api/files/${uploaded.json.id}`, { headers: { cookie: `ausm_sid=${browser.cookies.get('ausm_sid')}` } });
    const fromB = await fetch(`${b.url}/api/files/${uploaded.json.id}`, { headers: { cookie: `ausm_sid=${browser.cookies.get('ausm_sid')}` } });
    expect(fromB.status).toBe(200);
    expect(Buffer.from(await fromB.arrayBuffer()).equals(Buffer.from(await fromA.arrayBuffer()))).toBe(true);
  });

  it('keeps one enrollment queue for both nodes: places in order of arrival, one per account, whichever node is asked', async () => {
    const candidate = async () => {
      const person = makePerson();
      const browser = client();
      expect((await browser.call(a.url, 'POST', '/api/sms-codes', { mobile: person.mobile, purpose: 'register' })).status).toBe(200);
      const [sms] = (await browser.call(a.url, 'GET', `/api/sandbox/sms?mobile=${person.mobile}`)).json;
      expect((await browser.call(a.url, 'POST', '/api/accounts', { ...person, confirmPassword: person.password, smsCode: sms.code })).status).toBe(201);
      const captcha = (await browser.call(b.url, 'GET', '/api/captcha')).json;
      const { answer } = (await browser.call(b.url, 'GET', `/api/sandbox/captcha/${captcha.id}`)).json;
      expect((await browser.call(b.url, 'POST', '/api/session', { identifier: person.mobile, password: person.password, captchaId: captcha.id, captchaAnswer: answer })).status).toBe(200);
      return browser;
    };
    const [first, second, third] = [await candidate(), await candidate(), await candidate()];
    const start = (who: Browser, node: ServerProcess) => who.call(node.url, 'GET', '/api/enrollment/start?examId=none&provinceId=370000');
    // The first is admitted (the exam does not exist: the route itself answers); the others queue across nodes.
    expect((await start(first, a)).status).not.toBe(429);
    const onB = await start(second, b);
    expect(onB.status).toBe(429);
    expect(onB.json).toMatchObject({ code: 'admission/queued', position: 1 });
    expect((await start(third, a)).json).toMatchObject({ code: 'admission/queued', position: 2 });
    // Asked on the other node, the same place.
    expect((await start(second, a)).json).toMatchObject({ position: 1 });
    expect((await start(third, b)).json).toMatchObject({ position: 2 });
  });

  it('loses nothing it acknowledged when a node is killed mid-request', async () => {
    const person = makePerson();
    const browser = client();
    expect((await browser.call(b.url, 'POST', '/api/sms-codes', { mobile: person.mobile, purpose: 'register' })).status).toBe(200);
    const [sms] = (await browser.call(b.url, 'GET', `/api/sandbox/sms?mobile=${person.mobile}`)).json;
    expect((await browser.call(b.url, 'POST', '/api/accounts', { ...person, confirmPassword: person.password, smsCode: sms.code })).status).toBe(201);

    // Writes (each a review item filed in one transaction) stream to A, 8 at a time; A loses power mid-stream.
    const acknowledged: string[] = [];
    let failed = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        try {
          const res = await browser.call(a.url, 'POST', '/api/sandbox/review-items', { mobile: person.mobile, authorityId: '370102', title: '断电测试' });
          if (res.status === 201) acknowledged.push(res.json.id);
          else failed++;
        } catch {
          failed++; // the connection died with the node: never acknowledged
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
    await a.kill();
    // The writers go on against the dead node a moment (refused), then stop.
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);
    expect(failed).toBeGreaterThan(0);

    // Every acknowledged item is there, read through B (as 历下区's reviewer).
    const staff = client();
    expect((await staffLogin(staff, b.url, 'lx_reviewer', SANDBOX_STAFF_PASSWORD)).status).toBe(200);
    for (const id of acknowledged) {
      const res = await staff.call(b.url, 'GET', `/api/console/review-items/${id}`);
      expect(res.status, `${id}: ${res.text}`).toBe(200);
    }
    // And B serves on: a new write through it succeeds.
    expect((await browser.call(b.url, 'POST', '/api/sandbox/review-items', { mobile: person.mobile, authorityId: '370102' })).status).toBe(201);
  });
});
