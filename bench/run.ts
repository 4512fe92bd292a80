/**
 * `npm run bench`: load figures for the account foundation, each as a ratio against a baseline
 * taken in the same run on the same machine. Starts its own server in sandbox mode on a fresh database
 * of the production kind, PostgreSQL (see `benchDatabase`), unless BENCH_URL points at a running one.
 * Writes bench/results/<stamp>.json and latest.md, and the server's /metrics at the end into latest.metrics.txt.
 *
 * 1. login requests/s  vs  raw argon2id verifications/s of this machine   (target >= 0.85)
 * 2. a read endpoint   vs  a bare Fastify route of the same server         (target >= 0.9)
 * 3. the read endpoint's p99 while login is saturated  vs  its p99 alone   (target <= 2x)
 * 4. successful logins/s with 3x figure 1's rate offered  vs  figure 1's    (target >= 0.8)
 * 5. enrollment submits/s at their peak  vs  pgbench tpcb-like tps          (target >= 1.0),
 *    and their p99 at an even 1,500/s                                      (target <= 250 ms)
 * 6. 省份选择 req/s                       vs  the bare route                (target >= 10,000 req/s),
 *    and its p99 at an even half of that                                    (target <= 40 ms)
 *    (enrollment.ts; both need PostgreSQL)
 *
 * Each figure is taken BENCH_REPEAT times (default 5), measurement and baseline one after the other,
 * and reported as the ratio of the medians: one trial on a shared 2-core machine moves by ±10 %.
 * BENCH_FIGURES (e.g. `1,4`) runs some figures only, for a first look; figure 4 needs figure 1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import autocannon from 'autocannon';
import pg from 'pg';
import { mainlandIdCheckChar } from '@ausm/domain';
import { paced, quantile, type PacedResult } from './paced';
import { dropToNormal, raiseToRealtime, schedulingPolicy } from '@ausm/server/src/platform/realtime';
import { loginLoad as loginLoadAt, PASSWORD, type SolvedCaptcha } from './login-load';
import { enrollmentFixture, pgbenchDatabase, pgbenchTps, queuedOverload, submitPeak, type EnrollmentFixture, type QueuedOverload } from './enrollment';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
const WARMUP_SECONDS = 3;
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const FIGURES = new Set((process.env.BENCH_FIGURES ?? '1,2,3,4,5,6,7').split(',').map((f) => f.trim()));
if (FIGURES.has('4') || FIGURES.has('3')) FIGURES.add('1');
/** Accounts the login loads take in turn (login-load.ts says why several). */
const ACCOUNTS = 32;
/** Figure 4's offered load, in multiples of figure 1's successful logins/s, and its target. */
const OVERLOAD = 3;
// The same parameters as the platform's hasher (argon2id = 2; an ambient const enum).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// The read runs ask as a browser does (Chromium sends this); the bare route's answer is too small to compress.
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br, zstd' };

let server: ChildProcess | null = null;
const base = process.env.BENCH_URL ?? `http://127.0.0.1:${PORT}`;

/**
 * BENCH_SERVER_CPUS (a list such as `0`): the platform's server runs on those CPUs, and the local PostgreSQL server
 * and the bench's own load generators (and pgbench) on the others. In production the database and the candidates'
 * browsers are on machines of their own; on this 2-core machine the load generator otherwise takes its share of the
 * cores it measures (bench/README.md, session 20: a third of a refusal's cost). PostgreSQL is not put on the
 * server's CPUs: the server's event loop runs at real-time priority (platform/realtime.ts), and on a shared CPU it
 * leaves PostgreSQL none while it is busy, so the admitted submits stop while the refusals go on (session 22).
 * Both sides of a ratio are taken pinned alike. PostgreSQL (the postmaster and every process of it, and so each new
 * backend) is given its CPUs back at the end.
 */
const SERVER_CPUS = process.env.BENCH_SERVER_CPUS?.trim() || null;

function taskset(args: string[]): string {
  const r = spawnSync('taskset', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taskset ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Pins as BENCH_SERVER_CPUS says; returns what gives PostgreSQL its CPUs back, and the CPUs of each side. */
async function pinToCpus(): Promise<{ restore: () => void; server: string; client: string } | null> {
  if (!SERVER_CPUS) return null;
  const serverCpus = new Set(SERVER_CPUS.split(',').map(Number));
  const client = Array.from({ length: cpus().length }, (_, i) => i).filter((i) => !serverCpus.has(i)).join(',');
  if (!client) throw new Error(`BENCH_SERVER_CPUS=${SERVER_CPUS} leaves no CPU for the load generators`);
  taskset(['-a', '-p', '-c', client, String(process.pid)]);
  const admin = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  let dataDirectory: string;
  try {
    dataDirectory = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
  } finally {
    await admin.end();
  }
  const postmaster = readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
  const family = () => [postmaster, ...spawnSync('pgrep', ['-P', postmaster], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)];
  const before = taskset(['-c', '-p', postmaster]).trim().split(': ').at(-1)!;
  for (const pid of family()) taskset(['-a', '-p', '-c', client, pid]);
  console.log(`bench: the server on CPU ${SERVER_CPUS}; PostgreSQL (postmaster ${postmaster}) and the load generators on CPU ${client}`);
  const restore = () => {
    for (const pid of family()) spawnSync('taskset', ['-a', '-p', '-c', before, pid]);
  };
  // However the bench ends (an exception in a load generator's callback skips main's `finally`).
  process.once('exit', restore);
  return { server: SERVER_CPUS, client, restore };
}

type BenchDatabase = { label: string; url?: string; drop?: () => Promise<void> };

/**
 * The platform runs on PostgreSQL in production (ARCHITECTURE.md; PGlite is the newcomer's embedded
 * database, single-connection WASM in the server's own thread), so the bench measures on PostgreSQL: a
 * fresh database on the server of BENCH_PG_URL (default the local one, as the API tests use), dropped at
 * the end. BENCH_DATABASE_URL measures on an existing database instead; BENCH_DATABASE=pglite on a fresh
 * PGlite folder. With no PostgreSQL to reach, the bench says so and measures PGlite.
 */
async function benchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_URL) return { label: 'as running' };
  if (process.env.BENCH_DATABASE_URL) return { label: 'PostgreSQL (BENCH_DATABASE_URL)', url: process.env.BENCH_DATABASE_URL };
  if (process.env.BENCH_DATABASE === 'pglite') return { label: 'PGlite' };
  const serverUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ausm_bench_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`create database ${name}`);
  } catch (err) {
    console.warn(`bench: no PostgreSQL at ${new URL(serverUrl).host} (${(err as Error).message}); measuring on PGlite instead`);
    return { label: 'PGlite (no PostgreSQL reachable)' };
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { label: 'PostgreSQL', url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function startServer(database: BenchDatabase, extraEnv: Record<string, string> = {}): Promise<void> {
  if (process.env.BENCH_URL) return;
  // A server left on the port (an earlier run that did not stop it) would answer the health check
  // below, and the bench would measure it instead of the code on disk.
  if (await fetch(`${base}/api/health`).then(() => true, () => false)) throw new Error(`something already listens on ${base}: stop it or set BENCH_PORT`);
  const dataDir = mkdtempSync(join(tmpdir(), 'ausm-bench-'));
  // Node itself with tsx's loader (not `npx tsx`, whose wrappers did not pass SIGTERM on and left the
  // server running after the bench): the signal reaches main.ts, which closes the app.
  // BENCH_SERVER_NODE_ARGS: Node's own flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; NODE_OPTIONS
  // refuses --cpu-prof). BENCH_SERVER_CPUS: on those CPUs (taskset execs Node, so the child is the server itself).
  const nodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'apps/server/src/main.ts'];
  server = spawn(SERVER_CPUS ? 'taskset' : process.execPath, SERVER_CPUS ? ['-c', SERVER_CPUS, process.execPath, ...nodeArgs] : nodeArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUSM_MODE: 'sandbox',
      WEB_DIST: '/nonexistent',
      // The bench's clients name their own addresses (X-Forwarded-For, from loopback only), as people behind
      // the production proxy do: each draws its captchas and SMS codes within the per-address limits.
      TRUST_PROXY: 'loopback',
      // GET /metrics, scraped once the figures are taken (bench/results/latest.metrics.txt; docs/operations.md).
      METRICS_TOKEN,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      // Figures 5 and 6 measure the work behind the enrollment's admission control, so the gate is open here;
      // figure 7 starts the server again with the admission rate taken from its own peak.
      ENROLLMENT_ADMISSIONS_PER_SECOND: '1000000',
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // An exception thrown in a load generator's callback ends this process without its `finally`: the server must
  // not outlive it (it would keep the port, and answer the next run with the code it started with).
  const child = server;
  process.once('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<never>((_, reject) => server!.once('exit', (code) => reject(new Error(`server exited (${code}) before it answered`))));
  exited.catch(() => {});
  for (let i = 0; i < 240; i++) {
    try {
      if ((await Promise.race([fetch(`${base}/api/health`), exited])).ok) return;
    } catch (err) {
      if (server.exitCode !== null) throw err;
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

/** SIGTERM (the app closes: hashers, database), then wait for the process to be gone. */
async function stopServer(): Promise<void> {
  const s = server;
  if (!s || s.exitCode !== null || s.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => s.once('exit', () => resolve()));
  s.kill('SIGTERM');
  const timer = setTimeout(() => s.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

/**
 * A client address of its own for each caller (198.18.0.0/15 is RFC 2544's range for benchmarks; e2e's
 * people are 198.18.x.y and 198.19.x.y too, on another server): one address may draw 60 captchas a minute
 * and 20 SMS codes an hour, as a person's. With BENCH_URL the server must trust loopback's X-Forwarded-For
 * (TRUST_PROXY=loopback) for this to count them apart.
 */
let addresses = 0;
const clientAddress = () => {
  addresses += 1;
  return { 'x-forwarded-for': `198.18.${(addresses >> 8) & 255}.${addresses & 255}` };
};

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

/** A valid mainland ID, so the bench account is a real registration; each of the run's accounts its own. */
let idSequence = Math.floor(Math.random() * 1000);
function benchIdNumber(): string {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `11010519900307${String(idSequence).padStart(3, '0')}`;
  return first17 + mainlandIdCheckChar(first17);
}

async function registerBenchAccount(): Promise<string> {
  const mobile = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const headers = clientAddress();
  await json('/api/sms-codes', { method: 'POST', body: JSON.stringify({ mobile, purpose: 'register' }), headers });
  const [msg] = await json(`/api/sandbox/sms?mobile=${mobile}`);
  await json('/api/accounts', {
    method: 'POST',
    body: JSON.stringify({ idType: 'mainland_id', idNumber: benchIdNumber(), realName: '压测', password: PASSWORD, confirmPassword: PASSWORD, mobile, smsCode: msg.code }),
    headers,
  });
  return mobile;
}

/** `n` accounts, a few registrations at a time (each hashes a password). */
async function registerBenchAccounts(n: number): Promise<string[]> {
  const mobiles: string[] = [];
  while (mobiles.length < n) {
    mobiles.push(...(await Promise.all(Array.from({ length: Math.min(4, n - mobiles.length) }, () => registerBenchAccount()))));
  }
  return mobiles;
}

/** Captchas are single use: solve a stock of them through the sandbox before the run, 20 from each address. */
async function solvedCaptchas(n: number): Promise<SolvedCaptcha[]> {
  const out: SolvedCaptcha[] = [];
  for (let i = 0; i < n; i += 20) {
    const headers = clientAddress();
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async () => {
        const { id } = await json('/api/captcha', { headers });
        const { answer } = await json(`/api/sandbox/captcha/${id}`);
        return { captchaId: id, captchaAnswer: answer };
      }),
    );
    out.push(...batch);
  }
  return out;
}

/** Raw argon2id verifications per second, `cores` at a time, in this process. */
async function rawArgon2PerSecond(seconds: number): Promise<number> {
  const h = await hash(PASSWORD, ARGON2);
  const until = Date.now() + seconds * 1000;
  let count = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: availableParallelism() }, async () => {
      while (Date.now() < until) {
        await verify(h, PASSWORD, ARGON2);
        count++;
      }
    }),
  );
  return count / ((Date.now() - start) / 1000);
}

/** CPU time (user + system) the server process has used so far, in ms; null if unknown. */
function serverCpuMs(): number | null {
  if (!server?.pid) return null;
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null; // not Linux
  }
}
/** Where the machine's CPUs went, in CPUs (1 = one CPU busy throughout): the server, the bench's own process, PostgreSQL's processes, and idle. */
type CpuShares = { seconds: number; server: number; client: number; postgres: number; idle: number };
type CpuReading = { at: number; server: number; client: number; postgres: number; idle: number };
/** A reading of the CPU time (ms) used so far by the server, this process and PostgreSQL, and the machine's idle time; null if not Linux. */
function cpuShares(): CpuReading | null {
  const server = serverCpuMs();
  if (server === null) return null;
  let postgres = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') postgres += statCpu(`/proc/${pid}/stat`)?.ms ?? 0;
    } catch {
      /* gone */
    }
  }
  const usage = process.cpuUsage();
  const idle = Number(readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)[4]) * (1000 / CLOCK_TICKS);
  return { at: performance.now(), server, client: (usage.user + usage.system) / 1000, postgres, idle };
}
/** CPUs used since `from` (a `cpuShares()` reading), each in CPUs; null if unknown. */
function cpuSince(from: CpuReading | null): CpuShares | null {
  const to = cpuShares();
  if (!from || !to) return null;
  const ms = to.at - from.at;
  const share = (k: 'server' | 'client' | 'postgres' | 'idle') => Math.round(((to[k] - from[k]) / ms) * 100) / 100;
  return { seconds: Math.round(ms / 100) / 10, server: share('server'), client: share('client'), postgres: share('postgres'), idle: share('idle') };
}
// USER_HZ: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;

/** CPU time (user + system) of a /proc stat file, in ms, and its nice value. */
function statCpu(path: string): { ms: number; nice: number } | null {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return { ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS, nice: Number(fields[16]) };
  } catch {
    return null; // gone, or not Linux
  }
}

/** A connection to the bench's database, to find its PostgreSQL backends (figure 4's CPU accounting). */
let monitor: pg.Client | null = null;

/**
 * CPU time, in ms, of what a login costs besides its hash: the server's threads other than its hashing
 * threads (those run at nice 10), and the PostgreSQL backends of the bench's database. Unlike logins per
 * second, it hardly moves with other work on the machine. Null when not known (BENCH_URL, not Linux).
 */
async function nonHashingCpuMs(): Promise<number | null> {
  if (!server?.pid || !monitor) return null;
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${server.pid}/task`)) {
      const t = statCpu(`/proc/${server.pid}/task/${tid}/stat`);
      if (t && t.nice !== 10) total += t.ms;
    }
    const { rows } = await monitor.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    for (const { pid } of rows) total += statCpu(`/proc/${pid}/stat`)?.ms ?? 0;
  } catch {
    return null;
  }
  return total;
}
const perRequestUs = (from: number | null, to: number | null, requests: number) =>
  from === null || to === null || requests === 0 ? null : Math.round(((to - from) * 1000) / requests);

type Result = autocannon.Result;
const cannon = (opts: autocannon.Options): Promise<Result> =>
  new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });

/**
 * `seconds` of the read endpoint at an even pace of `rate` requests/s over `connections` keep-alive
 * connections (paced.ts; not autocannon's `overallRate`, which sends each second's budget in a burst),
 * after one uncounted second that opens the connections. Latencies in fractions of a millisecond, each
 * from the moment its request left to its answer's last byte.
 */
async function fixedRate(url: string, connections: number, rate: number, seconds: number) {
  const r = await paced(url, { rate, seconds, warmupSeconds: 1, connections, headers: BROWSER_HEADERS });
  const at = (q: number) => round(quantile(r.latenciesMs, q));
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: at(1), count: r.latenciesMs.length, failed: r.failed, maxSendLagMs: round(r.maxSendLagMs) };
}

/**
 * Drawing a stock of captchas leaves the server with garbage to collect; its collector catches up in
 * the next seconds. Measure after it, not during it (it made the first seconds of a loaded run slow).
 */
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const SETTLE_MS = 3_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const loginLoad = (mobiles: string[], captchas: SolvedCaptcha[], connections: number, seconds: number) => loginLoadAt(base, mobiles, captchas, connections, seconds);

/**
 * The same login load from a process of its own: in one process its client work would delay the read
 * timings. Resolves once the process is loaded and waiting; `start()` sets it going.
 */
async function loginLoadProcess(mobiles: string[], captchas: SolvedCaptcha[], connections: number, seconds: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'ausm-bench-captchas-')), 'captchas.json');
  writeFileSync(file, JSON.stringify(captchas));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'login-load.ts'), base, mobiles.join(','), file, String(connections), String(seconds)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`login load exited (${code}) before it was ready`)));
  });
  const done = new Promise<{ ok: number; non2xx: number }>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`login load exited (${code})`))));
  });
  return { start: () => (child.stdin.end('go\n'), done) };
}

const okPerSecond = (r: Result) => r['2xx'] / (r.duration || DURATION);

type Overloaded = PacedResult & {
  offeredPerSecond: number;
  capacityPerSecond: number;
  okPerSecond: number;
  serverCpuMsPerSecond: number | null;
  /** CPU outside the hashing (nonHashingCpuMs) per refused login, once the successful ones' share is taken off. */
  refusalCpuMs: number | null;
};

/** Figure 4's trial: logins at an even OVERLOAD times `capacity` per second for DURATION seconds, after one uncounted. */
async function overload(mobiles: string[], captchas: SolvedCaptcha[], capacity: number, loginCpuMs: number | null): Promise<Overloaded> {
  const rate = Math.round(OVERLOAD * capacity);
  if (captchas.length < rate * (DURATION + 1)) throw new Error(`figure 4 needs ${rate * (DURATION + 1)} captchas, has ${captchas.length}`);
  const cpu = serverCpuMs();
  const outside = await nonHashingCpuMs();
  const r = await paced(`${base}/api/session`, {
    rate,
    seconds: DURATION,
    // One uncounted second fills the hashers' queue, as it is at a peak.
    warmupSeconds: 1,
    // Enough that the client never waits for a free connection (a successful login waits in the hashers' queue).
    connections: 64,
    body: (i) => JSON.stringify({ identifier: mobiles[i % mobiles.length], password: PASSWORD, ...captchas[i] }),
  });
  const cpuAfter = serverCpuMs();
  const outsideAfter = await nonHashingCpuMs();
  // The uncounted first second's requests are in the CPU time too: count them at the counted ones' mix.
  const all = (r.latenciesMs.length + r.failed) * ((DURATION + 1) / DURATION);
  const refused = (r.statuses['429'] ?? 0) * ((DURATION + 1) / DURATION);
  const refusalCpuMs =
    outside === null || outsideAfter === null || loginCpuMs === null || refused === 0 ? null : (outsideAfter - outside - (all - refused) * loginCpuMs) / refused;
  return {
    ...r,
    refusalCpuMs: refusalCpuMs === null ? null : round(refusalCpuMs),
    offeredPerSecond: rate,
    capacityPerSecond: capacity,
    okPerSecond: r.latenciesMs.length / DURATION,
    serverCpuMsPerSecond: cpu === null || cpuAfter === null ? null : Math.round((cpuAfter - cpu) / (DURATION + 1)),
  };
}

/** What one answer of `url` carries on the wire when asked as a browser asks: its encoding and body bytes. */
function answerOnTheWire(url: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: BROWSER_HEADERS }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ encoding: String(res.headers['content-encoding'] ?? 'identity'), bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** The machine's 1-minute load average: other work on the machine skews every figure. */
const load1 = () => Math.round(loadavg()[0]! * 100) / 100;

let pinning: Awaited<ReturnType<typeof pinToCpus>> = null;

async function main() {
  pinning = await pinToCpus();
  const loadAtStart = load1();
  const db = await benchDatabase();
  dropDatabase = db.drop;
  await startServer(db);
  if (db.url && !process.env.BENCH_URL) {
    monitor = new pg.Client({ connectionString: db.url });
    await monitor.connect();
  }
  const cores = availableParallelism();
  const database = db.label;
  console.log(`bench: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${DURATION}s per run, server ${base} on ${database}`);

  const mobiles = FIGURES.has('1') ? await registerBenchAccounts(ACCOUNTS) : [];
  // What a first visit to 帮助中心 asks for first (HelpCenterPage.vue: its topics and the 登录注册 questions, session 20;
  // until then it was every topic's 85 questions).
  const readPath = '/api/help/faqs';
  const barePath = '/api/health';

  // Warm-up, not counted: the first seconds of a fresh server run unoptimised code (JIT) and fill pools.
  if (FIGURES.has('1')) await loginLoad(mobiles, await solvedCaptchas(Math.ceil(cores * 100 * WARMUP_SECONDS)), cores * 2, WARMUP_SECONDS);
  if (FIGURES.has('2') || FIGURES.has('3')) await cannon({ url: `${base}${readPath}`, connections: 20, duration: WARMUP_SECONDS, headers: BROWSER_HEADERS });
  if (FIGURES.has('1')) await rawArgon2PerSecond(WARMUP_SECONDS);

  // 1. Raw verifications, then logins, REPEAT times. Captchas are single use: a fresh stock each time.
  // 4. After each login trial, logins offered at OVERLOAD times the rate that trial reached, at an even
  // pace (paced.ts: people who do not wait for one another), each with its own solved captcha: how many still
  // succeed per second. The hashers can take only the capacity; the rest must be refused at almost no cost, or
  // the refusals' work takes CPU from the hashing and fewer logins succeed than when nobody was refused. Taken
  // beside its capacity, as other work on a shared machine moves both from one minute to the next.
  const raw: number[] = [];
  const logins: number[] = [];
  let loginNon2xx = 0;
  const overloaded: Overloaded[] = [];
  const loginCpu: Array<number | null> = [];
  const loginClientCpu: Array<number | null> = [];
  for (let t = 1; t <= REPEAT && FIGURES.has('1'); t++) {
    raw.push(await rawArgon2PerSecond(DURATION));
    const captchas = await solvedCaptchas(Math.ceil(raw.at(-1)! * DURATION * 1.3) + 100);
    const outside = await nonHashingCpuMs();
    const client = process.cpuUsage();
    const login = await loginLoad(mobiles, captchas, cores * 2, DURATION);
    const clientUs = process.cpuUsage(client);
    const outsideAfter = await nonHashingCpuMs();
    logins.push(okPerSecond(login));
    loginNon2xx += login.non2xx;
    loginCpu.push(outside === null || outsideAfter === null || login['2xx'] === 0 ? null : round((outsideAfter - outside) / login['2xx']));
    loginClientCpu.push(login['2xx'] === 0 ? null : round((clientUs.user + clientUs.system) / 1000 / login['2xx']));
    console.log(
      `trial ${t}: raw argon2id ${raw.at(-1)!.toFixed(1)}/s, login ok ${logins.at(-1)!.toFixed(1)}/s (non-2xx ${login.non2xx}; ${loginCpu.at(-1)} ms of CPU besides the hash each, ${loginClientCpu.at(-1)} ms in the load generator)`,
    );
    if (FIGURES.has('4')) {
      // Its stock drawn after figure 1's trial, which it would otherwise slow (the drawing leaves garbage to
      // collect), and the server left to settle before the overload.
      const overloadCaptchas = await solvedCaptchas(Math.ceil(OVERLOAD * logins.at(-1)! * 1.1 * (DURATION + 1)) + 100);
      await settle();
      const o = await overload(mobiles, overloadCaptchas, logins.at(-1)!, loginCpu.at(-1)!);
      overloaded.push(o);
      console.log(
        `trial ${t}: ${o.offeredPerSecond} logins/s offered (${OVERLOAD}x ${round(o.capacityPerSecond)}): ok ${round(o.okPerSecond)}/s (${round(o.okPerSecond / o.capacityPerSecond)}); answers ${JSON.stringify(o.statuses)}; refusal p50/p99 ${round(quantile(o.refusedLatenciesMs, 0.5))}/${round(quantile(o.refusedLatenciesMs, 0.99))} ms; ok p50/p99 ${round(quantile(o.latenciesMs, 0.5))}/${round(quantile(o.latenciesMs, 0.99))} ms; server CPU ${o.serverCpuMsPerSecond} ms/s; ${o.refusalCpuMs} ms of CPU besides hashing per refusal`,
      );
    }
  }

  // 2. The read endpoint against the bare route. The ratio is end to end: autocannon shares the cores
  // and reads every body, so it also counts the client's work for the larger answer. The server's own
  // CPU per request shows which side pays.
  const bare: number[] = [];
  const read: number[] = [];
  const bareCpu: Array<number | null> = [];
  const readCpu: Array<number | null> = [];
  const readAnswer = FIGURES.has('2') ? await answerOnTheWire(`${base}${readPath}`) : null;
  if (readAnswer) console.log(`read ${readPath}: ${readAnswer.bytes} bytes as ${readAnswer.encoding}`);
  for (let t = 1; t <= REPEAT && FIGURES.has('2'); t++) {
    let cpu = serverCpuMs();
    const b = await cannon({ url: `${base}${barePath}`, connections: 20, duration: DURATION, headers: BROWSER_HEADERS });
    bareCpu.push(perRequestUs(cpu, serverCpuMs(), b.requests.total));
    cpu = serverCpuMs();
    const r = await cannon({ url: `${base}${readPath}`, connections: 20, duration: DURATION, headers: BROWSER_HEADERS });
    readCpu.push(perRequestUs(cpu, serverCpuMs(), r.requests.total));
    bare.push(b.requests.average);
    read.push(r.requests.average);
    console.log(`trial ${t}: bare ${barePath} ${b.requests.average} req/s; read ${readPath} ${r.requests.average} req/s`);
  }

  // 3. p99 of the read endpoint at a moderate, fixed rate: alone, then beside a saturating login load.
  const readRate = 200;
  const alone: Awaited<ReturnType<typeof fixedRate>>[] = [];
  const loaded: Awaited<ReturnType<typeof fixedRate>>[] = [];
  // Every trial's captchas are drawn first (they stay valid for 5 minutes), then the server settles: the
  // quiet runs then follow a quiet server, not one still collecting the garbage of the drawing.
  const perTrial = Math.ceil(median(raw) * (DURATION + 1) * 1.3) + 100;
  const stock = FIGURES.has('3') ? await solvedCaptchas(perTrial * REPEAT) : [];
  if (FIGURES.has('3')) await settle();
  // The timing client at real-time priority (apps/server/src/platform/realtime.ts), for the quiet runs and the loaded ones alike:
  // at normal priority it waited for a core behind the hashers itself, which is not the server's time.
  const timingClient = raiseToRealtime();
  for (let t = 1; t <= REPEAT && FIGURES.has('3'); t++) {
    const captchas = stock.slice((t - 1) * perTrial, t * perTrial);
    alone.push(await fixedRate(`${base}${readPath}`, 4, readRate, DURATION));
    // The login load covers the paced run's uncounted first second as well as its counted ones.
    const loginProcess = await loginLoadProcess(mobiles, captchas, cores * 4, DURATION + 1);
    const [login, underLoad] = await Promise.all([loginProcess.start(), fixedRate(`${base}${readPath}`, 4, readRate, DURATION)]);
    loaded.push(underLoad);
    const a = alone.at(-1)!;
    console.log(
      `trial ${t}: read p50/p99 alone ${a.p50Ms}/${a.p99Ms} ms; while login saturated (${login.ok} logins) ${underLoad.p50Ms}/${underLoad.p99Ms} ms (max ${underLoad.maxMs} ms; failed ${a.failed + underLoad.failed}; client ${schedulingPolicy()})`,
    );
  }
  dropToNormal();

  const exam = FIGURES.has('5') || FIGURES.has('6') ? await examFigures(db) : null;
  const queue = FIGURES.has('7') ? await queueFigure(db) : null;

  const knownCpu = (xs: Array<number | null>) => (xs.length > 0 && xs.every((x) => x !== null) ? median(xs as number[]) : null);
  const readCpuUs = knownCpu(readCpu);
  const bareCpuUs = knownCpu(bareCpu);
  const p99Alone = median(alone.map((x) => x.p99Ms));
  const p99Loaded = median(loaded.map((x) => x.p99Ms));
  const goodput = overloaded.length > 0 ? median(overloaded.map((o) => o.okPerSecond)) : null;
  const capacity = median(logins);
  const sum = (xs: Array<Record<string, number>>) =>
    xs.reduce<Record<string, number>>((acc, x) => {
      for (const [k, v] of Object.entries(x)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
  const figures = {
    at: new Date().toISOString(),
    machine: { cores, cpu: cpus()[0]?.model ?? null, node: process.version, pinning: pinning ? { server: pinning.server, client: pinning.client } : null },
    // 1-minute load average before the server started and after the last run (the bench itself adds ~2).
    load: { atStart: loadAtStart, atEnd: load1() },
    database,
    durationSeconds: DURATION,
    repeat: REPEAT,
    login: !FIGURES.has('1') ? null : {
      rawArgon2VerificationsPerSecond: round(median(raw)),
      loginOkPerSecond: round(median(logins)),
      non2xx: loginNon2xx,
      ratio: round(median(logins) / median(raw)),
      target: '>= 0.85',
      trials: { raw: raw.map(round), login: logins.map(round) },
      // Not part of the figure: CPU time per successful login of each trial, in ms, besides the hash (the
      // server's other threads and its PostgreSQL backends; null with BENCH_URL) and in this process, the load
      // generator, which shares the cores (session 20).
      cpuPerLoginMs: { besidesHash: loginCpu, loadGenerator: loginClientCpu },
    },
    read: !FIGURES.has('2') ? null : {
      endpoint: readPath,
      baseline: barePath,
      readRequestsPerSecond: median(read),
      bareRequestsPerSecond: median(bare),
      ratio: round(median(read) / median(bare)),
      target: '>= 0.9',
      // Not a target: CPU time of the server process per request (null with BENCH_URL).
      serverCpuMicrosPerRequest: { read: readCpuUs, bare: bareCpuUs },
      // One answer of the read endpoint as the load generator receives it (its encoding and body bytes).
      readAnswer,
      trials: { read, bare },
    },
    readP99UnderLogin: !FIGURES.has('3') ? null : {
      endpoint: readPath,
      rate: readRate,
      p99AloneMs: p99Alone,
      p99WhileLoginSaturatedMs: p99Loaded,
      ratio: round(p99Loaded / p99Alone),
      target: '<= 2',
      maxWhileLoginSaturatedMs: Math.max(...loaded.map((x) => x.maxMs)),
      // How late the timing client itself sent a request against its schedule: its own stalls, not the server's.
      maxSendLagMs: Math.max(...alone.concat(loaded).map((x) => x.maxSendLagMs)),
      // The scheduling policy the timing client ran at, and why it is not real-time if it is not.
      timingClient: timingClient.refused ? `${timingClient.policy} (real-time refused: ${timingClient.refused})` : timingClient.policy,
      // The server's event loop (its main thread), as it ran: the bench does not change it.
      serverEventLoop: server?.pid ? schedulingPolicy(server.pid) : null,
      trials: { alone, loaded },
    },
    loginUnderOverload: goodput === null ? null : {
      offeredPerSecond: median(overloaded.map((o) => o.offeredPerSecond)),
      // Figure 1's login ok/s (median), whose trials the overload trials followed one by one.
      capacityPerSecond: round(capacity),
      loginOkPerSecond: round(goodput),
      // Each trial against the capacity of the trial it followed (other work on the machine moves both
      // between trials, so the ratio of the two medians would pair trials minutes apart), then the median.
      ratio: round(median(overloaded.map((o) => o.okPerSecond / o.capacityPerSecond))),
      target: '>= 0.8',
      // Every counted answer of every trial by status (429: refused, the hashers full), and what the client waited.
      statuses: sum(overloaded.map((o) => o.statuses)),
      refusalP50Ms: round(median(overloaded.map((o) => quantile(o.refusedLatenciesMs, 0.5)))),
      refusalP99Ms: round(median(overloaded.map((o) => quantile(o.refusedLatenciesMs, 0.99)))),
      okP50Ms: round(median(overloaded.map((o) => quantile(o.latenciesMs, 0.5)))),
      okP99Ms: round(median(overloaded.map((o) => quantile(o.latenciesMs, 0.99)))),
      // Not a target: the server process's CPU time per second of the run (two cores: at most 2000).
      serverCpuMsPerSecond: overloaded.map((o) => o.serverCpuMsPerSecond),
      // Not a target: CPU outside the hashing (the server's other threads and its PostgreSQL backends) per
      // successful login in figure 1, and per refusal here; null where it cannot be read (BENCH_URL).
      cpuBesidesHashingMs: { perLogin: knownCpu(loginCpu), perRefusal: knownCpu(overloaded.map((o) => o.refusalCpuMs)) },
      maxSendLagMs: round(Math.max(...overloaded.map((o) => o.maxSendLagMs))),
      trials: overloaded.map((o, i) => ({
        offeredPerSecond: o.offeredPerSecond,
        capacityPerSecond: round(o.capacityPerSecond),
        okPerSecond: round(o.okPerSecond),
        ratio: round(o.okPerSecond / o.capacityPerSecond),
        statuses: o.statuses,
        cpuBesidesHashingMs: { perLogin: loginCpu[i], perRefusal: o.refusalCpuMs },
      })),
    },
    exam,
    queue,
  };
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = figures.at.replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(
    join(dir, 'latest.md'),
    [
      `# Bench ${figures.at}`,
      '',
      `${cores} cores, ${figures.machine.cpu}, Node ${process.version}, ${DURATION}s per run, median of ${REPEAT} trials, server on ${database}; 1-minute load ${figures.load.atStart} before, ${figures.load.atEnd} after.`,
      '',
      '| figure | measured | baseline | ratio | target |',
      '| --- | --- | --- | --- | --- |',
      ...(figures.login ? [`| login ok/s vs raw argon2id verifications/s | ${figures.login.loginOkPerSecond} | ${figures.login.rawArgon2VerificationsPerSecond} | ${figures.login.ratio} | ≥ 0.85 |`] : []),
      ...(figures.read ? [`| ${readPath} req/s vs bare ${barePath} | ${figures.read.readRequestsPerSecond} | ${figures.read.bareRequestsPerSecond} | ${figures.read.ratio} | ≥ 0.9 |`] : []),
      ...(figures.readP99UnderLogin
        ? [`| ${readPath} p99 at ${readRate} req/s with login saturated vs alone (ms) | ${figures.readP99UnderLogin.p99WhileLoginSaturatedMs} | ${figures.readP99UnderLogin.p99AloneMs} | ${figures.readP99UnderLogin.ratio} | ≤ 2 |`]
        : []),
      ...(figures.loginUnderOverload
        ? [`| login ok/s with ${figures.loginUnderOverload.offeredPerSecond}/s offered (${OVERLOAD}× capacity) vs capacity (figure 1's login ok/s; the ratio is the median of each trial's against the capacity trial before it) | ${figures.loginUnderOverload.loginOkPerSecond} | ${figures.loginUnderOverload.capacityPerSecond} | ${figures.loginUnderOverload.ratio} | ≥ 0.8 |`]
        : []),
      ...(exam?.submit
        ? [
            `| 提交报名 (POST /api/enrollments) ok/s at their peak vs pgbench tpcb-like tps (${exam.submit.pgbenchClients} clients, scale ${exam.submit.pgbenchScale}) | ${exam.submit.okPerSecond} | ${exam.submit.pgbenchTps} | ${exam.submit.ratio} | ≥ 1.0 |`,
            `| 提交报名 p99 at an even ${exam.submit.pacedRate}/s (ms; ok/s reached) | ${Number.isFinite(exam.submit.pacedP99Ms) ? exam.submit.pacedP99Ms : 'none: over 1 % not answered 2xx'} (${exam.submit.pacedOkPerSecond}/s) | — | — | ≤ 250 ms |`,
          ]
        : []),
      ...(exam?.provinces
        ? [
            `| 省份选择 (GET /api/exams/:id/provinces) req/s vs bare /api/health | ${exam.provinces.requestsPerSecond} | ${exam.provinces.bareRequestsPerSecond} | ${exam.provinces.ratio} | ≥ 10,000 req/s |`,
            `| 省份选择 p99 at an even ${exam.provinces.pacedRate}/s (ms) | ${exam.provinces.pacedP99Ms} | — | — | ≤ 40 ms |`,
          ]
        : []),
      ...(queue?.overload
        ? [
            `| 提交报名 goodput (201/s) with ${queue.overload.offeredPerSecond}/s new candidates offered for ${queue.overload.seconds} s (3× the peak alone; admission rate ${queue.admissionsPerSecond}/s) vs the peak alone (${queue.connections} connections, gate open) | ${round(queue.overload.goodput)} | ${round(queue.peakAlone)} | ${round(queue.overload.goodput / queue.peakAlone)} | ≥ 0.8, no 5xx, every refusal 429/503 with Retry-After or a position |`,
          ]
        : []),
      '',
      ...(exam?.note ? [exam.note, ''] : []),
      ...(queue?.note ? [queue.note, ''] : []),
      ...(queue?.overload
        ? [
            `Figure 7's answers: ${Object.entries(queue.overload.statuses).map(([k, v]) => `${v} × ${k}`).join(', ')}; refusals without Retry-After ${queue.overload.refusalsWithoutRetry}, of the 429s ${queue.overload.busy} without a place yet (admission/busy); unanswered within 10 s ${queue.overload.timeouts}; candidates admitted ${queue.overload.admitted}, still queued at the end ${queue.overload.waiting}; first try to 201 p50/p99 ${queue.overload.timeToAdmitMs.p50}/${queue.overload.timeToAdmitMs.p99} ms; the longest queue position ${queue.overload.maxPosition}.`,
            '',
            ...(queue.cpu?.alone && queue.cpu.overload
              ? [
                  `Where the two CPUs went (in CPUs; information, not part of the figure): alone, the server ${queue.cpu.alone.server}, the bench's client ${queue.cpu.alone.client}, PostgreSQL ${queue.cpu.alone.postgres}, idle ${queue.cpu.alone.idle} (the server's ${queue.cpu.serverPerSubmitAloneMs} ms a submit); under the overload, the server ${queue.cpu.overload.server}, the client ${queue.cpu.overload.client}, PostgreSQL ${queue.cpu.overload.postgres}, idle ${queue.cpu.overload.idle} (the server's ${queue.cpu.serverPerAnswerOverloadMs} ms an answer).`,
                  '',
                ]
              : []),
          ]
        : []),
      ...(figures.readP99UnderLogin
        ? [
            `The read p99 is of requests sent at an even pace, one every ${round(1000 / readRate)} ms (bench/paced.ts), each timed from its sending to its answer's last byte; the slowest answer under login load took ${figures.readP99UnderLogin.maxWhileLoginSaturatedMs} ms, and the timing client (${figures.readP99UnderLogin.timingClient}) was at most ${figures.readP99UnderLogin.maxSendLagMs} ms late on its schedule; the server's event loop ran at ${figures.readP99UnderLogin.serverEventLoop ?? 'a policy not known here'}.`,
            '',
          ]
        : []),
      ...(figures.loginUnderOverload
        ? [
            `Under ${OVERLOAD}× load the answers were ${Object.entries(figures.loginUnderOverload.statuses).map(([k, v]) => `${v} × ${k}`).join(', ')}; a refusal took ${figures.loginUnderOverload.refusalP50Ms} ms (p50) / ${figures.loginUnderOverload.refusalP99Ms} ms (p99) to come back, a successful login ${figures.loginUnderOverload.okP50Ms} / ${figures.loginUnderOverload.okP99Ms} ms.${figures.loginUnderOverload.cpuBesidesHashingMs.perRefusal === null ? '' : ` Besides the hashing, the server and its database spent ${figures.loginUnderOverload.cpuBesidesHashingMs.perRefusal} ms of CPU on a refusal and ${figures.loginUnderOverload.cpuBesidesHashingMs.perLogin} ms on a successful login (figure 1's trials).`}`,
            '',
          ]
        : []),
      ...(readCpuUs !== null && bareCpuUs !== null
        ? [`Server CPU per request (not a target; the rest of each request's cost is the load generator's, on the same cores): ${readPath} ${readCpuUs} µs, ${barePath} ${bareCpuUs} µs.`, '']
        : []),
    ].join('\n'),
  );
  console.log(JSON.stringify(figures, null, 2));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Candidates made for each second of a closed-loop submit run: more than the peak can take (a run that uses them up
 * fails). Since the group commit (decision 0027) the peak passed 1,000/s, the figure 7 fixture's earlier stock.
 */
const PEAK_CANDIDATES_PER_SECOND = 3_000;

/**
 * Figure 7's client sockets. Each person's browser has connections of its own, so a request must never wait in
 * the bench's client for a free socket: such a wait is the client's queue, not the server's, and counted as a
 * request unanswered. With 256, enough while the peak was 450/s, the admitted requests waiting in the node's line
 * (up to 4 × ENROLLMENT_MAX_IN_FLIGHT for up to 3 s) held most sockets once the peak passed 1,000/s, and the
 * refusals queued behind them in the client while the server's main thread was idle (session 19).
 */
const OVERLOAD_CONNECTIONS = 2_048;

/** Figure 5's even pace, and its connections (enough that a submit never waits for a free one). */
const SUBMIT_RATE = 1_500;
/** pgbench's clients and scale (scale ≥ clients, so that its branches rows are not its bottleneck). */
const PGBENCH_CLIENTS = 16;
const PGBENCH_SCALE = 16;

/**
 * Figures 5 and 6 (enrollment.ts). Each trial of figure 5 takes pgbench's tpcb-like peak, then the
 * submits' peak, one after the other; after the trials, the paced runs at SUBMIT_RATE. Figure 6 runs the
 * province list against the bare route, then paced at half of 10,000/s.
 */
async function examFigures(database: BenchDatabase) {
  if (!database.url) return { submit: null, provinces: null, note: `Figures 5 and 6 need PostgreSQL (the database here: ${database.label}).` };
  const fixture: EnrollmentFixture = await enrollmentFixture(database.url, 2027);
  try {
    let submit = null;
    if (FIGURES.has('5')) {
      const pgb = await pgbenchDatabase(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', PGBENCH_SCALE);
      try {
        const connections = 32;
        // Warm-up, not counted (JIT, pools), for both.
        pgbenchTps(pgb.url, PGBENCH_CLIENTS, WARMUP_SECONDS);
        await submitPeak(base, fixture, await fixture.candidates(PEAK_CANDIDATES_PER_SECOND * WARMUP_SECONDS), connections, WARMUP_SECONDS, clientAddress);
        const tps: number[] = [];
        const ok: number[] = [];
        const non2xx: number[] = [];
        let last = 2_000;
        for (let t = 1; t <= REPEAT; t++) {
          tps.push(pgbenchTps(pgb.url, PGBENCH_CLIENTS, DURATION));
          const r = await submitPeak(base, fixture, await fixture.candidates(Math.ceil(last * 1.5 * DURATION) + 1_000), connections, DURATION, clientAddress);
          ok.push(okPerSecond(r));
          non2xx.push(r.non2xx);
          last = ok.at(-1)!;
          console.log(`trial ${t}: pgbench tpcb-like ${round(tps.at(-1)!)} tps; 提交报名 ok ${round(last)}/s (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
        }
        const pacedRuns: PacedResult[] = [];
        for (let t = 1; t <= REPEAT; t++) {
          const candidates = await fixture.candidates(SUBMIT_RATE * (DURATION + 1));
          const addresses = candidates.map(() => clientAddress());
          await settle();
          const r = await paced(`${base}/api/enrollments`, {
            rate: SUBMIT_RATE,
            seconds: DURATION,
            warmupSeconds: 1,
            connections: 256,
            body: (i) => fixture.body(candidates[i]!),
            headersFor: (i) => ({ cookie: candidates[i]!.cookie, ...addresses[i] }),
          });
          pacedRuns.push(r);
          console.log(`trial ${t}: 提交报名 at ${SUBMIT_RATE}/s: ok ${round(r.latenciesMs.length / DURATION)}/s, p50/p99 ${round(quantile(r.latenciesMs, 0.5))}/${round(quantile(r.latenciesMs, 0.99))} ms, answers ${JSON.stringify(r.statuses)}`);
        }
        // Over every counted request, a failed one as slower than any answer: with more than 1 % failed, no p99 was met.
        const p99 = (r: PacedResult) => (r.failed > 0.01 * (r.failed + r.latenciesMs.length) ? Infinity : quantile(r.latenciesMs, 0.99));
        submit = {
          okPerSecond: round(median(ok)),
          pgbenchTps: round(median(tps)),
          pgbenchClients: PGBENCH_CLIENTS,
          pgbenchScale: PGBENCH_SCALE,
          connections,
          ratio: round(median(ok) / median(tps)),
          target: '>= 1.0',
          non2xx: non2xx.reduce((a, b) => a + b, 0),
          pacedRate: SUBMIT_RATE,
          pacedP99Ms: round(median(pacedRuns.map(p99))),
          pacedOkPerSecond: round(median(pacedRuns.map((r) => r.latenciesMs.length / DURATION))),
          pacedTarget: '<= 250 ms',
          trials: { pgbenchTps: tps.map(round), ok: ok.map(round), paced: pacedRuns.map((r) => ({ p50Ms: round(quantile(r.latenciesMs, 0.5)), p99Ms: round(quantile(r.latenciesMs, 0.99)), statuses: r.statuses, maxSendLagMs: round(r.maxSendLagMs) })) },
        };
      } finally {
        await pgb.drop();
      }
    }
    let provinces = null;
    if (FIGURES.has('6')) {
      const path = `/api/exams/${fixture.examId}/provinces`;
      await cannon({ url: `${base}${path}`, connections: 20, duration: WARMUP_SECONDS, headers: BROWSER_HEADERS });
      const list: number[] = [];
      const bare: number[] = [];
      for (let t = 1; t <= REPEAT; t++) {
        bare.push((await cannon({ url: `${base}/api/health`, connections: 20, duration: DURATION, headers: BROWSER_HEADERS })).requests.average);
        list.push((await cannon({ url: `${base}${path}`, connections: 20, duration: DURATION, headers: BROWSER_HEADERS })).requests.average);
        console.log(`trial ${t}: 省份选择 ${list.at(-1)} req/s; bare /api/health ${bare.at(-1)} req/s`);
      }
      const rate = 5_000;
      const runs: Awaited<ReturnType<typeof fixedRate>>[] = [];
      for (let t = 1; t <= REPEAT; t++) {
        runs.push(await fixedRate(`${base}${path}`, 32, rate, DURATION));
        console.log(`trial ${t}: 省份选择 at ${rate}/s: p50/p99 ${runs.at(-1)!.p50Ms}/${runs.at(-1)!.p99Ms} ms (failed ${runs.at(-1)!.failed}, client late by at most ${runs.at(-1)!.maxSendLagMs} ms)`);
      }
      provinces = {
        path,
        requestsPerSecond: median(list),
        bareRequestsPerSecond: median(bare),
        ratio: round(median(list) / median(bare)),
        target: '>= 10,000 req/s',
        pacedRate: rate,
        pacedP99Ms: median(runs.map((r) => r.p99Ms)),
        pacedTarget: '<= 40 ms',
        trials: { list, bare, paced: runs },
      };
    }
    return { submit, provinces, note: null as string | null };
  } finally {
    await fixture.close();
  }
}

/** Figure 7's length (issue 22 asks for 60 s) and its offered load in multiples of the peak alone. */
const QUEUE_SECONDS = Number(process.env.BENCH_QUEUE_SECONDS ?? 60);
const QUEUE_OVERLOAD = 3;
/** The admission rate as a share of the peak alone, as an operator sets it from this figure (BENCH_ADMISSION_SHARE). */
const ADMISSION_SHARE = Number(process.env.BENCH_ADMISSION_SHARE ?? 0.85);

/**
 * Figure 7 (issue 22, the peak): the submit's peak alone (a closed loop of 32 connections, the gate open, as
 * figure 5), then the server started again with ENROLLMENT_ADMISSIONS_PER_SECOND at 0.85 of that peak (BENCH_ADMISSION_SHARE;
 * 0.5 in sessions 20 and 21, as at 0.9 requests then went unanswered; or
 * BENCH_ADMISSIONS_PER_SECOND), as an operator configures it from this figure, and new candidates offered at 3×
 * the peak for QUEUE_SECONDS, each asking again after its Retry-After until admitted (enrollment.ts).
 */
async function queueFigure(database: BenchDatabase): Promise<{ peakAlone: number; admissionsPerSecond: number; connections: number; overload: QueuedOverload | null; cpu?: { alone: CpuShares | null; overload: CpuShares | null; serverPerSubmitAloneMs: number | null; serverPerAnswerOverloadMs: number | null }; note: string | null }> {
  if (!database.url || process.env.BENCH_URL) return { peakAlone: 0, admissionsPerSecond: 0, connections: 0, overload: null, note: 'Figure 7 needs PostgreSQL and the bench\'s own server (it starts it again with the admission rate).' };
  const fixture = await enrollmentFixture(database.url, 2028);
  try {
    const connections = 32;
    await submitPeak(base, fixture, await fixture.candidates(PEAK_CANDIDATES_PER_SECOND * WARMUP_SECONDS), connections, WARMUP_SECONDS, clientAddress);
    const aloneCandidates = await fixture.candidates(PEAK_CANDIDATES_PER_SECOND * DURATION);
    const aloneCpu = cpuShares();
    const alone = await submitPeak(base, fixture, aloneCandidates, connections, DURATION, clientAddress);
    const aloneCpus = cpuSince(aloneCpu);
    const peakAlone = okPerSecond(alone);
    const admissionsPerSecond = Number(process.env.BENCH_ADMISSIONS_PER_SECOND) || Math.max(1, Math.floor(ADMISSION_SHARE * peakAlone));
    console.log(`figure 7: 提交报名 peak alone ${round(peakAlone)}/s (non-2xx ${alone.non2xx}); the server again with ENROLLMENT_ADMISSIONS_PER_SECOND=${admissionsPerSecond}`);
    await stopServer();
    await startServer(database, { ENROLLMENT_ADMISSIONS_PER_SECOND: String(admissionsPerSecond) });
    const offered = Math.round(QUEUE_OVERLOAD * peakAlone);
    // Warm-up under the admission rate (no one queued: a queue left by it would stand before the measured run).
    await queuedOverload(base, fixture, await fixture.candidates(Math.ceil(admissionsPerSecond * 0.5 * WARMUP_SECONDS) + 10), { rate: admissionsPerSecond * 0.5, seconds: WARMUP_SECONDS, connections: OVERLOAD_CONNECTIONS, address: clientAddress });
    await settle();
    const overloadCandidates = await fixture.candidates(offered * QUEUE_SECONDS + 10);
    const overloadCpu = cpuShares();
    const overload = await queuedOverload(base, fixture, overloadCandidates, { rate: offered, seconds: QUEUE_SECONDS, connections: OVERLOAD_CONNECTIONS, address: clientAddress });
    const overloadCpus = cpuSince(overloadCpu);
    const answers = Object.values(overload.statuses).reduce((a, b) => a + b, 0);
    // Information, not part of the figure (Linux, the bench's own server): where the two CPUs went, alone and under the
    // overload, and the server's CPU (all its threads) per submit alone and per answer under the overload.
    const cpu = {
      alone: aloneCpus,
      overload: overloadCpus,
      serverPerSubmitAloneMs: aloneCpus === null || !peakAlone ? null : round((aloneCpus.server * 1000) / peakAlone),
      serverPerAnswerOverloadMs: overloadCpus === null || !answers ? null : round((overloadCpus.server * overloadCpus.seconds * 1000) / answers),
    };
    console.log(`figure 7: CPUs used alone ${JSON.stringify(aloneCpus)}, under the overload ${JSON.stringify(overloadCpus)}; the server's CPU per submit alone ${cpu.serverPerSubmitAloneMs} ms, per answer under the overload ${cpu.serverPerAnswerOverloadMs} ms`);
    console.log(`figure 7: ${offered}/s offered for ${QUEUE_SECONDS} s: goodput ${round(overload.goodput)}/s = ${round(overload.goodput / peakAlone)} of the peak alone; answers ${JSON.stringify(overload.statuses)}; refusals without Retry-After ${overload.refusalsWithoutRetry}`);
    return { peakAlone, admissionsPerSecond, connections, overload, cpu, note: null };
  } finally {
    await fixture.close();
  }
}

let dropDatabase: (() => Promise<void>) | undefined;

const METRICS_TOKEN = `bench-${process.pid}-${Date.now()}-metrics`;

/** What Prometheus would have read from the server at the end of the run: latencies per route, hashers, pool. */
async function saveMetrics(): Promise<void> {
  if (!server) return;
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) return;
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'latest.metrics.txt'), await res.text());
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await monitor?.end().catch(() => {});
    await saveMetrics().catch((err) => console.warn('could not scrape /metrics:', err));
    await stopServer();
    await dropDatabase?.();
    pinning?.restore();
  });
