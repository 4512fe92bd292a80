import { watch } from 'vue';
import type { Router } from 'vue-router';
import { extendEmployerSession, getEmployerSessionExpiry } from '../../api/employer';
import { onAuthRequired } from '../../api/client';
import { useEmployerSessionStore } from '../../stores/employer-session';
import { useSessionStore } from '../../stores/session';
import { createSessionTimer } from '../account/session-expiry';

/**
 * A 单位法人用户's session on the clock, as an accountant's (issue 19's time limits, WCAG 2.2.1): two minutes
 * before an unused session ends the portal warns (继续使用 extends it, SessionExpiryDialog); once a request finds
 * it ended, the header forgets the unit and 登录已失效 leads to the 单位登录 tab, which returns here afterwards.
 */
export const employerSession = createSessionTimer({
  loginPath: '/login',
  loginQuery: { tab: 'employer' },
  peek: getEmployerSessionExpiry,
  extend: extendEmployerSession,
  logout: async () => {
    const store = useEmployerSessionStore();
    await store.logout().catch(() => store.set(null));
  },
  // A 401 to the question also reaches onAuthRequired below, which opens 登录已失效.
});

export function watchEmployerSessionExpiry(router: Router): void {
  const store = useEmployerSessionStore();
  const person = useSessionStore();
  watch(
    () => store.employer?.id ?? null,
    (id) => {
      if (!id) return employerSession.stop();
      // A browser holds one session: the unit's login ended a person's (the server ends the cookie's previous session).
      if (person.account) person.forget();
      void employerSession.check();
    },
  );
  // And a person's login ended the unit's: its header and its clock go, with no 登录已失效 for it.
  watch(
    () => person.account?.id ?? null,
    (id) => {
      if (id && store.employer) store.set(null);
    },
  );
  onAuthRequired(() => {
    const route = router.currentRoute.value;
    if (route.meta.console || !store.loggedIn || employerSession.state.ended) return;
    store.set(null);
    employerSession.state.back = route.fullPath;
    employerSession.state.ended = true;
  });
}
