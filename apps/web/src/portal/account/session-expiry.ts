import { ElMessageBox } from 'element-plus';
import type { Router } from 'vue-router';
import { onAuthRequired } from '../../api/client';
import { useSessionStore } from '../../stores/session';

export const SESSION_ENDED_MESSAGE = '登录已失效，请重新登录。长时间未操作、登录已满12小时、在别处重置了密码或修改了手机号，都会使登录失效。';

/**
 * When a request of a logged-in accountant finds the session ended (idle for 30 minutes, or ended
 * by a password reset), the portal says so at once: the header forgets the name, and a dialog
 * leads to the login page, which returns here afterwards. The console has its own (useConsoleError).
 */
export function watchSessionExpiry(router: Router): void {
  let telling = false;
  onAuthRequired(() => {
    const route = router.currentRoute.value;
    const session = useSessionStore();
    if (route.meta.console || !session.loggedIn || telling) return;
    session.forget();
    telling = true;
    const back = route.fullPath;
    void ElMessageBox.alert(SESSION_ENDED_MESSAGE, '登录已失效', { confirmButtonText: '重新登录', type: 'warning', showClose: false })
      .catch(() => undefined)
      .then(() => {
        telling = false;
        const here = router.currentRoute.value;
        if (here.path !== '/login') return router.push({ path: '/login', query: back === '/' ? {} : { redirect: back } });
      });
  });
}
