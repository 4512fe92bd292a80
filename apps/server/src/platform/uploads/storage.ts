import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AppError } from '../errors';

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Where accepted files live. Keys are derived from the content (`<sha256>.<ext>`): identical files
 * are stored once, and no part of a key ever comes from what the user typed or named.
 */
export interface FileStore {
  put(bytes: Buffer, ext: string): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
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

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
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

  async delete(key: string): Promise<void> {
    assertFileKey(key);
    this.files.delete(key);
  }

  /** The keys held (tests). */
  keys(): string[] {
    return [...this.files.keys()];
  }
}

export type S3Config = {
  /** e.g. `https://s3.cn-north-1.amazonaws.com.cn` or `http://127.0.0.1:9000` (MinIO). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Tries per request (the SDK's retry with backoff for 5xx, throttling and network errors); 3 by default. */
  maxAttempts?: number;
};

const S3_TIMEOUT_MS = 30_000;

/**
 * An S3-compatible bucket through the AWS SDK's S3 client (SigV4, retries, error parsing), path-style
 * (`endpoint/bucket/key`) so it works with MinIO and private endpoints without wildcard DNS. Checksums
 * only where the API requires them: the SDK's default CRC32 trailers are not understood by every
 * S3-compatible store (阿里云 OSS, 腾讯云 COS, older MinIO), and the key is the body's SHA-256, which the
 * signature covers anyway.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      maxAttempts: config.maxAttempts ?? 3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: S3_TIMEOUT_MS },
    });
  }

  async put(bytes: Buffer, ext: string): Promise<string> {
    const key = contentKey(bytes, ext);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: bytes, ContentType: CONTENT_TYPES[ext as keyof typeof CONTENT_TYPES] }),
    );
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    assertFileKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertFileKey(key);
    // S3 answers 204 for a key that does not exist, so a second removal is no error either.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  /** Closes the client's sockets (on app close). */
  close(): void {
    this.client.destroy();
  }
}
