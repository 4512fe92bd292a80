import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers';
import { StoredObjects } from './objects';
import { contentKey, MemoryFileStore } from './storage';
import { makePdf } from './test-files';

/** A store whose deletes can be made to fail, as an unreachable bucket would. */
class FlakyStore extends MemoryFileStore {
  failDeletes = false;
  override async delete(key: string): Promise<void> {
    if (this.failDeletes) throw new Error('store unreachable');
    return super.delete(key);
  }
}

describe('StoredObjects: an object goes when no module names it', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const setup = () => {
    const store = new FlakyStore();
    const failures: string[] = [];
    const objects = new StoredObjects(app.database.db, store, (_err, key) => failures.push(key));
    // Two modules' rows, as sets of the keys they name.
    const a = new Set<string>();
    const b = new Set<string>();
    objects.register('a', async (_tx, key) => a.has(key));
    objects.register('b', async (_tx, key) => b.has(key));
    const put = (bytes: Buffer) => app.database.db.transaction((tx) => objects.put(tx, { key: contentKey(bytes, 'pdf'), bytes, type: 'pdf' }));
    return { store, failures, objects, a, b, put };
  };

  it('releases what no module names, keeps what any one does, and ignores empty keys', async () => {
    const { store, objects, a, b, put } = setup();
    const [one, two, three] = [await put(makePdf(3001)), await put(makePdf(3002)), await put(makePdf(3003))];
    a.add(two);
    b.add(three);
    await objects.release([one, two, three, null, undefined, one]);
    expect(store.keys().sort()).toEqual([two, three].sort());
  });

  it('reports a delete the store refused instead of throwing, and a later release removes the object', async () => {
    const { store, failures, objects, put } = setup();
    const key = await put(makePdf(3004));
    store.failDeletes = true;
    await objects.release([key]);
    expect(failures).toEqual([key]);
    expect(store.keys()).toEqual([key]);
    store.failDeletes = false;
    await objects.release([key]);
    expect(store.keys()).toEqual([]);
  });
});
