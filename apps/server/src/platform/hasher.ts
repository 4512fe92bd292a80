import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from './errors';

// OWASP password storage cheat sheet: argon2id (algorithm 2), m=19456 KiB, t=2, p=1.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Niceness of the hashing threads: the event loop (nice 0, or SCHED_FIFO 1 where permitted: realtime.ts)
 * runs first. Not SCHED_IDLE, though it lowers the read p99 under login load (bench/README.md, session
 * 6): when other work keeps every core busy, a SCHED_IDLE hash took 2-17 s where a nice-10 one took
 * 0.15-0.3 s. Logins must slow down, not stop.
 */
const HASH_THREAD_NICE = 10;

// Each worker runs the synchronous argon2 binding on its own thread, after lowering that thread's
// scheduling priority. Written as CommonJS source so it runs the same under tsx and compiled JS.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');
try {
  // On Linux setpriority() on a thread id renices that thread alone (and /proc/thread-self names it).
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (!Number.isInteger(tid) || tid <= 0) throw new Error('no thread id');
  setPriority(tid, workerData.nice);
} catch (err) {
  parentPort.postMessage({ priorityError: String((err && err.message) || err) });
}
const argon2 = require(workerData.argon2Path);
const options = workerData.options;
// A job is [id, op, a, b] and its answer [id, result] (or an error object): every login sends one each way,
// and a flat array is cloned across the threads for less than an object that carries the options again.
parentPort.on('message', ([id, op, a, b]) => {
  try {
    parentPort.postMessage([id, op === 'hash' ? argon2.hashSync(a, options) : argon2.verifySync(a, b, options)]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

/** argon2 itself refused the input (a malformed stored hash): a failed verification, not an outage. */
class Argon2InputError extends Error {}

/** The hashing thread died under a request: the person is asked to retry, never shown a 500. */
const hasherFailed = () => new AppError(503, 'auth/hasher_failed', '登录服务暂时繁忙，请稍后重试', { headers: { 'retry-after': '1' } });
/** The queue is full, or a place in it did not come up in time: retry in a second. */
export const HASHER_BUSY = { status: 429, code: 'auth/busy', message: '当前登录人数较多，请稍后重试', headers: { 'retry-after': '1' } } as const;
const hasherBusy = () => new AppError(HASHER_BUSY.status, HASHER_BUSY.code, HASHER_BUSY.message, { headers: { ...HASHER_BUSY.headers } });

let priorityWarned = false;
/** Hashing still works at normal priority; say so once per process, not once per thread. */
function warnPriorityOnce(reason: string) {
  if (priorityWarned) return;
  priorityWarned = true;
  process.emitWarning(`password hashing threads run at normal priority (${reason}); pages may slow down while logins peak`, { code: 'AUSM_HASH_PRIORITY' });
}

type Job = { id: number; resolve: (v: unknown) => void; reject: (e: Error) => void };

/** One worker thread doing one hash at a time. */
class HashThread {
  private readonly worker: Worker;
  private pending: Job | null = null;
  private nextId = 1;
  /** False once the worker has exited, whether it crashed or was closed. */
  alive = true;
  private closing = false;

  constructor(argon2Path: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { nice: HASH_THREAD_NICE, argon2Path, options: ARGON2_OPTIONS } });
    // Idle hashers must not keep a process (or a test runner) alive.
    this.worker.unref();
    this.worker.on('message', (m: [id: number, result: unknown] | { id: number; error: string } | { priorityError: string }) => {
      if ('priorityError' in m) return warnPriorityOnce(m.priorityError);
      const job = this.pending;
      const id = Array.isArray(m) ? m[0] : m.id;
      if (!job || job.id !== id) return;
      this.pending = null;
      if (Array.isArray(m)) job.resolve(m[1]);
      else job.reject(new Argon2InputError(m.error));
    });
    // 'error' (an uncaught exception in the worker) is always followed by 'exit'.
    this.worker.on('error', () => {});
    this.worker.on('exit', () => {
      this.alive = false;
      const job = this.pending;
      this.pending = null;
      job?.reject(hasherFailed());
    });
  }

  run<T>(op: 'hash' | 'verify', a: string, b?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.alive || this.closing) return reject(hasherFailed());
      const id = this.nextId++;
      this.pending = { id, resolve: resolve as (v: unknown) => void, reject };
      this.worker.postMessage(b === undefined ? [id, op, a] : [id, op, a, b]);
    });
  }

  async terminate(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * A place among the hashes that may run or wait at once, taken before a login's cheaper steps (its
 * captcha, its database reads) so that a login the hasher cannot take is refused before any of them.
 * Held until `release()`; the hashes run in it (`verify(…, place)`) need no other place.
 */
export class HashPlace {
  private released = false;
  constructor(private readonly free: () => void) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.free();
  }
}

/**
 * Hashing is the platform's most expensive step. At most `concurrency` hashes run at once (as many
 * as cores), each on a worker thread of lower scheduling priority, so pages that do not hash keep
 * their latency while logins use whatever CPU is left. A short queue absorbs bursts; past it,
 * callers get 429 with Retry-After instead of every other page slowing down behind the hashes. A caller
 * that waits in the queue longer than `queueWaitMs` gets the same 429 rather than waiting without end
 * (the hashing threads yield to other work, so pages that keep every core busy slow logins down).
 * A thread that dies fails only the hash it was running (503, retry) and is replaced.
 *
 * Admission counts places, not hashes: `concurrency + queueMax` callers at once, each from `reserve()`
 * (a login, which takes its place first) or for the length of one hash (every other caller). A login
 * refused at its first step costs almost nothing, so at several times the capacity the hashers still
 * spend the CPU on logins that succeed, not on the steps of logins that were going to be refused anyway.
 */
export class PasswordHasher {
  private readonly argon2Path: string;
  private readonly idle: HashThread[];
  private readonly all: Set<HashThread>;
  private readonly queue: Array<{ resolve: (t: HashThread) => void; reject: (e: Error) => void }> = [];
  /** Places taken (reserve(), or one hash of a caller without a place). */
  private places = 0;
  private closed = false;
  /** A hash of a random password, verified against when the account does not exist (equal timing). */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly concurrency: number,
    private readonly queueMax: number,
    private readonly queueWaitMs = 5_000,
  ) {
    this.argon2Path = createRequire(import.meta.url).resolve('@node-rs/argon2');
    this.idle = Array.from({ length: concurrency }, () => new HashThread(this.argon2Path));
    this.all = new Set(this.idle);
  }

  /** A place for the hashes of one request, or 429 at once when every place is taken. Release it when done. */
  reserve(): HashPlace {
    const place = this.tryReserve();
    if (!place) throw hasherBusy();
    return place;
  }

  /** reserve(), with null instead of the 429: for a caller that answers the refusal itself, at less cost than an error. */
  tryReserve(): HashPlace | null {
    if (this.closed) throw hasherFailed();
    if (this.places >= this.concurrency + this.queueMax) return null;
    this.places++;
    return new HashPlace(() => this.places--);
  }

  hash(password: string, place?: HashPlace): Promise<string> {
    return this.within(place, () => this.run((t) => t.run<string>('hash', password)));
  }

  verify(passwordHash: string, password: string, place?: HashPlace): Promise<boolean> {
    // A malformed stored hash is a failed verification, never a 500; a dead thread is an outage (503),
    // never a wrong password that would count towards a lockout.
    return this.within(place, () =>
      this.run((t) =>
        t.run<boolean>('verify', passwordHash, password).catch((err: unknown) => {
          if (err instanceof Argon2InputError) return false;
          throw err;
        }),
      ),
    );
  }

  /** Spends the same time as a real verification, for unknown identifiers. */
  async verifyDummy(password: string, place?: HashPlace): Promise<false> {
    // A failed first hash (busy, thread died) must not be remembered: the next caller tries again.
    this.dummyHash ??= this.hash(`dummy-${Math.random()}`, place).catch((err: unknown) => {
      this.dummyHash = null;
      throw err;
    });
    await this.verify(await this.dummyHash, password, place);
    return false;
  }

  stats() {
    return { running: this.concurrency - this.idle.length, queued: this.queue.length };
  }

  /** Places taken (hashing or waiting) and the most there may be, for /metrics: at the maximum logins get 429. */
  placeStats(): { taken: number; max: number } {
    return { taken: this.places, max: this.concurrency + this.queueMax };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.reject(hasherFailed());
    await Promise.all([...this.all].map((t) => t.terminate()));
  }

  /** Runs `work` in the caller's place, or in a place of its own for its length. */
  private async within<T>(place: HashPlace | undefined, work: () => Promise<T>): Promise<T> {
    if (place) return work();
    const own = this.reserve();
    try {
      return await work();
    } finally {
      own.release();
    }
  }

  /** Runs on a thread, waiting for one if none is idle; the caller holds a place. */
  private async run<T>(task: (t: HashThread) => Promise<T>): Promise<T> {
    if (this.closed) throw hasherFailed();
    let thread = this.idle.pop() ?? (await this.waitForThread());
    thread = this.usable(thread);
    try {
      return await task(thread);
    } finally {
      thread = this.usable(thread);
      const next = this.queue.shift();
      // Hand the thread straight to the next waiter; otherwise it goes back to idle.
      if (next) next.resolve(thread);
      else this.idle.push(thread);
    }
  }

  /** A place in the queue: the next free thread, or 429 once `queueWaitMs` has passed. */
  private waitForThread(): Promise<HashThread> {
    return new Promise<HashThread>((resolve, reject) => {
      const waiter = {
        resolve: (t: HashThread) => (clearTimeout(timer), resolve(t)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(hasherBusy());
      }, this.queueWaitMs);
      timer.unref();
      this.queue.push(waiter);
    });
  }

  /** The thread itself, or a fresh one in its slot if it has died (the slot count never shrinks). */
  private usable(thread: HashThread): HashThread {
    if (thread.alive || this.closed) return thread;
    this.all.delete(thread);
    const fresh = new HashThread(this.argon2Path);
    this.all.add(fresh);
    return fresh;
  }
}
