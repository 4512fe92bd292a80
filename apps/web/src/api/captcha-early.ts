import { EARLY_CAPTCHA_ID } from '@ausm/domain';
import { getCaptcha, type Captcha } from './account';

/**
 * A captcha asked for while a login page's chunk is still on its way (issue 19: on a phone the captcha image is the
 * login page's largest paint, and asking only once the page has mounted cost a round trip after the chunk).
 * The route's loader starts it; the first CaptchaImage to mount takes it, once. A captcha is single use and
 * expires, so one not taken within a minute is left unused and the image asks for its own.
 */
const FRESH_MS = 60_000;
type EarlyCaptcha = Pick<Captcha, 'id' | 'svg'>;
let early: { at: number; answer: Promise<EarlyCaptcha> } | undefined = import.meta.env.SSR ? undefined : fromPageHtml();

/**
 * The captcha the server put into a first page's HTML (登录, 找回密码; @ausm/domain EARLY_CAPTCHA_*): it is on the
 * screen already, so the page takes it rather than asking for another. Read once, as the scripts start, before
 * the live page replaces the HTML's.
 */
function fromPageHtml(): { at: number; answer: Promise<EarlyCaptcha> } | undefined {
  const img = document.querySelector<HTMLImageElement>('#app img.captcha__img[data-captcha-id]');
  const id = img?.dataset.captchaId;
  const src = img?.getAttribute('src') ?? '';
  if (!id || id === EARLY_CAPTCHA_ID || !src.includes(',')) return undefined;
  return { at: Date.now(), answer: Promise.resolve({ id, svg: decodeURIComponent(src.slice(src.indexOf(',') + 1)) }) };
}

export function askCaptchaEarly(): void {
  // Rendering the login page at build time (entry-server.ts): no server to ask, no visitor to show it to.
  if (import.meta.env.SSR) return;
  // The loader may run twice for one visit (prefetchFirstPage, then the router): one captcha is enough.
  if (early && Date.now() - early.at < FRESH_MS) return;
  const answer = getCaptcha();
  // A refusal (429, say) is met by the image when it takes the promise; until then it is not unhandled.
  answer.catch(() => undefined);
  early = { at: Date.now(), answer };
}

/** The early captcha's answer when one is waiting and fresh; undefined otherwise (then ask the server). */
export function takeEarlyCaptcha(): Promise<EarlyCaptcha> | undefined {
  const taken = early;
  early = undefined;
  return taken && Date.now() - taken.at < FRESH_MS ? taken.answer : undefined;
}
