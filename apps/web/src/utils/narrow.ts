import { readonly, ref } from 'vue';

/**
 * Whether the window is a phone's (narrower than 768 px, Element Plus's `sm`): one reactive answer for the pages
 * whose shape changes there beyond what CSS can do (the step bar of 信息采集 becomes 第 n 步/共 6 步, forms put
 * their labels on top). The breakpoint is the one of styles.css's media queries.
 */
export const NARROW_QUERY = '(max-width: 767px)';

const narrow = ref(false);
let watching = false;

export function useNarrow() {
  if (!watching && typeof window !== 'undefined' && window.matchMedia) {
    watching = true;
    const query = window.matchMedia(NARROW_QUERY);
    narrow.value = query.matches;
    query.addEventListener('change', (e) => (narrow.value = e.matches));
  }
  return readonly(narrow);
}
