import { ref, watch, type Ref } from 'vue';
import { listAuthorities, type AuthorityNode } from '../../api/authority';
import { messageOf } from '../../api/client';

/**
 * The options of 省 / 市 / 区县 selects, read from the tree of 会计管理部门 (its regions are those of
 * GB/T 2260): the provinces at once, the cities of the chosen province, the counties of the chosen city.
 */
export function useRegionOptions(province: Ref<string>, city: Ref<string>) {
  const provinces = ref<AuthorityNode[]>([]);
  const cities = ref<AuthorityNode[]>([]);
  const counties = ref<AuthorityNode[]>([]);
  const error = ref('');

  async function children(parentId: string | undefined, into: Ref<AuthorityNode[]>): Promise<void> {
    if (parentId === '') {
      into.value = [];
      return;
    }
    try {
      const items = (await listAuthorities(parentId)).items;
      // A later choice may have answered first; only the current parent's children are kept.
      if (parentId === undefined || parentId === (into === cities ? province.value : city.value)) into.value = items;
    } catch (err) {
      error.value = messageOf(err);
    }
  }

  void children(undefined, provinces);
  watch(province, (id) => children(id, cities), { immediate: true });
  watch(city, (id) => children(id, counties), { immediate: true });

  return { provinces, cities, counties, error };
}
