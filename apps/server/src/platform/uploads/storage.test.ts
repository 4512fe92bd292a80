import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex, signV4 } from './sigv4';
import { LocalFileStore, S3FileStore } from './storage';

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
  });
});

describe('signV4', () => {
  // The GET Object example of AWS's "Signature Calculations for the Authorization Header" (S3 API
  // reference), with its published signature.
  it('reproduces the published S3 example', () => {
    const headers = signV4({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9' },
      payloadHash: sha256Hex(''),
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 's3',
      date: new Date('2013-05-24T00:00:00Z'),
    });
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers['host']).toBeUndefined();
  });
});

describe('S3FileStore', () => {
  type Call = { url: string; method: string; headers: Record<string, string>; body?: Uint8Array };
  const fake = (respond: (call: Call) => Response) => {
    const calls: Call[] = [];
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const call = {
        url: String(input),
        method: init?.method ?? 'GET',
        headers: init?.headers as Record<string, string>,
        body: init?.body as Uint8Array | undefined,
      };
      calls.push(call);
      return respond(call);
    }) as typeof fetch;
    const store = new S3FileStore({
      endpoint: 'http://127.0.0.1:9000/',
      region: 'cn-north-1',
      bucket: 'ausm-files',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      fetchImpl,
      now: () => new Date('2025-03-01T08:09:10.123Z'),
    });
    return { store, calls };
  };
  const auth = /^AWS4-HMAC-SHA256 Credential=AKID\/20250301\/cn-north-1\/s3\/aws4_request,SignedHeaders=([a-z0-9;-]+),Signature=[0-9a-f]{64}$/;

  it('PUTs path-style with a signed content hash and returns the content key', async () => {
    const { store, calls } = fake(() => new Response(null, { status: 200 }));
    const bytes = Buffer.from('%PDF-1.4 ...');
    const key = await store.put(bytes, 'pdf');
    expect(key).toBe(`${sha256Hex(bytes)}.pdf`);
    const [call] = calls;
    expect(call?.method).toBe('PUT');
    expect(call?.url).toBe(`http://127.0.0.1:9000/ausm-files/${key}`);
    expect(call?.headers['x-amz-content-sha256']).toBe(sha256Hex(bytes));
    expect(call?.headers['x-amz-date']).toBe('20250301T080910Z');
    expect(call?.headers['content-type']).toBe('application/pdf');
    expect(call?.headers['authorization']).toMatch(auth);
    expect(auth.exec(call!.headers['authorization']!)?.[1]).toBe('content-type;host;x-amz-content-sha256;x-amz-date');
    expect(Buffer.from(call!.body!)).toEqual(bytes);
  });

  it('signs what it sends: recomputing the signature from the request gives the same header', async () => {
    const { store, calls } = fake(() => new Response(Buffer.from('data')));
    const key = `${'b'.repeat(64)}.jpg`;
    expect(await store.get(key)).toEqual(Buffer.from('data'));
    const call = calls[0]!;
    const again = signV4({
      method: 'GET',
      url: new URL(call.url),
      payloadHash: call.headers['x-amz-content-sha256']!,
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      region: 'cn-north-1',
      service: 's3',
      date: new Date('2025-03-01T08:09:10Z'),
    });
    expect(call.headers['authorization']).toBe(again['authorization']);
  });

  it('answers null for a missing object, throws on other failures, and refuses bad keys before any request', async () => {
    const { store: missing } = fake(() => new Response('NoSuchKey', { status: 404 }));
    expect(await missing.get(`${'c'.repeat(64)}.png`)).toBeNull();
    const { store: failing } = fake(() => new Response('SlowDown', { status: 503 }));
    await expect(failing.get(`${'c'.repeat(64)}.png`)).rejects.toThrow(/503/);
    await expect(failing.put(Buffer.from('x'), 'png')).rejects.toThrow(/503/);
    const { store, calls } = fake(() => new Response(null));
    for (const key of traversalKeys) await expect(store.get(key)).rejects.toMatchObject({ code: 'upload/bad_key' });
    expect(calls).toHaveLength(0);
  });
});
