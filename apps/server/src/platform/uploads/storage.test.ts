import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStore, MemoryFileStore, S3FileStore, sha256Hex } from './storage';

const traversalKeys = [
  '../../etc/passwd',
  `../${'a'.repeat(64)}.jpg`,
  `${'a'.repeat(64)}.jpg/../../x`,
  `${'A'.repeat(64)}.jpg`,
  `${'a'.repeat(63)}.jpg`,
  `${'a'.repeat(64)}.exe`,
  `${'a'.repeat(64)}.jpg\0`,
  `${'a'.repeat(64)}.jpg\n`,
  `..%2F${'a'.repeat(60)}.jpg`,
  'C:\\Windows\\win.ini',
  '',
];

describe('LocalFileStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ausm-files-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores under ab/cd/<sha256>.<ext>, reads back, and stores identical content once', async () => {
    const store = new LocalFileStore(root);
    const bytes = Buffer.from('hello file');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const key = await store.put(bytes, 'png');
    expect(key).toBe(`${sha}.png`);
    expect(await readdir(join(root, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([key]);
    expect(await store.get(key)).toEqual(bytes);
    expect(await store.put(Buffer.from('hello file'), 'png')).toBe(key);
    expect(await readdir(join(root, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([key]); // no temp file left
    expect(await store.get(`${'0'.repeat(64)}.png`)).toBeNull();
  });

  it('refuses every key that is not exactly a content key', async () => {
    const store = new LocalFileStore(root);
    for (const key of traversalKeys) {
      await expect(store.get(key), key).rejects.toMatchObject({ status: 400, code: 'upload/bad_key' });
    }
    await expect(store.put(Buffer.from('x'), '../jpg')).rejects.toThrow(TypeError);
    for (const key of traversalKeys) await expect(store.delete(key), key).rejects.toMatchObject({ code: 'upload/bad_key' });
  });

  it('deletes an object, and deleting it again is no error', async () => {
    for (const store of [new LocalFileStore(root), new MemoryFileStore()]) {
      const key = await store.put(Buffer.from('to be removed'), 'pdf');
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    }
  });
});

/**
 * A fake S3 endpoint on a free local port: it keeps objects per bucket and key, answers with S3's
 * status codes and XML errors, records every request, and can be told to fail the next ones.
 */
type S3Call = { method: string; url: string; path: string; headers: IncomingHttpHeaders; body: Buffer };

describe('S3FileStore (AWS SDK) against a fake S3 endpoint', () => {
  let server: Server;
  let endpoint: string;
  const objects = new Map<string, { body: Buffer; type: string }>();
  const calls: S3Call[] = [];
  let failNext: number[] = [];

  const s3Error = (status: number, code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>1</RequestId></Error>`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = req.url!;
        const call = { method: req.method!, url, path: new URL(url, 'http://x').pathname, headers: req.headers, body: Buffer.concat(chunks) };
        calls.push(call);
        const status = failNext.shift();
        if (status) {
          res.writeHead(status, { 'content-type': 'application/xml' }).end(s3Error(status, status === 503 ? 'SlowDown' : 'InternalError'));
          return;
        }
        const path = decodeURIComponent(call.path);
        if (call.method === 'PUT') {
          objects.set(path, { body: call.body, type: String(req.headers['content-type']) });
          res.writeHead(200, { etag: `"${createHash('md5').update(call.body).digest('hex')}"` }).end();
        } else if (call.method === 'GET') {
          const o = objects.get(path);
          if (!o) res.writeHead(404, { 'content-type': 'application/xml' }).end(s3Error(404, 'NoSuchKey'));
          else res.writeHead(200, { 'content-type': o.type, 'content-length': o.body.length }).end(o.body);
        } else if (call.method === 'DELETE') {
          objects.delete(path);
          res.writeHead(204).end();
        } else res.writeHead(405).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    calls.length = 0;
    failNext = [];
  });

  const store = (maxAttempts?: number) =>
    new S3FileStore({ endpoint, region: 'cn-north-1', bucket: 'ausm-files', accessKeyId: 'AKID', secretAccessKey: 'secret', maxAttempts });
  const auth = /^AWS4-HMAC-SHA256 Credential=AKID\/(\d{8})\/cn-north-1\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;

  it('PUTs path-style with a SigV4 signature over the body’s hash, and reads the object back', async () => {
    const s = store();
    const bytes = Buffer.from('%PDF-1.4 ...');
    const key = await s.put(bytes, 'pdf');
    expect(key).toBe(`${sha256Hex(bytes)}.pdf`);
    const put = calls[0]!;
    expect(put.method).toBe('PUT');
    expect(put.path).toBe(`/ausm-files/${key}`);
    expect(put.body.equals(bytes)).toBe(true);
    expect(put.headers['content-type']).toBe('application/pdf');
    expect(put.headers['x-amz-content-sha256']).toBe(sha256Hex(bytes));
    const [, day, signed] = auth.exec(String(put.headers.authorization))!;
    expect(day).toBe(String(put.headers['x-amz-date']).slice(0, 8));
    expect(signed!.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'content-type']));
    expect(await s.get(key)).toEqual(bytes);
    expect(calls[1]).toMatchObject({ method: 'GET', path: `/ausm-files/${key}` });
    expect(String(calls[1]!.headers.authorization)).toMatch(auth);
  });

  it('answers null for a missing object (404 NoSuchKey) and deletes objects', async () => {
    const s = store();
    expect(await s.get(`${'c'.repeat(64)}.png`)).toBeNull();
    const key = await s.put(Buffer.from('bye'), 'png');
    await s.delete(key);
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/ausm-files/${key}` });
    expect(await s.get(key)).toBeNull();
    await expect(s.delete(key)).resolves.toBeUndefined();
  });

  it('retries a 503 SlowDown, and throws once the tries are spent', async () => {
    failNext = [503];
    const s = store();
    const key = await s.put(Buffer.from('retried'), 'jpg');
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT']);
    expect(await s.get(key)).toEqual(Buffer.from('retried'));
    failNext = [500, 500];
    await expect(store(2).get(key)).rejects.toThrow();
  });

  it('refuses bad keys before any request', async () => {
    const s = store();
    for (const key of traversalKeys) {
      await expect(s.get(key)).rejects.toMatchObject({ code: 'upload/bad_key' });
      await expect(s.delete(key)).rejects.toMatchObject({ code: 'upload/bad_key' });
    }
    expect(calls).toHaveLength(0);
  });
});
