import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { HttpQualificationRegistry } from './http';
import { makeQualificationRegistry } from './index';
import { QualificationServiceUnavailable } from './registry';

const TOKEN = 'registry-test-token';

/** A stand-in for the national registry's lookup call. */
async function startStub() {
  const seen: unknown[] = [];
  const recorded = new Map<string, unknown>();
  const app = Fastify({ forceCloseConnections: true });
  app.post('/records', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ message: 'unauthorized' });
    const body = request.body as { certificateNo: string };
    if (body.certificateNo === 'FAIL') return reply.code(500).send('x');
    if (recorded.has(body.certificateNo)) return reply.code(409).send({ message: 'exists' });
    recorded.set(body.certificateNo, body);
    return reply.code(201).send({});
  });
  app.post('/records/revoke', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ message: 'unauthorized' });
    const body = request.body as { certificateNo: string; reason: string };
    if (body.certificateNo === 'FAIL') return reply.code(502).send('x');
    if (!recorded.delete(body.certificateNo)) return reply.code(404).send({ message: 'not held' });
    return reply.code(204).send();
  });
  app.post('/lookup', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ message: 'unauthorized' });
    const { idNumber, name } = request.body as { idNumber: string; name: string };
    seen.push({ idNumber, name });
    if (name === '五百') return reply.code(502).send('bad gateway');
    if (name === '乱码') return reply.send({ rows: 'x' });
    if (name === '慢') {
      await new Promise((r) => setTimeout(r, 2_000));
      return reply.send({ certificates: [] });
    }
    if (name === '刘红梅' && idNumber === '370102198004162022') {
      return reply.send({
        certificates: [
          { level: '高级', certificateNo: '20143730000057', obtainedAt: '2014-12-20' },
          { level: '初级', certificateNo: '19993710000001', obtainedAt: '1999-06-10' },
          { level: '中级', certificateNo: '20083720000621', obtainedAt: '2008-09-25' },
          { level: '经济师', certificateNo: 'X1', obtainedAt: '2010-01-01' },
        ],
      });
    }
    return reply.send({ certificates: [] });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, seen, recorded, endpoint: `http://127.0.0.1:${port}/lookup` };
}

describe('HttpQualificationRegistry', () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let registry: HttpQualificationRegistry;
  beforeAll(async () => {
    stub = await startStub();
    registry = new HttpQualificationRegistry({ endpoint: stub.endpoint, token: TOKEN });
  });
  afterAll(async () => {
    await stub.app.close();
  });

  it('maps levels to titles, oldest first, leaving out other kinds and anything before 2001', async () => {
    expect(await registry.lookup({ idNumber: '37010219800416202２ ', name: '刘红梅' })).toEqual([
      { level: 'intermediate', title: '会计师', certificateNo: '20083720000621', obtainedAt: '2008-09-25' },
      { level: 'senior', title: '高级会计师', certificateNo: '20143730000057', obtainedAt: '2014-12-20' },
    ]);
    expect(stub.seen.at(-1)).toEqual({ idNumber: '370102198004162022', name: '刘红梅' });
    expect(await registry.lookup({ idNumber: '370102198004162022', name: '李四' })).toEqual([]);
  });

  it('enters a qualification at …/records; one held already (409) is taken in; an error is an outage', async () => {
    const entry = { idNumber: '37010219900101123x', level: 'intermediate' as const, certificateNo: '20263725000001', obtainedAt: '2026-10-20' };
    await registry.record(entry);
    await registry.record(entry);
    expect([...stub.recorded.values()]).toEqual([{ idNumber: '37010219900101123X', level: '中级', certificateNo: '20263725000001', obtainedAt: '2026-10-20' }]);
    await expect(registry.record({ ...entry, certificateNo: 'FAIL' })).rejects.toBeInstanceOf(QualificationServiceUnavailable);
  });

  it('takes a revoked qualification out at …/records/revoke; one not held (404) is done; an error is an outage', async () => {
    const entry = { idNumber: '370102199001011255', level: 'junior' as const, certificateNo: '20263715000077', obtainedAt: '2026-09-01' };
    await registry.record(entry);
    await registry.revoke(entry.certificateNo, '考试违纪');
    expect(stub.recorded.has(entry.certificateNo)).toBe(false);
    await registry.revoke(entry.certificateNo, '考试违纪');
    await expect(registry.revoke('FAIL', '考试违纪')).rejects.toBeInstanceOf(QualificationServiceUnavailable);
  });

  it('treats a refused token, an error status, an unreadable answer, no answer and no host as unavailable', async () => {
    const q = { idNumber: '370102198004162022' };
    const wrongToken = new HttpQualificationRegistry({ endpoint: stub.endpoint, token: 'wrong' });
    await expect(wrongToken.lookup({ ...q, name: '刘红梅' })).rejects.toThrow(/401/);
    await expect(registry.lookup({ ...q, name: '五百' })).rejects.toBeInstanceOf(QualificationServiceUnavailable);
    await expect(registry.lookup({ ...q, name: '乱码' })).rejects.toMatchObject({ reason: 'unavailable' });
    const impatient = new HttpQualificationRegistry({ endpoint: stub.endpoint, token: TOKEN, timeoutMs: 50 });
    await expect(impatient.lookup({ ...q, name: '慢' })).rejects.toMatchObject({ name: 'QualificationServiceUnavailable', reason: 'timeout' });
    const nowhere = new HttpQualificationRegistry({ endpoint: 'http://127.0.0.1:1/lookup', token: TOKEN });
    await expect(nowhere.lookup({ ...q, name: '刘红梅' })).rejects.toMatchObject({ reason: 'unavailable' });
  });
});

describe('makeQualificationRegistry', () => {
  const base = { AUSM_MODE: 'sandbox', LOG_LEVEL: 'silent' };

  it('defaults to the sandbox and uses the HTTP registry when configured', async () => {
    expect((await makeQualificationRegistry(loadConfig(base)).lookup({ idNumber: '370102199001011239', name: '王会计' })).length).toBe(2);
    expect(() => loadConfig({ ...base, QUALIFICATION_PROVIDER: 'http' })).toThrow(/QUALIFICATION_ENDPOINT[\s\S]*QUALIFICATION_TOKEN/);
    const config = loadConfig({ ...base, QUALIFICATION_PROVIDER: 'http', QUALIFICATION_ENDPOINT: 'https://registry.example.test/lookup', QUALIFICATION_TOKEN: 't' });
    expect(config.qualification).toEqual({ provider: 'http', endpoint: 'https://registry.example.test/lookup', token: 't' });
    const fake = (async () => new Response(JSON.stringify({ certificates: [{ level: '初级', certificateNo: '1', obtainedAt: '2002-05-01' }] }))) as unknown as typeof fetch;
    expect(await makeQualificationRegistry(config, { fetch: fake }).lookup({ idNumber: 'x', name: 'y' })).toEqual([
      { level: 'junior', title: '助理会计师', certificateNo: '1', obtainedAt: '2002-05-01' },
    ]);
  });

  it('refuses the sandbox in production mode', () => {
    expect(() => loadConfig({ AUSM_MODE: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/QUALIFICATION_PROVIDER/);
  });
});
