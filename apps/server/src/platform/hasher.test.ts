import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { PasswordHasher } from './hasher';

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

  it('runs the hashes on threads of lower priority than the event loop', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const hasher = new PasswordHasher(2, 0);
    await hasher.hash('warm-up');
    // Every thread of this process with nice 10 is a hashing thread (field 19 of /proc/.../stat).
    const niced = readdirSync('/proc/self/task').filter((tid) => readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16] === '10');
    expect(niced.length).toBeGreaterThanOrEqual(1);
    await hasher.close();
  });
});
