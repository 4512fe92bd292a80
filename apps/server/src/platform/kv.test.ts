import { describe, expect, it } from 'vitest';
import { CaptchaService } from './captcha';
import { AdjustableClock } from './clock';
import { MemoryKv, RedisKv, type Kv } from './kv';

// Redis runs on the development and CI machines (127.0.0.1:6379); elsewhere only the in-process store is tried.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await new Promise<boolean>((resolve) => {
  import('node:net').then(({ connect }) => {
    const { hostname, port } = new URL(REDIS_URL);
    const socket = connect({ host: hostname, port: Number(port) || 6379 });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
});

const stores: Array<[string, () => Kv]> = [['in-process', () => new MemoryKv(() => Date.now())]];
if (redisUp) stores.push(['Redis', () => new RedisKv(REDIS_URL, `ausm-test-${process.pid}-${Date.now()}:`)]);

describe.each(stores)('Kv values (%s)', (_name, make) => {
  it('keeps a value until it is taken, and gives it to one taker only', async () => {
    const kv = make();
    try {
      await kv.put('a', 'value', 60_000);
      expect(await kv.get('a')).toBe('value');
      expect(await kv.get('a')).toBe('value');
      const taken = await Promise.all([kv.take('a'), kv.take('a'), kv.take('a')]);
      expect(taken.filter((v) => v === 'value')).toHaveLength(1);
      expect(await kv.get('a')).toBeNull();
      expect(await kv.take('missing')).toBeNull();
    } finally {
      await kv.close();
    }
  });
});

describe.each(stores)('Kv counters (%s)', (_name, make) => {
  it('counts up and gives back, and forgets after its time', async () => {
    const kv = make();
    try {
      const key = `count-${Date.now()}`;
      expect(await kv.incr(key, 60_000)).toBe(1);
      expect(await kv.incr(key, 60_000)).toBe(2);
      expect(await kv.incr(key, 60_000, -1)).toBe(1);
      expect(await kv.incr(key, 60_000, 5)).toBe(6);
      expect(await kv.incr(`${key}-short`, 1)).toBe(1);
      await new Promise((r) => setTimeout(r, 20));
      expect(await kv.incr(`${key}-short`, 1)).toBe(1);
    } finally {
      await kv.close();
    }
  });
});

describe('captchas in the Kv', () => {
  it('are single use even when two requests race, and expire by the platform clock', async () => {
    const clock = new AdjustableClock();
    const captchas = new CaptchaService(new MemoryKv(() => clock.now().getTime()), clock);
    const { id } = await captchas.issue(null);
    const { answer } = (await captchas.peek(id))!;
    expect(await captchas.peek()).toEqual({ id, answer });
    const results = await Promise.all([captchas.consume(id, answer.toUpperCase()), captchas.consume(id, answer)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await captchas.peek(id)).toBeNull();

    const late = await captchas.issue(null);
    const lateAnswer = (await captchas.peek(late.id))!.answer;
    clock.advance(5 * 60_000 + 1);
    expect(await captchas.consume(late.id, lateAnswer)).toBe(false);
    expect(await captchas.consume('not-an-id', 'abcd')).toBe(false);
  });
});
