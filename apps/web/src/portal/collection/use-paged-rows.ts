import { computed, ref, watch, type Ref } from 'vue';

export const PAGE_SIZES = [20, 50, 100];

/**
 * A page of a person's records for el-table: 200 rows rendered at once cost about a second on a slow
 * machine, a page of 20 stays instant. A record just added shows at once: the table turns to the last
 * page when the list grows.
 */
export function usePagedRows<T>(rows: Ref<readonly T[]>) {
  const page = ref(1);
  const pageSize = ref(PAGE_SIZES[0]!);
  const lastPage = () => Math.max(1, Math.ceil(rows.value.length / pageSize.value));

  watch(
    () => rows.value.length,
    (n, before) => {
      if (before !== undefined && n > before) page.value = lastPage();
      else if (page.value > lastPage()) page.value = lastPage();
    },
  );

  const shown = computed(() => rows.value.slice((page.value - 1) * pageSize.value, page.value * pageSize.value));
  /** 序号 across pages. */
  const indexOf = (i: number) => (page.value - 1) * pageSize.value + i + 1;

  return { page, pageSize, shown, indexOf };
}
