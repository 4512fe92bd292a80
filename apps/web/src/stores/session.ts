import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as accountApi from '../api/account';
import type { AccountView, LoginBody, WechatLoginBody, WechatLoginOutcome } from '../api/account';

/** Who is logged in, as the server says (GET /api/session); the account is masked. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<AccountView | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const loggedIn = computed(() => account.value !== null);

  /** Loads the session once; `force` asks the server again. Any failure reads as "not logged in". */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= accountApi
      .getSession()
      .then((r) => {
        account.value = r.account;
      })
      .catch(() => {
        account.value = null;
      })
      .finally(() => {
        loaded.value = true;
        pending = null;
      });
    return pending;
  }

  async function login(body: LoginBody): Promise<AccountView> {
    const r = await accountApi.login(body);
    account.value = r.account;
    loaded.value = true;
    return r.account;
  }

  /** The return from WeChat's QR page: logged in at once, or a WeChat to bind by a password login. */
  async function loginWithWechat(body: WechatLoginBody): Promise<WechatLoginOutcome> {
    const outcome = await accountApi.loginWithWechat(body);
    if (outcome.status === 'logged_in') {
      account.value = outcome.account;
      loaded.value = true;
    }
    return outcome;
  }

  async function logout(): Promise<void> {
    await accountApi.logout();
    account.value = null;
  }

  /** The server said the session has ended: forget the account without asking it again. */
  function forget(): void {
    account.value = null;
    loaded.value = true;
  }

  return { account, loaded, loggedIn, load, login, loginWithWechat, logout, forget };
});
