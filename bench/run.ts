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
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
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
  const dataDir = mkdtempSync(join(tmpdir(), 'ausm-bench-'));
  server = spawn('npx', ['tsx', 'apps/server/src/main.ts'], {
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
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
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

async function main() {
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
  const bare = await cannon({ url: `${base}${barePath}`, connections: 20, duration: DURATION });
  const read = await cannon({ url: `${base}${readPath}`, connections: 20, duration: DURATION });
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
      `${cores} cores, ${figures.machine.cpu}, Node ${process.version}, ${DURATION}s per run, server on ${database}.`,
      '',
      '| figure | measured | baseline | ratio | target |',
      '| --- | --- | --- | --- | --- |',
      `| login ok/s vs raw argon2id verifications/s | ${figures.login.loginOkPerSecond} | ${figures.login.rawArgon2VerificationsPerSecond} | ${figures.login.ratio} | ≥ 0.85 |`,
      `| ${readPath} req/s vs bare ${barePath} | ${figures.read.readRequestsPerSecond} | ${figures.read.bareRequestsPerSecond} | ${figures.read.ratio} | ≥ 0.9 |`,
      `| ${readPath} p99 with login saturated vs alone (ms) | ${figures.readP99UnderLogin.p99WhileLoginSaturatedMs} | ${figures.readP99UnderLogin.p99AloneMs} | ${figures.readP99UnderLogin.ratio} | ≤ 2 |`,
      '',
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
  .finally(() => server?.kill('SIGTERM'));
