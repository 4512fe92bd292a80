import { describe, expect, it } from 'vitest';
import { DegreeServiceUnavailable, withTimeout, type DegreeVerifier } from './verifier';

const query = { kind: 'diploma', certificateNo: '1', name: '张三', idNumber: '1', school: '山东大学', graduationDate: '2015-06-30' } as const;

describe('withTimeout', () => {
  it('passes on answers and errors that come in time', async () => {
    const ok: DegreeVerifier = { verify: async () => ({ result: 'not_found' }) };
    expect(await withTimeout(ok, 100).verify(query)).toEqual({ result: 'not_found' });
    const down: DegreeVerifier = {
      verify: async () => {
        throw new DegreeServiceUnavailable('unavailable');
      },
    };
    await expect(withTimeout(down, 100).verify(query)).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('gives up after ms and aborts the inner call', async () => {
    let innerSignal: AbortSignal | undefined;
    const hang: DegreeVerifier = {
      verify: (_q, options) => {
        innerSignal = options?.signal;
        return new Promise(() => {});
      },
    };
    const err = await withTimeout(hang, 30).verify(query).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DegreeServiceUnavailable);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect(innerSignal?.aborted).toBe(true);
    expect(innerSignal?.reason).toBe(err);
  });

  it('passes a caller\'s own signal on to the inner call', async () => {
    let innerSignal: AbortSignal | undefined;
    const hang: DegreeVerifier = {
      verify: (_q, options) =>
        new Promise((_resolve, reject) => {
          innerSignal = options?.signal;
          innerSignal?.addEventListener('abort', () => reject(innerSignal!.reason));
        }),
    };
    const controller = new AbortController();
    const pending = withTimeout(hang, 10_000).verify(query, { signal: controller.signal });
    controller.abort(new Error('caller left'));
    await expect(pending).rejects.toThrow('caller left');
    expect(innerSignal?.aborted).toBe(true);
  });
});
