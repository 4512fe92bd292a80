import { and, asc, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { authorities } from './tables';

export type Authority = typeof authorities.$inferSelect;
export type AuthorityNode = Pick<Authority, 'id' | 'name' | 'level' | 'parentId' | 'examProvince'> & { leaf: boolean };

/** The org tree: reads only; it is seeded from GB/T 2260 and changes with a release. */
export class AuthorityService {
  private cache = new Map<string, Authority>();

  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<Authority | null> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    if (id.length > 12) return null;
    const [row] = await this.db.select().from(authorities).where(eq(authorities.id, id));
    if (row) this.cache.set(id, row);
    return row ?? null;
  }

  async require(id: string, field = 'authorityId'): Promise<Authority> {
    const a = await this.byId(id);
    if (!a) throw new AppError(400, 'authority/unknown', '会计管理部门不存在', { field });
    return a;
  }

  /** Children of a node (the root's when parentId is null), for the cascader's lazy levels. */
  async children(parentId: string | null): Promise<AuthorityNode[]> {
    const rows = await this.db
      .select()
      .from(authorities)
      .where(parentId ? eq(authorities.parentId, parentId) : eq(authorities.level, 'province'))
      .orderBy(asc(authorities.sort), asc(authorities.id));
    return rows.map((r) => ({ id: r.id, name: r.name, level: r.level, parentId: r.parentId, examProvince: r.examProvince, leaf: r.level === 'county' }));
  }

  /** The chain from the province down to the node, for labels like 山东省-济南市-历下区. */
  async chain(id: string): Promise<Authority[]> {
    const a = await this.byId(id);
    if (!a) return [];
    // Each link from this process's cache once read (the tree changes only with a release).
    const ids = a.path.split('/').filter(Boolean);
    const missing = ids.filter((i) => !this.cache.has(i));
    if (missing.length > 0) for (const row of await this.db.select().from(authorities).where(inArray(authorities.id, missing))) this.cache.set(row.id, row);
    return ids.map((i) => this.cache.get(i)!).filter((r) => r && r.level !== 'national');
  }

  async label(id: string): Promise<string> {
    return (await this.chain(id)).map((a) => a.name).join('-');
  }

  /** True when `id` is `scopeId` itself or below it. */
  async within(scopePath: string, id: string): Promise<boolean> {
    const a = await this.byId(id);
    return !!a && a.path.startsWith(scopePath);
  }

  /** The ids of the authorities within a subtree, as a subquery for other modules' scope filters. */
  idsWithin(rootPath: string) {
    return this.db.select({ id: authorities.id }).from(authorities).where(like(authorities.path, `${rootPath}%`));
  }

  async subtree(rootPath: string, level?: Authority['level']) {
    const conds = [like(authorities.path, `${rootPath}%`)];
    if (level) conds.push(eq(authorities.level, level));
    return this.db.select().from(authorities).where(and(...conds)).orderBy(asc(authorities.path));
  }
}
