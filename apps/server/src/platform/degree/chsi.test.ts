import { createHash, createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChsiDegreeVerifier } from './chsi';
import { DegreeServiceUnavailable, withTimeout, type DegreeQuery } from './verifier';

const APP_KEY = 'ausm-test';
const APP_SECRET = 'chsi-test-secret';

type Held = { name: string; idNo: string; record: Record<string, string> };
const HELD: Record<string, Held> = {
  'XL:104221201505001234': { name: '张三', idNo: '370102199001011239', record: { school: '山东大学', level: '本科', major: '会计学', graduationDate: '2015-06-30' } },
  'XW:1042242015001234': { name: '张三', idNo: '370102199001011239', record: { school: '山东大学', level: '本科', degree: '学士', major: '会计学', graduationDate: '2015-06-30' } },
};

/**
 * A stand-in for 学信网: checks the app key, the HMAC-SHA256 signature over the raw body, the
 * timestamp (±5 minutes) and that a nonce is used once, then answers from HELD.
 */
async function startStub() {
  const seen: { headers: Record<string, string | string[] | undefined>; body: unknown }[] = [];
  const nonces = new Set<string>();
  const state = { abortedByClient: 0 };
  const app = Fastify({ forceCloseConnections: true });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/api/v1/verify', async (request, reply) => {
    const raw = request.body as string;
    const h = request.headers;
    const stringToSign = ['POST', request.url, h['x-chsi-app-key'], h['x-chsi-timestamp'], h['x-chsi-nonce'], createHash('sha256').update(raw).digest('hex')].join('\n');
    const expected = createHmac('sha256', APP_SECRET).update(stringToSign).digest('base64');
    if (h['x-chsi-app-key'] !== APP_KEY || h['x-chsi-signature'] !== expected) return reply.code(401).send({ code: '2001', message: '签名错误' });
    if (Math.abs(Date.now() - Number(h['x-chsi-timestamp'])) > 5 * 60_000) return reply.code(401).send({ code: '2002', message: '时间戳无效' });
    const nonce = String(h['x-chsi-nonce']);
    if (nonces.has(nonce)) return reply.code(401).send({ code: '2003', message: '重复请求' });
    nonces.add(nonce);
    const body = JSON.parse(raw) as { certType: string; certNo: string; name: string; idNo: string };
    seen.push({ headers: h, body });
    if (body.certNo.endsWith('500')) return reply.code(503).send('Service Temporarily Unavailable');
    if (body.certNo.endsWith('9999')) return reply.send({ code: '9999', message: '系统繁忙' });
    if (body.certNo.endsWith('888')) return reply.type('text/html').send('<html>maintenance</html>');
    if (body.certNo.endsWith('777')) {
      // Hangs until the client goes away.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 10_000);
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) state.abortedByClient++;
          clearTimeout(t);
          resolve();
        });
      });
      return reply.send({ code: '9999' });
    }
    const held = HELD[`${body.certType}:${body.certNo}`];
    if (!held) return reply.send({ code: '1001', message: '证书编号不存在' });
    if (held.name !== body.name || held.idNo !== body.idNo) return reply.send({ code: '1002', message: '信息不一致' });
    return reply.send({ code: '0000', message: 'ok', data: { ...held.record, name: held.name } });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, seen, state, endpoint: `http://127.0.0.1:${port}/api/v1/verify` };
}

const zhangSan: DegreeQuery = {
  kind: 'diploma',
  certificateNo: '104221201505001234',
  name: '张三',
  idNumber: '370102199001011239',
  school: '山东大学',
  graduationDate: '2015-06-30',
};

describe('ChsiDegreeVerifier', () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let chsi: ChsiDegreeVerifier;
  beforeAll(async () => {
    stub = await startStub();
    chsi = new ChsiDegreeVerifier({ endpoint: stub.endpoint, appKey: APP_KEY, appSecret: APP_SECRET });
  });
  afterAll(async () => {
    await stub.app.close();
  });

  it('signs each request, sends only what finds the certificate, and maps the answer codes', async () => {
    expect(await chsi.verify(zhangSan)).toEqual({
      result: 'verified',
      record: { school: '山东大学', level: '本科', major: '会计学', graduationDate: '2015-06-30' },
    });
    const last = stub.seen.at(-1)!;
    expect(last.body).toEqual({ certType: 'XL', certNo: '104221201505001234', name: '张三', idNo: '370102199001011239' });
    expect(last.headers['x-chsi-nonce']).toMatch(/^[0-9a-f]{32}$/);

    expect(await chsi.verify({ ...zhangSan, kind: 'degree', certificateNo: '1042242015001234' })).toMatchObject({ result: 'verified', record: { degree: '学士' } });
    expect(stub.seen.at(-1)!.body).toMatchObject({ certType: 'XW' });
    expect(await chsi.verify({ ...zhangSan, certificateNo: '104221201505000001' })).toEqual({ result: 'not_found' });
    expect(await chsi.verify({ ...zhangSan, name: '李四' })).toEqual({ result: 'mismatch' });
    // Found for this person, but the school or date the person gave differ from the record.
    expect(await chsi.verify({ ...zhangSan, school: '山东财经大学' })).toEqual({ result: 'mismatch' });
    expect(await chsi.verify({ ...zhangSan, graduationDate: '2015-07-01' })).toEqual({ result: 'mismatch' });
  });

  it('treats a refused signature, a replayed nonce and an unknown code as the service being unavailable', async () => {
    const wrongSecret = new ChsiDegreeVerifier({ endpoint: stub.endpoint, appKey: APP_KEY, appSecret: 'not-the-secret' });
    await expect(wrongSecret.verify(zhangSan)).rejects.toMatchObject({ name: 'DegreeServiceUnavailable', reason: 'unavailable', message: expect.stringContaining('401') });

    const fixedNonce = new ChsiDegreeVerifier({ endpoint: stub.endpoint, appKey: APP_KEY, appSecret: APP_SECRET }, fetch, () => new Date(), () => 'nonce-used-twice');
    expect((await fixedNonce.verify(zhangSan)).result).toBe('verified');
    await expect(fixedNonce.verify(zhangSan)).rejects.toMatchObject({ reason: 'unavailable' });

    const stale = new ChsiDegreeVerifier({ endpoint: stub.endpoint, appKey: APP_KEY, appSecret: APP_SECRET }, fetch, () => new Date(Date.now() - 3_600_000));
    await expect(stale.verify(zhangSan)).rejects.toMatchObject({ reason: 'unavailable' });

    await expect(chsi.verify({ ...zhangSan, certificateNo: '104221201505009999' })).rejects.toThrow(/9999/);
  });

  it('treats 5xx, an unreadable answer and an unreachable host as unavailable', async () => {
    for (const certificateNo of ['104221201505000500', '104221201505000888']) {
      const err = await chsi.verify({ ...zhangSan, certificateNo }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DegreeServiceUnavailable);
      expect(err).toMatchObject({ reason: 'unavailable' });
    }
    const nowhere = new ChsiDegreeVerifier({ endpoint: 'http://127.0.0.1:1/api/v1/verify', appKey: APP_KEY, appSecret: APP_SECRET });
    await expect(nowhere.verify(zhangSan)).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('is given up on after the timeout, and the request is aborted', async () => {
    const started = Date.now();
    await expect(withTimeout(chsi, 100).verify({ ...zhangSan, certificateNo: '104221201505000777' })).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => stub.state.abortedByClient).toBe(1);

    // Unwrapped, a caller's own abort is reported as a timeout too.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(chsi.verify({ ...zhangSan, certificateNo: '104221201505000777' }, { signal: controller.signal })).rejects.toMatchObject({ reason: 'timeout' });
  });
});
