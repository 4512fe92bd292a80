import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as consoleApi from '../api/console';
import type { StaffView } from '../api/console';

/** The 财政用户 logged in to the console, as the server says (GET /api/console/session). */
export const useStaffSessionStore = defineStore('staff-session', () => {
  const staff = ref<StaffView | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const loggedIn = computed(() => staff.value !== null);
  const isAdmin = computed(() => !!staff.value?.roles.includes('admin'));
  /** An administrator of the 财政部 (100000): keeps the 会计准则制度 library and the 高端会计人才 pages. */
  const isNationalAdmin = computed(() => isAdmin.value && staff.value?.authorityId === '100000');
  /** Only 审核员 claim and decide (the server checks it too). */
  const isReviewer = computed(() => !!staff.value?.roles.includes('reviewer'));
  /** The password was set by an administrator: 修改密码 first, nothing else. */
  const mustChangePassword = computed(() => !!staff.value?.mustChangePassword);

  /** Loads the session once; `force` asks the server again. Any failure reads as "not logged in". */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= consoleApi
      .getConsoleSession()
      .then((r) => {
        staff.value = r.staff;
      })
      .catch(() => {
        staff.value = null;
      })
      .finally(() => {
        loaded.value = true;
        pending = null;
      });
    return pending;
  }

  /** Login ends in several steps (password, then 动态口令): the page calls this on the last one. */
  function signedIn(view: StaffView): void {
    staff.value = view;
    loaded.value = true;
  }

  /** The server said the session is gone (401): forget it without asking again. */
  function clear(): void {
    staff.value = null;
    loaded.value = true;
  }

  async function logout(): Promise<void> {
    await consoleApi.consoleLogout();
    clear();
  }

  return { staff, loaded, loggedIn, isAdmin, isNationalAdmin, isReviewer, mustChangePassword, load, signedIn, clear, logout };
});
