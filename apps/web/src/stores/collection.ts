import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getCollection, type CollectionState } from '../api/collection';

/**
 * The 信息采集 wizard's state, always as the server last said it (GET /api/collection or the answer of a
 * save). The router loads it before every step, so a person who left comes back to what they saved.
 */
export const useCollectionStore = defineStore('collection', () => {
  const state = ref<CollectionState | null>(null);

  /** Asks the server; throws the ApiError (the router turns 403 into the 实名认证 dialog). */
  async function load(): Promise<CollectionState> {
    const s = await getCollection();
    state.value = s;
    return s;
  }

  function set(s: CollectionState): void {
    state.value = s;
  }

  function clear(): void {
    state.value = null;
  }

  return { state, load, set, clear };
});
