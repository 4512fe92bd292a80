import { watch } from 'vue';
import type { Router } from 'vue-router';
import { extendConsoleSession, getConsoleSessionExpiry } from '../api/console';
import { createSessionTimer } from '../portal/account/session-expiry';
import { useStaffSessionStore } from '../stores/staff-session';

/**
 * The console's session on the clock, as the portal's: two minutes before an unused session ends the console
 * warns (继续使用 extends it); once it has ended, 登录已失效 leads to the console's login page and back.
 */
export function useConsoleSessionTimer(router: Router) {
  const staff = useStaffSessionStore();
  const timer = createSessionTimer({
    loginPath: '/console/login',
    peek: getConsoleSessionExpiry,
    extend: extendConsoleSession,
    logout: () => staff.logout().catch(() => staff.clear()),
    onEnded: (t) => {
      staff.clear();
      t.state.back = router.currentRoute.value.fullPath;
      t.state.ended = true;
    },
  });
  watch(
    () => staff.staff?.id ?? null,
    (id) => (id ? void timer.check() : timer.stop()),
    { immediate: true },
  );
  return timer;
}
