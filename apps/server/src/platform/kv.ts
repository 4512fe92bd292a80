import { Redis } from 'ioredis';

/**
 * Short-lived counters and values shared by every app process: in-process by default, Redis when
 * REDIS_URL is set (several processes must then see the same state).
 */
export interface Kv {
  /** Adds `by` (default 1; -1 gives one back) to key and returns the new value; the key expires ttlMs after its first increment. */
  incr(key: string, ttlMs: number, by?: number): Promise<number>;
  /** Stores a value that expires after ttlMs. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value, or null. */
  get(key: string): Promise<string | null>;
  /** The value, removed in the same step: of two callers at once only one gets it. */
  take(key: string): Promise<string | null>;
  /** Resolves when the store answers (readiness); the in-process one always does. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class MemoryKv implements Kv {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();
  private readonly values = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  async incr(key: string, ttlMs: number, by = 1): Promise<number> {
    const t = this.now();
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= t) {
      this.entries.set(key, { value: by, expiresAt: t + ttlMs });
      if (this.entries.size > 100_000) this.sweep(t);
      return by;
    }
    entry.value += by;
    return entry.value;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    const t = this.now();
    this.values.set(key, { value, expiresAt: t + ttlMs });
    if (this.values.size > 100_000) this.sweep(t);
  }

  async get(key: string): Promise<string | null> {
    return this.live(key);
  }

  async take(key: string): Promise<string | null> {
    // Read and delete with no await between them: a second taker finds nothing.
    const value = this.live(key);
    this.values.delete(key);
    return value;
  }

  private live(key: string): string | null {
    const entry = this.values.get(key);
    return entry && entry.expiresAt > this.now() ? entry.value : null;
  }

  async ping(): Promise<void> {}

  private sweep(t: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(k);
    for (const [k, e] of this.values) if (e.expiresAt <= t) this.values.delete(k);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.values.clear();
  }
}

export class RedisKv implements Kv {
  /** The connection, for stores of their own (platform/admission.ts's queue). */
  readonly redis: Redis;

  /** onError: Redis unreachable (it reconnects by itself; the commands meanwhile fail, and requests answer 503). */
  constructor(url: string, readonly prefix = 'ausm:', onError: (err: Error) => void = () => {}) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.redis.on('error', onError);
  }

  async incr(key: string, ttlMs: number, by = 1): Promise<number> {
    const k = this.prefix + key;
    const [[, value]] = (await this.redis.multi().incrby(k, by).pexpire(k, ttlMs, 'NX').exec()) as [[unknown, number], unknown];
    return value;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'PX', ttlMs);
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  take(key: string): Promise<string | null> {
    return this.redis.getdel(this.prefix + key);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
