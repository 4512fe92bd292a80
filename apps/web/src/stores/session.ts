import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as accountApi from '../api/account';
import type { AccountView, LoginBody, WechatLoginBody, WechatLoginOutcome } from '../api/account';

/** Who is logged in, as the server says (GET /api/session); the account is masked. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<AccountView | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  /**
   * Counts what this page learnt of the session otherwise (a login, a logout): an answer to GET /api/session
   * asked before that is out of date and is dropped (public pages ask in the background while the person logs in).
   */
  let changes = 0;

  const loggedIn = computed(() => account.value !== null);

  /** Loads the session once; `force` asks the server again. Any failure reads as "not logged in". */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    const asked = changes;
    pending ??= accountApi
      .getSession()
      .then((r) => {
        if (asked === changes) account.value = r.account;
      })
      .catch(() => {
        if (asked === changes) account.value = null;
      })
      .finally(() => {
        loaded.value = true;
        pending = null;
      });
    return pending;
  }

  async function login(body: LoginBody): Promise<AccountView> {
    const r = await accountApi.login(body);
    changes += 1;
    account.value = r.account;
    loaded.value = true;
    return r.account;
  }

  /** The return from WeChat's QR page: logged in at once, or a WeChat to bind by a password login. */
  async function loginWithWechat(body: WechatLoginBody): Promise<WechatLoginOutcome> {
    const outcome = await accountApi.loginWithWechat(body);
    if (outcome.status === 'logged_in') {
      changes += 1;
      account.value = outcome.account;
      loaded.value = true;
    }
    return outcome;
  }

  async function logout(): Promise<void> {
    await accountApi.logout();
    changes += 1;
    account.value = null;
  }

  /** The server said the session has ended: forget the account without asking it again. */
  function forget(): void {
    changes += 1;
    account.value = null;
    loaded.value = true;
  }

  return { account, loaded, loggedIn, load, login, loginWithWechat, logout, forget };
});
