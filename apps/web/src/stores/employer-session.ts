import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/employer';
import type { EmployerView } from '../api/employer';

/** The 单位法人用户 logged in on this browser, as the server says (GET /api/employer/session). */
export const useEmployerSessionStore = defineStore('employer-session', () => {
  const employer = ref<EmployerView | null>(null);
  const loaded = ref(false);
  const loggedIn = computed(() => employer.value !== null);

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    try {
      employer.value = (await api.getEmployerSession()).employer;
    } catch {
      employer.value = null;
    } finally {
      loaded.value = true;
    }
  }

  function set(view: EmployerView | null): void {
    employer.value = view;
    loaded.value = true;
  }

  async function logout(): Promise<void> {
    await api.logoutEmployer();
    set(null);
  }

  return { employer, loaded, loggedIn, load, set, logout };
});
