import { AppError } from '../../platform/errors';
import type { AuthorityService } from '../authority';

/**
 * 省 市 区县 of an address (通讯地址, 工作单位地址), each below the one before, as "山东省 济南市 历下区".
 * The regions are those of the authority tree (GB/T 2260 codes). A city without counties is whole.
 */
export async function regionName(authorities: AuthorityService, a: { provinceId: string; cityId: string; countyId?: string | null }, field: string): Promise<string> {
  const bad = () => new AppError(400, 'collection/region_invalid', '请选择正确的省、市、区县', { field });
  const province = await authorities.byId(a.provinceId);
  const city = await authorities.byId(a.cityId);
  if (!province || province.level !== 'province' || !city || city.parentId !== province.id) throw bad();
  if (!a.countyId) {
    if ((await authorities.children(city.id)).length > 0) throw new AppError(400, 'collection/region_invalid', '请选择区县', { field });
    return `${province.name} ${city.name}`;
  }
  const county = await authorities.byId(a.countyId);
  if (!county || county.parentId !== city.id) throw bad();
  return `${province.name} ${city.name} ${county.name}`;
}
