import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../platform/audit';
import { AdjustableClock } from '../../platform/clock';
import { StoredObjects } from '../../platform/uploads/objects';
import { UploadService } from '../../platform/uploads/service';
import { MemoryFileStore } from '../../platform/uploads/storage';
import { chunksOf, makeJpeg } from '../../platform/uploads/test-files';
import { buildTestApp } from '../../test/helpers';
import { FileService } from './service';
import { files } from './tables';

const HOUR = 60 * 60 * 1000;

/** A store whose deletes can be made to fail, as an unreachable bucket would. */
class FlakyStore extends MemoryFileStore {
  failDeletes = false;
  override async delete(key: string): Promise<void> {
    if (this.failDeletes) throw new Error('store unreachable');
    return super.delete(key);
  }
}

describe('FileService.removeExpired (issue 17)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const setup = () => {
    const clock = new AdjustableClock();
    const store = new FlakyStore();
    const service = new FileService(app.database.db, clock, new UploadService(), store, new StoredObjects(app.database.db, store), app.reviewEngine, new AuditLog(clock));
    return { clock, store, service };
  };
  const jpeg = (n: number) => makeJpeg({ width: 100 + n * 8, height: 80, size: 12_000 });
  const upload = (service: FileService, account: string, bytes: Buffer) => service.upload(account, 'realname_photo', chunksOf(bytes), 'a.jpg');
  const rows = async (ids: string[]) => (await app.database.db.select({ id: files.id }).from(files).where(inArray(files.id, ids))).length;

  it('removes nothing within the day, then the row and its object', async () => {
    const { clock, store, service } = setup();
    const f = await upload(service, randomUUID(), jpeg(1));
    clock.advance(23 * HOUR);
    expect(await service.removeExpired()).toBe(0);
    expect(await rows([f.id])).toBe(1);
    clock.advance(2 * HOUR);
    expect(await service.removeExpired()).toBe(1);
    expect(await rows([f.id])).toBe(0);
    expect(store.keys()).toEqual([]);
  });

  it('never removes a claimed upload, and keeps an object another row shares', async () => {
    const { clock, store, service } = setup();
    const [a, b] = [randomUUID(), randomUUID()];
    const aFile = await upload(service, a, jpeg(2));
    const bFile = await upload(service, b, jpeg(2)); // same bytes: one object, two rows
    expect(store.keys()).toHaveLength(1);
    await app.database.db.transaction((tx) => service.claim(tx, b, bFile.id, 'realname_photo', { usedBy: `test:${randomUUID()}`, field: 'f', label: '照片' }));
    clock.advance(25 * HOUR);
    expect(await service.removeExpired()).toBe(1);
    expect(await rows([aFile.id, bFile.id])).toBe(1);
    expect(store.keys()).toHaveLength(1);
  });

  it('keeps the row when the object cannot be deleted, and removes both on the next run', async () => {
    const { clock, store, service } = setup();
    const f = await upload(service, randomUUID(), jpeg(3));
    clock.advance(25 * HOUR);
    store.failDeletes = true;
    await expect(service.removeExpired()).rejects.toThrow('store unreachable');
    expect(await rows([f.id])).toBe(1);
    expect(store.keys()).toHaveLength(1);
    store.failDeletes = false;
    expect(await service.removeExpired()).toBe(1);
    expect(await rows([f.id])).toBe(0);
    expect(store.keys()).toEqual([]);
  });

  it('lets an upload of the same bytes during a removal keep its object', async () => {
    const { clock, store, service } = setup();
    const old = await upload(service, randomUUID(), jpeg(4));
    clock.advance(25 * HOUR);
    // Both at once: whichever takes the key's lock first, the fresh row ends with its object.
    const [, fresh] = await Promise.all([service.removeExpired(), upload(service, randomUUID(), jpeg(4))]);
    expect(await rows([old.id])).toBe(0);
    expect(await rows([fresh.id])).toBe(1);
    expect(store.keys()).toHaveLength(1);
  });
});
