import { reactive, watch } from 'vue';
import type { Router } from 'vue-router';
import { extendSession, getSessionExpiry } from '../../api/account';
import { ApiError, onAuthRequired } from '../../api/client';
import { useSessionStore } from '../../stores/session';

export const SESSION_ENDED_MESSAGE = '登录已失效，请重新登录。长时间未操作、登录已满12小时、在别处重置了密码或修改了手机号，都会使登录失效。';

/** How long before the session ends the page warns (WCAG 2.2.1 asks for at least 20 seconds). */
export const SESSION_WARNING_MS = 2 * 60_000;

/**
 * A session on the clock, the portal's or the console's: what its two dialogs (SessionExpiryDialog) show and
 * how it asks the server. `state.endsAt` is the browser's time at which the session ends unless 继续使用 is
 * pressed; `state.ended` says the server has ended it (the login page is next, then `state.back`).
 */
export interface SessionTimer {
  state: { warning: boolean; endsAt: number; ended: boolean; back: string };
  /** Where 重新登录 leads (`loginQuery`: the 单位登录 tab's `tab=employer`). */
  loginPath: string;
  loginQuery: Record<string, string>;
  /** Sets the warning for a session the server says lasts `expiresInMs` more unless used. */
  schedule(expiresInMs: number): void;
  /** Asks how long is left (without prolonging it); an ended session calls `onEnded`. */
  check(): Promise<void>;
  stop(): void;
  extend(): Promise<{ expiresInMs: number }>;
  logout(): Promise<void>;
}

export function createSessionTimer(api: {
  loginPath: string;
  loginQuery?: Record<string, string>;
  peek: () => Promise<{ expiresInMs: number }>;
  extend: () => Promise<{ expiresInMs: number }>;
  logout: () => Promise<void>;
  /** The server answered 401 to the question: the session is gone. */
  onEnded?: (timer: SessionTimer) => void;
}): SessionTimer {
  const state = reactive({ warning: false, endsAt: 0, ended: false, back: '/' });
  let timer: number | undefined;
  const stop = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
  };
  const self: SessionTimer = {
    state,
    loginPath: api.loginPath,
    loginQuery: api.loginQuery ?? {},
    extend: api.extend,
    logout: api.logout,
    stop() {
      stop();
      state.warning = false;
    },
    // Any use of the site meanwhile prolongs the session on the server, so when the time comes the server is
    // asked again (without prolonging it) and the warning shows only if the end is really near.
    schedule(expiresInMs) {
      stop();
      const endsAt = Date.now() + expiresInMs;
      if (expiresInMs <= SESSION_WARNING_MS) {
        state.endsAt = endsAt;
        state.warning = true;
        return;
      }
      state.warning = false;
      timer = window.setTimeout(() => void self.check(), expiresInMs - SESSION_WARNING_MS);
    },
    async check() {
      stop();
      try {
        const { expiresInMs } = await api.peek();
        self.schedule(expiresInMs);
      } catch (err) {
        state.warning = false;
        if (err instanceof ApiError && err.status === 401) api.onEnded?.(self);
        // Offline or the server busy: ask again in a minute rather than warn about nothing.
        else timer = window.setTimeout(() => void self.check(), 60_000);
      }
    },
  };
  return self;
}

/** The accountant's session (the console has its own, console/session-timer.ts). */
export const portalSession = createSessionTimer({
  loginPath: '/login',
  peek: getSessionExpiry,
  extend: extendSession,
  logout: async () => {
    const session = useSessionStore();
    await session.logout().catch(() => session.forget());
  },
  // A 401 also reaches onAuthRequired below, which opens 登录已失效.
});
export const sessionExpiry = portalSession.state;

/**
 * The portal's session on the clock. While an accountant is logged in the portal knows when the session
 * would end unused, warns two minutes before (继续使用 extends it, SessionExpiryDialog), and when a request
 * finds it ended (idle for 30 minutes, the 12-hour limit, or a password reset elsewhere) says so at once:
 * the header forgets the name and a dialog leads to the login page, which returns here afterwards.
 */
export function watchSessionExpiry(router: Router): void {
  const session = useSessionStore();
  watch(
    () => session.account?.id ?? null,
    (id) => (id ? void portalSession.check() : portalSession.stop()),
  );
  onAuthRequired(() => {
    const route = router.currentRoute.value;
    if (route.meta.console || !session.loggedIn || sessionExpiry.ended) return;
    session.forget();
    sessionExpiry.back = route.fullPath;
    sessionExpiry.ended = true;
  });
}

/** After 重新登录 in the 登录已失效 dialog: to the login page, which brings the person back. */
export function leaveEndedSession(router: Router, timer: SessionTimer): Promise<unknown> {
  timer.state.ended = false;
  const back = timer.state.back;
  const here = router.currentRoute.value;
  if (here.path === timer.loginPath) return Promise.resolve();
  return router.push({ path: timer.loginPath, query: back === '/' ? timer.loginQuery : { ...timer.loginQuery, redirect: back } });
}
