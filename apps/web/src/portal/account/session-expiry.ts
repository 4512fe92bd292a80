import { reactive, watch } from 'vue';
import type { Router } from 'vue-router';
import { getSessionExpiry } from '../../api/account';
import { ApiError, onAuthRequired } from '../../api/client';
import { useSessionStore } from '../../stores/session';

export const SESSION_ENDED_MESSAGE = '登录已失效，请重新登录。长时间未操作、登录已满12小时、在别处重置了密码或修改了手机号，都会使登录失效。';

/** How long before the session ends the portal warns (WCAG 2.2.1 asks for at least 20 seconds). */
export const SESSION_WARNING_MS = 2 * 60_000;

/**
 * What the two dialogs of the session show, read by App.vue, which loads a dialog (and Element's) only when
 * one opens: `warnAt` is the browser's time at which the session ends unless 继续使用 is pressed; `ended`
 * says the server has ended it (the login page is next).
 */
export const sessionExpiry = reactive({ warning: false, endsAt: 0, ended: false, back: '/' });

let timer: number | undefined;
const clear = () => {
  if (timer !== undefined) window.clearTimeout(timer);
  timer = undefined;
};

/**
 * Sets the warning for a session the server says lasts `expiresInMs` more unless used. Any use of the
 * portal meanwhile prolongs it on the server, so when the time comes the server is asked again (without
 * prolonging it) and the warning shows only if the end is really near.
 */
export function scheduleSessionWarning(expiresInMs: number): void {
  clear();
  const endsAt = Date.now() + expiresInMs;
  if (expiresInMs <= SESSION_WARNING_MS) {
    sessionExpiry.endsAt = endsAt;
    sessionExpiry.warning = true;
    return;
  }
  sessionExpiry.warning = false;
  timer = window.setTimeout(() => void checkSession(), expiresInMs - SESSION_WARNING_MS);
}

/** Asks how long is left; a session that has ended answers 401, which opens the 登录已失效 dialog. */
export async function checkSession(): Promise<void> {
  clear();
  try {
    const { expiresInMs } = await getSessionExpiry();
    scheduleSessionWarning(expiresInMs);
  } catch (err) {
    sessionExpiry.warning = false;
    // Offline or the server busy: ask again in a minute rather than warn about nothing.
    if (!(err instanceof ApiError && err.status === 401)) timer = window.setTimeout(() => void checkSession(), 60_000);
  }
}

/**
 * The portal's session on the clock. While an accountant is logged in the portal knows when the session
 * would end unused, warns two minutes before (继续使用 extends it, SessionExpiryDialog), and when a request
 * finds it ended (idle for 30 minutes, the 12-hour limit, or a password reset elsewhere) says so at once:
 * the header forgets the name and a dialog leads to the login page, which returns here afterwards. The
 * console has its own (useConsoleError).
 */
export function watchSessionExpiry(router: Router): void {
  const session = useSessionStore();
  watch(
    () => session.account?.id ?? null,
    (id) => {
      if (id) void checkSession();
      else {
        clear();
        sessionExpiry.warning = false;
      }
    },
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
export function leaveEndedSession(router: Router): Promise<unknown> {
  sessionExpiry.ended = false;
  const back = sessionExpiry.back;
  const here = router.currentRoute.value;
  if (here.path === '/login') return Promise.resolve();
  return router.push({ path: '/login', query: back === '/' ? {} : { redirect: back } });
}
