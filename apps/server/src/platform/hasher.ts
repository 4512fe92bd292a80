import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from './errors';

// OWASP password storage cheat sheet: argon2id (algorithm 2), m=19456 KiB, t=2, p=1.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Niceness of the hashing threads: the event loop (nice 0) always runs first. */
const HASH_THREAD_NICE = 10;

// Each worker runs the synchronous argon2 binding on its own thread, after lowering that thread's
// scheduling priority. Written as CommonJS source so it runs the same under tsx and compiled JS.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');
try {
  // On Linux setpriority() on a thread id renices that thread alone.
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  setPriority(tid, workerData.nice);
} catch {}
const argon2 = require(workerData.argon2Path);
parentPort.on('message', ({ id, op, a, b, options }) => {
  try {
    const result = op === 'hash' ? argon2.hashSync(a, options) : argon2.verifySync(a, b, options);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

type Job = { id: number; resolve: (v: unknown) => void; reject: (e: Error) => void };

/** One worker thread doing one hash at a time. */
class HashThread {
  private readonly worker: Worker;
  private pending: Job | null = null;

  constructor(argon2Path: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { nice: HASH_THREAD_NICE, argon2Path } });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const job = this.pending;
      this.pending = null;
      if (!job) return;
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.result);
    });
    this.worker.on('error', (err) => {
      this.pending?.reject(err);
      this.pending = null;
    });
  }

  run<T>(op: 'hash' | 'verify', a: string, b?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { id: 0, resolve: resolve as (v: unknown) => void, reject };
      this.worker.postMessage({ id: 0, op, a, b, options: ARGON2_OPTIONS });
    });
  }

  terminate() {
    return this.worker.terminate();
  }
}

/**
 * Hashing is the platform's most expensive step. At most `concurrency` hashes run at once (as many
 * as cores), each on a worker thread of lower scheduling priority, so pages that do not hash keep
 * their latency while logins use whatever CPU is left. A short queue absorbs bursts; past it,
 * callers get 429 with Retry-After instead of every other page slowing down behind the hashes.
 */
export class PasswordHasher {
  private readonly idle: HashThread[];
  private readonly all: HashThread[];
  private readonly queue: Array<(t: HashThread) => void> = [];
  /** A hash of a random password, verified against when the account does not exist (equal timing). */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly concurrency: number,
    private readonly queueMax: number,
  ) {
    const argon2Path = createRequire(import.meta.url).resolve('@node-rs/argon2');
    this.all = Array.from({ length: concurrency }, () => new HashThread(argon2Path));
    this.idle = [...this.all];
  }

  hash(password: string): Promise<string> {
    return this.run((t) => t.run<string>('hash', password));
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    // A malformed stored hash is a failed verification, never a 500.
    return this.run((t) => t.run<boolean>('verify', passwordHash, password).catch(() => false));
  }

  /** Spends the same time as a real verification, for unknown identifiers. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(`dummy-${Math.random()}`);
    await this.verify(await this.dummyHash, password);
    return false;
  }

  stats() {
    return { running: this.concurrency - this.idle.length, queued: this.queue.length };
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((t) => t.terminate()));
  }

  private async run<T>(task: (t: HashThread) => Promise<T>): Promise<T> {
    let thread = this.idle.pop();
    if (!thread) {
      if (this.queue.length >= this.queueMax) {
        throw new AppError(429, 'auth/busy', '当前登录人数较多，请稍后重试', { headers: { 'retry-after': '1' } });
      }
      thread = await new Promise<HashThread>((resolve) => this.queue.push(resolve));
    }
    try {
      return await task(thread);
    } finally {
      const next = this.queue.shift();
      // Hand the thread straight to the next waiter; otherwise it goes back to idle.
      if (next) next(thread);
      else this.idle.push(thread);
    }
  }
}
