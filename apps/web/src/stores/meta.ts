import { defineStore } from 'pinia';
import { ref } from 'vue';
import { messageOf } from '../api/client';
import { getMeta, type Mode } from '../api/meta';

/** The platform's mode: the 沙箱 tag and page exist only in sandbox mode. */
export const useMetaStore = defineStore('meta', () => {
  const mode = ref<Mode | null>(null);
  const error = ref('');
  let pending: Promise<void> | null = null;

  function load(): Promise<void> {
    if (mode.value) return Promise.resolve();
    pending ??= getMeta()
      .then((m) => {
        mode.value = m.mode;
        error.value = '';
      })
      .catch((e: unknown) => {
        error.value = messageOf(e);
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  return { mode, error, load };
});
