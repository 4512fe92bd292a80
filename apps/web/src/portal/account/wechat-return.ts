import { portalPath } from './portal-path';

// Where to go after a WeChat login: the login page's ?redirect, kept across the trip to WeChat's QR page.
const KEY = 'ausm.wechatReturn';

export function rememberWechatReturn(path: string): void {
  try {
    sessionStorage.setItem(KEY, path);
  } catch {
    // Storage refused (private mode): home is where the person lands then.
  }
}

/** The remembered path, once; only paths inside the portal. */
export function takeWechatReturn(): string {
  let path: string | null = null;
  try {
    path = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
  } catch {
    path = null;
  }
  return portalPath(path);
}
