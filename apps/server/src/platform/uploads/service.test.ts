import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { UploadPurpose } from '@ausm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFile } from './inspect';
import { displayName, UploadService } from './service';
import { sha256Hex } from './sigv4';
import { LocalFileStore, type FileStore } from './storage';
import { chunksOf, makeExif, makeJpeg, makePdf, makePng } from './test-files';

class MemoryStore implements FileStore {
  readonly files = new Map<string, Buffer>();
  async put(bytes: Buffer, ext: string) {
    const key = `${sha256Hex(bytes)}.${ext}`;
    this.files.set(key, bytes);
    return key;
  }
  async get(key: string) {
    return this.files.get(key) ?? null;
  }
}

const setup = () => {
  const store = new MemoryStore();
  return { store, service: new UploadService(store) };
};
const refused = (code: string, message?: string) => ({ status: 400, code, ...(message ? { message } : {}), extra: { field: 'file' } });

/** Accepts or names the refusal code; keeps the boundary tables short. */
async function outcome(purpose: UploadPurpose, bytes: Buffer, name = 'file'): Promise<string> {
  try {
    await setup().service.accept(purpose, chunksOf(bytes), name);
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('UploadService.accept: each rule’s boundaries on real files', () => {
  it('standard_photo: 10KB exactly passes, one byte less fails; 295×413 passes, 294×413 fails', async () => {
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 413, size: 10240 }))).toBe('ok');
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 413, size: 10239 }))).toBe('upload/too_small');
    expect(await outcome('standard_photo', makeJpeg({ width: 294, height: 413, size: 20000 }))).toBe('upload/dimensions');
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 412, size: 20000 }))).toBe('upload/dimensions');
    const { service } = setup();
    await expect(service.accept('standard_photo', chunksOf(makeJpeg({ width: 294, height: 413, size: 20000 })), 'a.jpg')).rejects.toMatchObject(
      refused('upload/dimensions', '照片像素不足295×413px'),
    );
  });

  it('realname_photo: jpg or png from 10KB', async () => {
    expect(await outcome('realname_photo', makeJpeg({ width: 600, height: 400, size: 10240 }))).toBe('ok');
    expect(await outcome('realname_photo', makePng({ width: 100, height: 100, size: 10240 }))).toBe('ok');
    expect(await outcome('realname_photo', makePng({ width: 100, height: 100, size: 10239 }))).toBe('upload/too_small');
  });

  it('proof: 20480 fails, 20481 passes, 512000 passes, 512001 fails', async () => {
    const jpeg = (size: number) => makeJpeg({ width: 800, height: 600, size });
    expect(await outcome('proof', jpeg(20480))).toBe('upload/too_small');
    expect(await outcome('proof', jpeg(20481))).toBe('ok');
    expect(await outcome('proof', jpeg(512000))).toBe('ok');
    expect(await outcome('proof', jpeg(512001))).toBe('upload/too_large');
    expect(await outcome('proof', makePng({ width: 800, height: 600, size: 30000 }))).toBe('ok');
    const { service } = setup();
    await expect(service.accept('proof', chunksOf(jpeg(20480)), 'a.jpg')).rejects.toMatchObject(refused('upload/too_small', '文件大小须大于20KB'));
    await expect(service.accept('proof', chunksOf(jpeg(512001)), 'a.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过500KB'));
  });

  it('transfer_proof: 204799 passes, 204800 fails', async () => {
    expect(await outcome('transfer_proof', makeJpeg({ width: 800, height: 600, size: 204799 }))).toBe('ok');
    expect(await outcome('transfer_proof', makePng({ width: 80, height: 60, size: 204799 }))).toBe('ok');
    expect(await outcome('transfer_proof', makeJpeg({ width: 800, height: 600, size: 204800 }))).toBe('upload/too_large');
  });

  it('ce_proof: a PDF of 2MB passes, one byte more fails', async () => {
    expect(await outcome('ce_proof', makePdf(2 * 1024 * 1024))).toBe('ok');
    expect(await outcome('ce_proof', makePdf(2 * 1024 * 1024 + 1))).toBe('upload/too_large');
    expect(await outcome('ce_proof', makeJpeg({ width: 100, height: 100 }))).toBe('upload/type');
  });
});

describe('UploadService.accept: what the bytes say, not the name', () => {
  it('refuses a PNG renamed .jpg where only jpg is allowed', async () => {
    const { service } = setup();
    const png = makePng({ width: 300, height: 420, size: 30000 });
    await expect(service.accept('standard_photo', chunksOf(png), '证件照.jpg')).rejects.toMatchObject(
      refused('upload/type', '文件格式不正确：只能上传jpg图片'),
    );
    // The same file where PNG is allowed is stored as what it is.
    await expect(service.accept('proof', chunksOf(png), '证明.jpg')).resolves.toMatchObject({ type: 'png', key: expect.stringMatching(/\.png$/) });
  });

  it('refuses a zero-byte file', async () => {
    const { service } = setup();
    await expect(service.accept('proof', chunksOf(Buffer.alloc(0)), 'a.jpg')).rejects.toMatchObject(refused('upload/empty', '文件为空'));
  });

  it('refuses a truncated JPEG and a PNG whose header claims more than its data', async () => {
    const { service, store } = setup();
    const jpeg = makeJpeg({ width: 800, height: 600, size: 30000 });
    await expect(service.accept('proof', chunksOf(jpeg.subarray(0, 25000)), 'a.jpg')).rejects.toMatchObject(
      refused('upload/corrupt', '图片文件已损坏或不完整'),
    );
    const liar = makePng({ width: 300, height: 413, claim: { width: 3000, height: 4130 }, size: 25000 });
    await expect(service.accept('proof', chunksOf(liar), 'a.png')).rejects.toMatchObject(refused('upload/corrupt', '图片文件已损坏或不完整'));
    expect(store.files.size).toBe(0);
  });

  it('refuses a file that calls itself a PDF and is not one', async () => {
    const { service } = setup();
    const fake = Buffer.from(`%PDF-1.7\n${'这不是PDF'.repeat(100)}`);
    await expect(service.accept('ce_proof', chunksOf(fake), '学分证明.pdf')).rejects.toMatchObject(refused('upload/corrupt', '不是有效的PDF文件'));
    await expect(service.accept('ce_proof', chunksOf(Buffer.from('PK\u0003\u0004 a docx')), '学分证明.pdf')).rejects.toMatchObject(
      refused('upload/type', '文件格式不正确：只能上传PDF文件'),
    );
  });
});

describe('UploadService.accept: reading', () => {
  it('stops reading a 50 MB upload just past the cap and destroys the stream', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let read = 0;
    let finished = false;
    async function* fifty() {
      try {
        yield Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
        while (read < 50 * 1024 * 1024) {
          read += chunk.length;
          yield chunk;
        }
      } finally {
        finished = true;
      }
    }
    const { service } = setup();
    await expect(service.accept('proof', fifty(), 'big.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过500KB'));
    expect(read).toBeLessThanOrEqual(512000 + chunk.length);
    expect(finished).toBe(true);

    const stream = Readable.from(fifty());
    read = 0;
    await expect(service.accept('realname_photo', stream, 'big.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过10MB'));
    expect(read).toBeLessThan(10 * 1024 * 1024 + 20 * chunk.length); // Readable.from buffers up to 16 chunks ahead
    expect(stream.destroyed).toBe(true);
  });

  it('reports a stream that breaks mid-file as interrupted', async () => {
    async function* broken() {
      yield Buffer.from([0xff, 0xd8, 0xff]);
      throw new Error('aborted');
    }
    await expect(setup().service.accept('proof', broken(), 'a.jpg')).rejects.toMatchObject(refused('upload/interrupted'));
  });
});

describe('UploadService.accept: storing', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ausm-uploads-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores a path-like name under its content key and keeps only the base name for display', async () => {
    const service = new UploadService(new LocalFileStore(root));
    const bytes = makeJpeg({ width: 400, height: 500, size: 30000 });
    const a = await service.accept('proof', chunksOf(bytes), '../../etc/passwd.jpg');
    expect(a).toEqual({ key: `${sha256Hex(bytes)}.jpg`, type: 'jpg', size: 30000, width: 400, height: 500, sha256: sha256Hex(bytes), name: 'passwd.jpg' });
    const b = await service.accept('proof', chunksOf(bytes), 'C:\\x\\a.jpg');
    expect(b.key).toBe(a.key);
    expect(b.name).toBe('a.jpg');
    expect(await readdir(root)).toEqual([a.key.slice(0, 2)]);
  });

  it('removes EXIF GPS before storing and the stored image still inspects', async () => {
    const store = new LocalFileStore(root);
    const service = new UploadService(store);
    const photo = makeJpeg({ width: 600, height: 800, app1: [makeExif(6)], size: 40000 });
    expect(photo.includes('GPS')).toBe(true);
    const accepted = await service.accept('realname_photo', chunksOf(photo), 'IMG_0001.JPG');
    const stored = await store.get(accepted.key);
    expect(stored).not.toBeNull();
    expect(stored!.includes('GPS')).toBe(false);
    expect(accepted.size).toBe(stored!.length);
    expect(accepted.sha256).toBe(sha256Hex(stored!));
    await expect(inspectFile(stored!)).resolves.toEqual({ type: 'jpg', width: 600, height: 800 });
  });
});

describe('displayName', () => {
  it('keeps the base name only, without control or direction characters, at most 100 characters', () => {
    expect(displayName('../../etc/passwd.jpg')).toBe('passwd.jpg');
    expect(displayName('C:\\x\\a.png')).toBe('a.png');
    expect(displayName('证明\u202Egpj.exe')).toBe('证明gpj.exe');
    expect(displayName('a\u0000b\n.pdf')).toBe('ab.pdf');
    expect(displayName('..')).toBe('未命名文件');
    expect(displayName('dir/')).toBe('未命名文件');
    const long = `${'很长的文件名'.repeat(30)}.jpeg`;
    const shown = displayName(long);
    expect([...shown]).toHaveLength(100);
    expect(shown.endsWith('.jpeg')).toBe(true);
  });
});
