import { Redis } from 'ioredis';

/**
 * Short-lived counters shared by every app process: in-process by default, Redis when REDIS_URL
 * is set (several processes must then see the same counts).
 */
export interface Kv {
  /** Increments key and returns the new value; the key expires ttlMs after its first increment. */
  incr(key: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryKv implements Kv {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  async incr(key: string, ttlMs: number): Promise<number> {
    const t = this.now();
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= t) {
      this.entries.set(key, { value: 1, expiresAt: t + ttlMs });
      if (this.entries.size > 100_000) this.sweep(t);
      return 1;
    }
    entry.value += 1;
    return entry.value;
  }

  private sweep(t: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(k);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

export class RedisKv implements Kv {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'ausm:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    const k = this.prefix + key;
    const [[, value]] = (await this.redis.multi().incr(k).pexpire(k, ttlMs, 'NX').exec()) as [[unknown, number], unknown];
    return value;
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
