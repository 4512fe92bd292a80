import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';
import { sha256Hex, signV4 } from './sigv4';

/**
 * Where accepted files live. Keys are derived from the content (`<sha256>.<ext>`): identical files
 * are stored once, and no part of a key ever comes from what the user typed or named.
 */
export interface FileStore {
  put(bytes: Buffer, ext: string): Promise<string>;
  get(key: string): Promise<Buffer | null>;
}

export const FILE_EXTENSIONS = ['jpg', 'png', 'pdf'] as const;
const KEY = /^[0-9a-f]{64}\.(jpg|png|pdf)$/;

export const CONTENT_TYPES: Record<(typeof FILE_EXTENSIONS)[number], string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

export function contentKey(bytes: Buffer, ext: string): string {
  if (!(FILE_EXTENSIONS as readonly string[]).includes(ext)) throw new TypeError(`unsupported file extension: ${ext}`);
  return `${sha256Hex(bytes)}.${ext}`;
}

/**
 * The only gate between a key and a path or URL. Keys reach `get` from routes, so anything that is
 * not exactly a content key (`../`, a drive letter, an encoded slash) is refused, never normalised.
 */
export function assertFileKey(key: string): void {
  if (!KEY.test(key)) throw new AppError(400, 'upload/bad_key', '文件标识无效', { field: 'file' });
}

/** Files on local disk under `rootDir/ab/cd/<sha256>.<ext>`, two levels so no directory grows huge. */
export class LocalFileStore implements FileStore {
  constructor(private readonly rootDir: string) {}

  pathOf(key: string): string {
    assertFileKey(key);
    return join(this.rootDir, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Buffer, ext: string): Promise<string> {
    const key = contentKey(bytes, ext);
    const path = this.pathOf(key);
    if (await exists(path)) return key;
    await mkdir(join(path, '..'), { recursive: true });
    // Write then rename: a reader never sees half a file, and a crash leaves only a temp file behind.
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Files in memory, for an in-memory database (tests, `dataDir: null`): the files vanish with the
 * rows that point at them. Never used when the data is meant to last.
 */
export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, Buffer>();

  async put(bytes: Buffer, ext: string): Promise<string> {
    const key = contentKey(bytes, ext);
    if (!this.files.has(key)) this.files.set(key, Buffer.from(bytes));
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    assertFileKey(key);
    return this.files.get(key) ?? null;
  }
}

export type S3Config = {
  /** e.g. `https://s3.cn-north-1.amazonaws.com.cn` or `http://127.0.0.1:9000` (MinIO), no trailing slash needed. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  fetchImpl?: typeof fetch;
  now?: () => Date;
};

/**
 * An S3-compatible bucket, path-style (`endpoint/bucket/key`) so it works with MinIO and private
 * endpoints without wildcard DNS. Signed with SigV4 by hand: two requests do not justify an SDK.
 */
export class S3FileStore implements FileStore {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly config: S3Config) {
    this.fetchImpl = config.fetchImpl ?? fetch;
    this.now = config.now ?? (() => new Date());
  }

  private url(key: string): URL {
    assertFileKey(key);
    return new URL(`${this.config.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(this.config.bucket)}/${key}`);
  }

  private sign(method: string, url: URL, payloadHash: string, headers: Record<string, string> = {}) {
    const { accessKeyId, secretAccessKey, region } = this.config;
    return signV4({ method, url, headers, payloadHash, accessKeyId, secretAccessKey, region, service: 's3', date: this.now() });
  }

  async put(bytes: Buffer, ext: string): Promise<string> {
    const key = contentKey(bytes, ext);
    const url = this.url(key);
    const payloadHash = key.slice(0, 64); // the key is the body's SHA-256, which SigV4 signs too
    const headers = this.sign('PUT', url, payloadHash, { 'content-type': CONTENT_TYPES[ext as keyof typeof CONTENT_TYPES] });
    const res = await this.fetchImpl(url, { method: 'PUT', headers, body: bytes, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`S3 PUT ${key} failed: ${res.status} ${await res.text().catch(() => '')}`);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    const url = this.url(key);
    const headers = this.sign('GET', url, sha256Hex(''));
    const res = await this.fetchImpl(url, { method: 'GET', headers, signal: AbortSignal.timeout(30_000) });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`S3 GET ${key} failed: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
}
