/**
 * `npm run bench`: load figures for the account foundation, each as a ratio against a baseline
 * taken in the same run on the same machine. Starts its own server (sandbox mode, fresh PGlite)
 * unless BENCH_URL points at a running one. Writes bench/results/<stamp>.json and latest.md.
 *
 * 1. login requests/s  vs  raw argon2id verifications/s of this machine   (target >= 0.85)
 * 2. a read endpoint   vs  a bare Fastify route of the same server         (target >= 0.9)
 * 3. the read endpoint's p99 while login is saturated  vs  its p99 alone   (target <= 2x)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { mainlandIdCheckChar } from '@ausm/domain';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
// The same parameters as the platform's hasher (argon2id = 2; an ambient const enum).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const PASSWORD = 'Bench@2025';

let server: ChildProcess | null = null;
const base = process.env.BENCH_URL ?? `http://127.0.0.1:${PORT}`;

async function startServer(): Promise<void> {
  if (process.env.BENCH_URL) return;
  // A server left on the port (an earlier run that did not stop it) would answer the health check
  // below, and the bench would measure it instead of the code on disk.
  if (await fetch(`${base}/api/health`).then(() => true, () => false)) throw new Error(`something already listens on ${base}: stop it or set BENCH_PORT`);
  const dataDir = mkdtempSync(join(tmpdir(), 'ausm-bench-'));
  // Node itself with tsx's loader (not `npx tsx`, whose wrappers did not pass SIGTERM on and left the
  // server running after the bench): the signal reaches main.ts, which closes the app.
  server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUSM_MODE: 'sandbox',
      WEB_DIST: '/nonexistent',
      // BENCH_DATABASE_URL runs the server on a PostgreSQL server, as in production.
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
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

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

/** A valid mainland ID, so the bench account is a real registration. */
function benchIdNumber(): string {
  const first17 = `11010519900307${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return first17 + mainlandIdCheckChar(first17);
}

async function registerBenchAccount(): Promise<string> {
  const mobile = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await json('/api/sms-codes', { method: 'POST', body: JSON.stringify({ mobile, purpose: 'register' }) });
  const [msg] = await json(`/api/sandbox/sms?mobile=${mobile}`);
  await json('/api/accounts', {
    method: 'POST',
    body: JSON.stringify({ idType: 'mainland_id', idNumber: benchIdNumber(), realName: '压测', password: PASSWORD, confirmPassword: PASSWORD, mobile, smsCode: msg.code }),
  });
  return mobile;
}

/** Captchas are single use: solve a stock of them through the sandbox before the run. */
async function solvedCaptchas(n: number): Promise<Array<{ captchaId: string; captchaAnswer: string }>> {
  const out: Array<{ captchaId: string; captchaAnswer: string }> = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async () => {
        const { id } = await json('/api/captcha');
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
// USER_HZ: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;
const perRequestUs = (from: number | null, to: number | null, requests: number) =>
  from === null || to === null || requests === 0 ? null : Math.round(((to - from) * 1000) / requests);

type Result = autocannon.Result;
const cannon = (opts: autocannon.Options): Promise<Result> =>
  new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });

function loginLoad(mobile: string, captchas: Array<{ captchaId: string; captchaAnswer: string }>, connections: number, seconds: number) {
  let i = 0;
  return cannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/session',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const c = captchas[i++ % captchas.length]!;
          return { ...req, body: JSON.stringify({ identifier: mobile, password: PASSWORD, ...c }) };
        },
      },
    ],
  });
}

const okPerSecond = (r: Result) => r['2xx'] / (r.duration || DURATION);

/** The machine's 1-minute load average: other work on the machine skews every figure. */
const load1 = () => Math.round(loadavg()[0]! * 100) / 100;

async function main() {
  const loadAtStart = load1();
  await startServer();
  const cores = availableParallelism();
  const database = process.env.BENCH_URL ? 'as running' : process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`bench: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${DURATION}s per run, server ${base} on ${database}`);

  const mobile = await registerBenchAccount();
  const rawRate = await rawArgon2PerSecond(DURATION);
  console.log(`raw argon2id verifications/s: ${rawRate.toFixed(1)}`);

  // Enough single-use captchas for every login attempt of two runs.
  const captchas = await solvedCaptchas(Math.ceil(rawRate * DURATION * 2.5) + 200);

  const login = await loginLoad(mobile, captchas, cores * 2, DURATION);
  const loginRate = okPerSecond(login);
  console.log(`login ok/s: ${loginRate.toFixed(1)} (non-2xx ${login.non2xx})`);

  const readPath = '/api/help/faqs';
  const barePath = '/api/health';
  // The ratio is end to end: autocannon shares the cores and reads every body, so it also counts
  // the client's work for the larger answer. The server's own CPU per request shows which side pays.
  let cpu = serverCpuMs();
  const bare = await cannon({ url: `${base}${barePath}`, connections: 20, duration: DURATION });
  const bareCpuUs = perRequestUs(cpu, serverCpuMs(), bare.requests.total);
  cpu = serverCpuMs();
  const read = await cannon({ url: `${base}${readPath}`, connections: 20, duration: DURATION });
  const readCpuUs = perRequestUs(cpu, serverCpuMs(), read.requests.total);
  console.log(`bare ${barePath}: ${bare.requests.average} req/s; read ${readPath}: ${read.requests.average} req/s`);

  // p99 of the read endpoint at a moderate, fixed rate: alone, then beside a saturating login load.
  const readRate = 200;
  const aloneRun = await cannon({ url: `${base}${readPath}`, connections: 4, overallRate: readRate, duration: DURATION });
  const [underLoad] = await Promise.all([
    cannon({ url: `${base}${readPath}`, connections: 4, overallRate: readRate, duration: DURATION }),
    loginLoad(mobile, captchas.slice(Math.ceil(captchas.length / 2)), cores * 4, DURATION),
  ]);
  console.log(`read p99 alone: ${aloneRun.latency.p99} ms; while login saturated: ${underLoad.latency.p99} ms`);

  const figures = {
    at: new Date().toISOString(),
    machine: { cores, cpu: cpus()[0]?.model ?? null, node: process.version },
    // 1-minute load average before the server started and after the last run (the bench itself adds ~2).
    load: { atStart: loadAtStart, atEnd: load1() },
    database,
    durationSeconds: DURATION,
    login: {
      rawArgon2VerificationsPerSecond: round(rawRate),
      loginOkPerSecond: round(loginRate),
      non2xx: login.non2xx,
      ratio: round(loginRate / rawRate),
      target: '>= 0.85',
    },
    read: {
      endpoint: readPath,
      baseline: barePath,
      readRequestsPerSecond: read.requests.average,
      bareRequestsPerSecond: bare.requests.average,
      ratio: round(read.requests.average / bare.requests.average),
      target: '>= 0.9',
      // Not a target: CPU time of the server process per request (null with BENCH_URL).
      serverCpuMicrosPerRequest: { read: readCpuUs, bare: bareCpuUs },
    },
    readP99UnderLogin: {
      endpoint: readPath,
      rate: readRate,
      p99AloneMs: aloneRun.latency.p99,
      p99WhileLoginSaturatedMs: underLoad.latency.p99,
      ratio: round(underLoad.latency.p99 / Math.max(aloneRun.latency.p99, 1)),
      target: '<= 2',
    },
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
      `${cores} cores, ${figures.machine.cpu}, Node ${process.version}, ${DURATION}s per run, server on ${database}; 1-minute load ${figures.load.atStart} before, ${figures.load.atEnd} after.`,
      '',
      '| figure | measured | baseline | ratio | target |',
      '| --- | --- | --- | --- | --- |',
      `| login ok/s vs raw argon2id verifications/s | ${figures.login.loginOkPerSecond} | ${figures.login.rawArgon2VerificationsPerSecond} | ${figures.login.ratio} | ≥ 0.85 |`,
      `| ${readPath} req/s vs bare ${barePath} | ${figures.read.readRequestsPerSecond} | ${figures.read.bareRequestsPerSecond} | ${figures.read.ratio} | ≥ 0.9 |`,
      `| ${readPath} p99 with login saturated vs alone (ms) | ${figures.readP99UnderLogin.p99WhileLoginSaturatedMs} | ${figures.readP99UnderLogin.p99AloneMs} | ${figures.readP99UnderLogin.ratio} | ≤ 2 |`,
      '',
      ...(readCpuUs !== null && bareCpuUs !== null
        ? [`Server CPU per request (not a target; the rest of each request's cost is the load generator's, on the same cores): ${readPath} ${readCpuUs} µs, ${barePath} ${bareCpuUs} µs.`, '']
        : []),
    ].join('\n'),
  );
  console.log(JSON.stringify(figures, null, 2));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(stopServer);
