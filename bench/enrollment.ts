/**
 * The exam enrollment figures of issue 21 (figures 5 and 6 of `npm run bench`):
 *
 * 5. 提交报名 (POST /api/enrollments: eligibility, the enrollment row, its photo claimed, its review item and
 *    its audit event in one transaction) per second at its peak (a closed loop, each request another
 *    candidate), against pgbench's tpcb-like peak on the same PostgreSQL server in the same run (target
 *    ≥ 1.0); and its p99 at an even 1,500 submits/s (target ≤ 250 ms).
 * 6. 省份选择 (GET /api/exams/:examId/provinces, what a province's candidates open at the window's first
 *    second) per second, against the bare /api/health of the same server (target ≥ 10,000 req/s), and its
 *    p99 at an even half of that (target ≤ 40 ms).
 *
 * The candidates: one approved accountant is made through the platform's own API (the API tests' helpers,
 * on an app built in this process on the bench's database), with one exam photo; the others are copies of
 * that person's rows made in SQL (account, 信息采集 profile, education, work, an unused exam photo and a
 * session each): registering tens of thousands of people through the password hasher would take longer
 * than the measurements. A copy differs from the person in its ids and the blind indexes of its ID number
 * and mobile; the submit reads of it exactly what it reads of the person.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { Pool } from 'undici';
import { buildApp } from '@ausm/server/src/app';
import { loadConfig } from '@ausm/server/src/config';
import { SESSION_COOKIE, SessionTokens } from '@ausm/server/src/platform/auth';
import { approvedAccountant, beijing, juniorSettings, uploadExamPhoto } from '@ausm/server/src/test/exam';
import { staffCookies } from '@ausm/server/src/test/helpers';

export type Candidate = { cookie: string; photoFileId: string };
export type EnrollmentFixture = {
  examId: string;
  /** `n` more candidates, none of them used before. */
  candidates: (n: number) => Promise<Candidate[]>;
  body: (c: Candidate) => string;
  close: () => Promise<void>;
};

/** The template person's exam photo, by database. */
const templates = new Map<string, string>();

async function templatePhoto(app: Awaited<ReturnType<typeof buildApp>>): Promise<string> {
  const { cookies } = await approvedAccountant(app);
  const photo = await uploadExamPhoto(app, cookies);
  if (photo.statusCode !== 201) throw new Error(`exam photo: ${photo.statusCode} ${photo.body}`);
  return photo.json().id;
}

/**
 * The exam, 山东省's window open now with 济南市's 报名点, and the template candidate; copies on demand. Each
 * fixture of one run takes an exam year of its own (figures 5 and 7 each make one; a level has one exam a year).
 */
export async function enrollmentFixture(databaseUrl: string, year: number): Promise<EnrollmentFixture> {
  const config = loadConfig({ ...process.env, AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  const sessionTokens = new SessionTokens(config.pii.indexKey);
  const app = await buildApp({ ...config, dataDir: null, webDist: null });
  await app.ready();
  let examId: string;
  let template: { accountId: string; photoFileId: string };
  try {
    const mof = await staffCookies(app, 'mof_admin');
    const created = await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year, level: 'junior' } });
    if (created.statusCode !== 201) throw new Error(`create exam: ${created.statusCode} ${created.body}`);
    examId = created.json().id;
    const sd = await staffCookies(app, 'sd_admin');
    const settings = await app.inject({
      method: 'PUT',
      url: `/api/console/exams/${examId}/provinces/370000`,
      cookies: sd,
      payload: juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }], {
        signupEnd: beijing(new Date(), 6),
        payEnd: beijing(new Date(), 8),
      }),
    });
    if (settings.statusCode !== 200) throw new Error(`province settings: ${settings.statusCode} ${settings.body}`);
    // One template person a database (a second 张三 would be refused): figures 5 and 7 copy the same one.
    templates.set(databaseUrl, templates.get(databaseUrl) ?? (await templatePhoto(app)));
    template = { accountId: '', photoFileId: templates.get(databaseUrl)! };
  } finally {
    // Only the seeding ran here: the server under load is the bench's own process.
    await app.close();
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  template.accountId = (await db.query<{ owner: string }>('select owner_account_id as owner from files where id = $1', [template.photoFileId])).rows[0]!.owner;
  let made = 0;

  const copy = async (table: string, where: string, replace: string) =>
    db.query(
      `insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || ${replace})).* from ${table} t cross join bench_copies c where ${where}`,
      [template.accountId],
    );

  return {
    examId,
    async candidates(n) {
      const ids = Array.from({ length: n }, () => randomUUID());
      const files = Array.from({ length: n }, () => randomUUID());
      // Each copy's session token as a login issues it (with its claim), under the sandbox's key, which the
      // bench's server runs with.
      const tokens = ids.map((id) => sessionTokens.issue('accountant', id));
      const serials = Array.from({ length: n }, (_, i) => made + i);
      made += n;
      await db.query('begin');
      await db.query('create temp table bench_copies (n int, account_id uuid, file_id uuid, token_hash text) on commit drop');
      await db.query('insert into bench_copies select * from unnest($1::int[], $2::uuid[], $3::uuid[], $4::text[])', [
        serials,
        ids,
        files,
        tokens.map((t) => createHash('sha256').update(t).digest('hex')),
      ]);
      await copy('accounts', 't.id = $1', `jsonb_build_object('id', c.account_id, 'id_number_index', 'bench-id-${year}-' || c.n, 'mobile_index', 'bench-mobile-${year}-' || c.n)`);
      await copy('collection_profiles', 't.account_id = $1', `jsonb_build_object('account_id', c.account_id)`);
      await copy('education_records', 't.account_id = $1', `jsonb_build_object('id', gen_random_uuid(), 'account_id', c.account_id)`);
      await copy('work_records', 't.account_id = $1', `jsonb_build_object('id', gen_random_uuid(), 'account_id', c.account_id)`);
      await db.query(
        `insert into files select (jsonb_populate_record(null::files, to_jsonb(t) || jsonb_build_object('id', c.file_id, 'owner_account_id', c.account_id, 'created_at', now()))).*
           from files t cross join bench_copies c where t.id = $1`,
        [template.photoFileId],
      );
      await db.query(`insert into sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at) select token_hash, 'accountant', account_id, now(), now() from bench_copies`);
      await db.query('commit');
      return ids.map((_, i) => ({ cookie: `${SESSION_COOKIE}=${tokens[i]}`, photoFileId: files[i]! }));
    },
    body: (c) =>
      JSON.stringify({
        examId,
        provinceId: '370000',
        category: 'junior_education',
        siteAuthorityId: '370100',
        subjects: ['junior_practice', 'economic_law_basics'],
        photoFileId: c.photoFileId,
        proofs: {},
        promise: true,
      }),
    close: () => db.end(),
  };
}

/** One closed-loop run of submits: `connections` clients, each request the next unused candidate. */
export function submitPeak(base: string, fixture: EnrollmentFixture, candidates: Candidate[], connections: number, seconds: number, address: () => Record<string, string>) {
  let i = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/enrollments',
            setupRequest: (req) => {
              const c = candidates[i++];
              if (!c) throw new Error('the run used up its candidates');
              return { ...req, headers: { 'content-type': 'application/json', cookie: c.cookie, ...address() }, body: fixture.body(c) };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/**
 * pgbench's built-in tpcb-like script (five statements in one transaction: three updates, a select, an
 * insert) at `clients` connections for `seconds`, on a database of its own on the same server: its
 * transactions per second, excluding connection set-up.
 */
export function pgbenchTps(url: string, clients: number, seconds: number): number {
  const u = new URL(url);
  const env = { ...process.env, PGHOST: u.hostname, PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username || 'postgres'), PGDATABASE: u.pathname.slice(1) };
  if (u.password) Object.assign(env, { PGPASSWORD: decodeURIComponent(u.password) });
  const r = spawnSync('pgbench', ['-n', '-b', 'tpcb-like', '-c', String(clients), '-j', '2', '-T', String(seconds)], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pgbench failed: ${r.stderr || r.error}`);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
  if (!m) throw new Error(`pgbench printed no tps: ${r.stdout}`);
  return Number(m[1]);
}

/** A fresh pgbench database (`pgbench -i -s scale`) beside the bench's own; dropped by the returned function. */
export async function pgbenchDatabase(serverUrl: string, scale: number): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ausm_pgbench_${process.pid}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const u = url;
  const env = { ...process.env, PGHOST: u.hostname, PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username || 'postgres'), PGDATABASE: name };
  const r = spawnSync('pgbench', ['-i', '-q', '-s', String(scale)], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pgbench -i failed: ${r.stderr}`);
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export type QueuedOverload = {
  offeredPerSecond: number;
  seconds: number;
  /** Submits answered 201 within the window, per second. */
  goodput: number;
  /** Every answer by status (first tries and retries). */
  statuses: Record<string, number>;
  /** 429/503 without Retry-After. */
  refusalsWithoutRetry: number;
  /** 429s with Retry-After but no queue position (`admission/busy`: asked to come back before a place was given; `admission/full`: admitted, no place in flight freed in time). */
  busy: number;
  /** Requests with no complete answer within the timeout. */
  timeouts: number;
  /** Candidates who got their 201, and those still waiting when the window closed. */
  admitted: number;
  waiting: number;
  /** From a candidate's first try to its 201, ms: p50 and p99. */
  timeToAdmitMs: { p50: number; p99: number };
  /** The largest queue position any answer gave. */
  maxPosition: number;
};

/**
 * Figure 7 (issue 22, the peak): new candidates arrive at an even `rate` for `seconds`, each submitting once
 * and, refused with 429/503, asking again after the answer's Retry-After as the portal's page does, until a 201
 * or the window's end. Goodput is the 201s within the window per second; every refusal is checked for a
 * Retry-After (and a 429 for its queue position), every 5xx and every request left unanswered within
 * `timeoutMs` of its sending is counted.
 *
 * The client shares the server's two cores, and at three times the peak it sends some 3,000 new requests a
 * second besides the retries, so its own cost per request is part of what the figure sees: it sends through
 * undici's pool and its dispatch callbacks (not `node:http`, whose request and response objects cost it about a quarter of the machine
 * in session 19), each candidate's body is built once, and arrivals and retries are sent from one 2 ms tick
 * instead of a timer each. What the server receives is unchanged.
 */
export function queuedOverload(
  base: string,
  fixture: EnrollmentFixture,
  candidates: Candidate[],
  opts: { rate: number; seconds: number; connections: number; address: () => Record<string, string>; timeoutMs?: number },
): Promise<QueuedOverload> {
  const pool = new Pool(base, { connections: opts.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const statuses: Record<string, number> = {};
  const admitDelays: number[] = [];
  let ok = 0;
  let refusalsWithoutRetry = 0;
  let busy = 0;
  let timeouts = 0;
  let maxPosition = 0;
  let inFlight = 0;
  let waiting = 0;
  const total = Math.round(opts.rate * opts.seconds);
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const bodies: string[] = [];
  /** Retries by the tick (of TICK_MS) they are due at. */
  const due = new Map<number, Array<() => void>>();
  const TICK_MS = 2;
  let nextTick = Math.floor(t0 / TICK_MS);

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(clock);
      void pool.destroy();
      admitDelays.sort((a, b) => a - b);
      const q = (p: number) => admitDelays[Math.min(admitDelays.length - 1, Math.max(0, Math.ceil(p * admitDelays.length) - 1))] ?? 0;
      resolve({
        offeredPerSecond: opts.rate,
        seconds: opts.seconds,
        goodput: ok / opts.seconds,
        statuses,
        refusalsWithoutRetry,
        busy,
        timeouts,
        admitted: admitDelays.length,
        waiting,
        timeToAdmitMs: { p50: Math.round(q(0.5)), p99: Math.round(q(0.99)) },
        maxPosition,
      });
    };
    const later = (ms: number, fn: () => void) => {
      const at = Math.ceil((performance.now() + ms) / TICK_MS);
      const list = due.get(at);
      if (list) list.push(fn);
      else due.set(at, [fn]);
    };
    const done = (i: number, firstAt: number, headers: Record<string, string>, status: number | null, retryAfter: string | undefined, text: string) => {
      if (finished) return;
      inFlight--;
      const now = performance.now();
      const key = status === null ? 'none' : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (status === null) {
        timeouts++;
        return;
      }
      if (status === 201) {
        if (now <= end) {
          ok++;
          admitDelays.push(now - firstAt);
        }
        return;
      }
      if (status === 429 || status === 503) {
        const seconds = Number(retryAfter);
        let position: number | undefined;
        try {
          position = JSON.parse(text).position;
        } catch {
          /* not JSON */
        }
        if (status === 429 && typeof position === 'number') maxPosition = Math.max(maxPosition, position);
        if (status === 429 && typeof position !== 'number') busy++;
        if (!(seconds > 0)) {
          refusalsWithoutRetry++;
          return;
        }
        waiting++;
        later(seconds * 1000, () => {
          waiting--;
          attempt(i, firstAt, headers);
        });
      }
      // Anything else (a 409 would be a candidate used twice, a 5xx a failure) is counted by its status above.
    };
    const attempt = (i: number, firstAt: number, headers: Record<string, string>) => {
      if (performance.now() >= end) return;
      const c = candidates[i]!;
      const body = (bodies[i] ??= fixture.body(c));
      inFlight++;
      const sentAt = performance.now();
      let status = 0;
      let retryAfter: string | undefined;
      let chunks: Buffer[] | null = null;
      // The dispatcher's own callbacks: no response object, body stream or promise per request.
      pool.dispatch(
        { path: '/api/enrollments', method: 'POST', headers: { ...headers, cookie: c.cookie, 'content-type': 'application/json' }, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
        {
          onConnect: () => {},
          onHeaders: (statusCode, raw) => {
            status = statusCode;
            for (let h = 0; h < raw.length; h += 2) if (raw[h]!.toString('latin1').toLowerCase() === 'retry-after') retryAfter = raw[h + 1]!.toString('latin1');
            return true;
          },
          onData: (chunk) => {
            if (status !== 201) (chunks ??= []).push(chunk);
            return true;
          },
          onComplete: () => {
            // Answered, but after the timeout: unanswered as far as the person waiting is concerned.
            if (performance.now() - sentAt > timeoutMs) done(i, firstAt, headers, null, undefined, '');
            else done(i, firstAt, headers, status, retryAfter, chunks ? Buffer.concat(chunks).toString('utf8') : '');
          },
          onError: () => done(i, firstAt, headers, null, undefined, ''),
        },
      );
    };
    let sent = 0;
    // One tick sends the arrivals and the retries that are due.
    const clock = setInterval(() => {
      const now = performance.now();
      while (sent < total && t0 + (sent * 1000) / opts.rate <= now) {
        attempt(sent, now, opts.address());
        sent++;
      }
      const tick = Math.floor(now / TICK_MS);
      for (; nextTick <= tick; nextTick++) {
        const list = due.get(nextTick);
        if (!list) continue;
        due.delete(nextTick);
        for (const fn of list) fn();
      }
      // The window's end: what is answered by then counts; requests still open get until their timeout.
      if (now >= end && (inFlight === 0 || now > end + timeoutMs)) finish();
    }, TICK_MS);
  });
}
