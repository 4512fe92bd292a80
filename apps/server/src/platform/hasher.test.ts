import { readdirSync, readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { PasswordHasher } from './hasher';
import { installErrorHandler } from './http';

/** Threads of this process at nice 10: the hashing threads (field 19 of /proc/.../stat). */
const nicedThreads = () =>
  readdirSync('/proc/self/task').filter((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16] === '10';
    } catch {
      return false; // the thread ended while we looked
    }
  });

/** Kills the hasher's worker threads as a crash would (not through close()). */
const crashThreads = (hasher: PasswordHasher) =>
  Promise.all([...(hasher as unknown as { all: Set<{ worker: Worker }> }).all].map((t) => t.worker.terminate()));

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe('PasswordHasher', () => {
  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hasher = new PasswordHasher(2, 4);
    const h = await hasher.hash('Abcd@1234');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(h, 'Abcd@1234')).toBe(true);
    expect(await hasher.verify(h, 'Abcd@12345')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    await hasher.close();
  });

  it('runs at most `concurrency` hashes at once and answers 429 with Retry-After past its queue', async () => {
    const hasher = new PasswordHasher(1, 1);
    const h = await hasher.hash('Abcd@1234');
    const first = hasher.verify(h, 'Abcd@1234');
    const second = hasher.verify(h, 'Abcd@1234');
    expect(hasher.stats()).toEqual({ running: 1, queued: 1 });
    const third = hasher.verify(h, 'Abcd@1234');
    await expect(third).rejects.toBeInstanceOf(AppError);
    await expect(third).rejects.toMatchObject({ status: 429, code: 'auth/busy', extra: { headers: { 'retry-after': '1' } } });
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(hasher.stats()).toEqual({ running: 0, queued: 0 });
    await hasher.close();
  });

  it('gives a login its place before its cheaper steps: refused at once when every place is taken, and its hashes need no other', async () => {
    const hasher = new PasswordHasher(1, 1);
    const h = await hasher.hash('Abcd@1234');
    const first = hasher.reserve();
    const second = hasher.reserve();
    expect(() => hasher.reserve()).toThrow(expect.objectContaining({ status: 429, code: 'auth/busy' }));
    // A caller without a place of its own is refused too: the places are the logins' already.
    await expect(hasher.verify(h, 'Abcd@1234')).rejects.toMatchObject({ status: 429 });
    // The holders hash in their places, one after the other on the one thread, twice each if they need.
    const results = await Promise.all([hasher.verify(h, 'Abcd@1234', first), hasher.verifyDummy('x', second), hasher.verify(h, 'wrong', first)]);
    expect(results).toEqual([true, false, false]);
    first.release();
    first.release(); // once only
    const third = hasher.reserve();
    expect(() => hasher.reserve()).toThrow(expect.objectContaining({ status: 429 }));
    second.release();
    third.release();
    expect(await hasher.verify(h, 'Abcd@1234')).toBe(true);
    await hasher.close();
  });

  it('answers 429 with Retry-After to a caller whose place in the queue does not come up in time', async () => {
    // One thread and a 1 ms wait: the queued verification cannot start before the running one ends.
    const hasher = new PasswordHasher(1, 4, 1);
    const h = await hasher.hash('Abcd@1234');
    const first = hasher.verify(h, 'Abcd@1234');
    const second = hasher.verify(h, 'Abcd@1234');
    await expect(second).rejects.toMatchObject({ status: 429, code: 'auth/busy', message: '当前登录人数较多，请稍后重试', extra: { headers: { 'retry-after': '1' } } });
    // The late caller left the queue: the running hash finishes and the thread goes back to idle.
    expect(hasher.stats()).toEqual({ running: 1, queued: 0 });
    expect(await first).toBe(true);
    expect(hasher.stats()).toEqual({ running: 0, queued: 0 });
    await hasher.close();
  });

  it('runs the hashes on threads of lower priority than the event loop, and close() ends them', async () => {
    const hasher = new PasswordHasher(2, 0);
    await Promise.all([hasher.hash('warm-up'), hasher.hash('warm-up')]);
    expect(nicedThreads().length).toBe(2);
    await hasher.close();
    expect(await until(() => nicedThreads().length === 0)).toBe(true);
    await expect(hasher.hash('after close')).rejects.toMatchObject({ status: 503 });
  });

  it('fails only the hash a dying thread was running (503 with Retry-After, never a wrong password) and replaces the thread', async () => {
    const hasher = new PasswordHasher(2, 4);
    const h = await hasher.hash('Abcd@1234');
    const inFlight = Promise.allSettled([hasher.verify(h, 'Abcd@1234'), hasher.verify(h, 'Abcd@1234'), hasher.verify(h, 'Abcd@1234')]);
    await crashThreads(hasher);
    const settled = await inFlight;
    const failed = settled.filter((s) => s.status === 'rejected');
    // The two running verifications die with their threads; the queued one runs on a replacement.
    expect(failed).toHaveLength(2);
    for (const f of failed) expect((f as PromiseRejectedResult).reason).toMatchObject({ status: 503, code: 'auth/hasher_failed', extra: { headers: { 'retry-after': '1' } } });
    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<boolean>).value)).toEqual([true]);
    // A thread that died while idle is replaced too, and the pool keeps its size.
    await crashThreads(hasher);
    expect(await Promise.all([hasher.verify(h, 'Abcd@1234'), hasher.verify(h, 'wrong')])).toEqual([true, false]);
    expect(hasher.stats()).toEqual({ running: 0, queued: 0 });
    expect(nicedThreads().length).toBe(2);
    await hasher.close();
  });

  it('a failed dummy hash is not remembered: the next unknown identifier tries again', async () => {
    const hasher = new PasswordHasher(1, 0);
    const first = expect(hasher.verifyDummy('x')).rejects.toMatchObject({ status: 503 });
    await crashThreads(hasher);
    await first;
    await expect(hasher.verifyDummy('x')).resolves.toBe(false);
    await hasher.close();
  });

  it('a dead hashing thread reaches the person as a Chinese 503, not a 500', async () => {
    const hasher = new PasswordHasher(1, 0);
    const h = await hasher.hash('Abcd@1234');
    const app = Fastify();
    installErrorHandler(app);
    app.post('/login', async () => {
      const pending = hasher.verify(h, 'Abcd@1234');
      pending.catch(() => {}); // awaited below, after the crash
      await crashThreads(hasher);
      return { ok: await pending };
    });
    const res = await app.inject({ method: 'POST', url: '/login' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ code: 'auth/hasher_failed', message: '登录服务暂时繁忙，请稍后重试' });
    await app.close();
    await hasher.close();
  });
});
