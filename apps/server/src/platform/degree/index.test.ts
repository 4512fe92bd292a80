import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { makeDegreeVerifier, SANDBOX_DEGREE_RECORDS } from './index';

const base = { AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' };
const liSi = SANDBOX_DEGREE_RECORDS.find((r) => r.name === '李四' && r.kind === 'diploma')!;
const query = { ...liSi, idNumber: '370102199001011239' };

describe('makeDegreeVerifier', () => {
  it('defaults to the sandbox, given up on after DEGREE_CHECK_TIMEOUT_MS', async () => {
    const config = loadConfig(base);
    expect(config.degree).toEqual({ provider: 'sandbox', timeoutMs: 5_000, sandboxDelayMs: 0 });
    expect((await makeDegreeVerifier(config).verify(query)).result).toBe('verified');

    const slow = loadConfig({ ...base, SANDBOX_DEGREE_DELAY_MS: '200', DEGREE_CHECK_TIMEOUT_MS: '30' });
    await expect(makeDegreeVerifier(slow).verify(query)).rejects.toMatchObject({ name: 'DegreeServiceUnavailable', reason: 'timeout' });
  });

  it('uses 学信网 when configured, and needs its keys', async () => {
    expect(() => loadConfig({ ...base, DEGREE_PROVIDER: 'chsi' })).toThrow(/CHSI_ENDPOINT[\s\S]*CHSI_APP_KEY[\s\S]*CHSI_APP_SECRET/);
    const config = loadConfig({ ...base, DEGREE_PROVIDER: 'chsi', CHSI_ENDPOINT: 'https://chsi.example.test/verify', CHSI_APP_KEY: 'k', CHSI_APP_SECRET: 's' });
    const calls: string[] = [];
    const fake = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ code: '1001' }));
    }) as unknown as typeof fetch;
    expect(await makeDegreeVerifier(config, { fetch: fake }).verify(query)).toEqual({ result: 'not_found' });
    expect(calls).toEqual(['https://chsi.example.test/verify']);
    expect(() => makeDegreeVerifier({ degree: { ...config.degree, appSecret: undefined } })).toThrow(/CHSI_APP_SECRET/);
  });

  it('refuses the sandbox in production mode', () => {
    expect(() => loadConfig({ AUSM_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/DEGREE_PROVIDER/);
  });
});
