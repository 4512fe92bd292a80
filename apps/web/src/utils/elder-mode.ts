import { readonly, ref } from 'vue';
import { ELDER_CLASS, ELDER_MODE_KEY } from './elder-mode-keys';

/**
 * 长辈版 (issue 19, the 2020 programme for elder-friendly government websites): text at 150 % and stronger
 * contrast, switched in the portal's header and remembered per browser. The mode is a class on <html>
 * (styles.css: `html.elder-mode` raises the root font size every portal size is given in rem, Element Plus's
 * font and component sizes, and darkens text and borders), so no inline style is needed (CSP). The console, a
 * desktop tool of its own, keeps its sizes: App.vue sets the class on portal pages only.
 */
const KEY = ELDER_MODE_KEY;
export { ELDER_CLASS };

function stored(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    return false; // storage refused (a private window): the standard version
  }
}

const elder = ref(typeof window !== 'undefined' && stored());

export function useElderMode() {
  return readonly(elder);
}

export function setElderMode(on: boolean): void {
  elder.value = on;
  try {
    if (on) window.localStorage.setItem(KEY, '1');
    else window.localStorage.removeItem(KEY);
  } catch {
    // Not remembered, but still on for this visit.
  }
}

/** Puts the class on <html> when the mode is on and the page is the portal's. */
export function applyElderMode(portalPage: boolean): void {
  document.documentElement.classList.toggle(ELDER_CLASS, elder.value && portalPage);
}
