import { ElMessage } from 'element-plus';

/**
 * Status messages for screen readers (WCAG 4.1.3): two live regions that exist from the start (a region
 * inserted together with its text is often not read), one polite for "已保存" / "已提交" and one assertive for
 * errors. Every ElMessage of the portal and console goes through them (installMessageAnnouncer), so a page
 * needs nothing of its own to be heard; a page may call announce() for news that shows no message.
 */
let polite: HTMLElement | null = null;
let assertive: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function region(id: string, live: 'polite' | 'assertive'): HTMLElement {
  const existing = document.getElementById(id);
  if (existing) return existing;
  const el = document.createElement('div');
  el.id = id;
  el.className = 'sr-only';
  el.setAttribute('aria-live', live);
  el.setAttribute('aria-atomic', 'true');
  el.setAttribute('role', live === 'polite' ? 'status' : 'alert');
  el.dataset.testid = `a11y-live-${live}`;
  document.body.append(el);
  return el;
}

export function installLiveRegions(): void {
  polite = region('a11y-live-polite', 'polite');
  assertive = region('a11y-live-assertive', 'assertive');
}

/** Says `text` through the live region; the same text twice in a row is said twice. */
export function announce(text: string, politeness: 'polite' | 'assertive' = 'polite'): void {
  if (!polite || !assertive) installLiveRegions();
  const target = politeness === 'polite' ? polite! : assertive!;
  const other = politeness === 'polite' ? assertive! : polite!;
  other.textContent = '';
  target.textContent = '';
  clearTimeout(timer);
  // A change the reader notices: empty first, then the words a moment later.
  timer = setTimeout(() => {
    target.textContent = text;
  }, 100);
}

type MessageFn = (options?: unknown, appContext?: unknown) => unknown;
type Kind = 'success' | 'warning' | 'info' | 'error' | 'primary';

const textOf = (options: unknown): string => {
  if (typeof options === 'string') return options;
  if (options && typeof options === 'object' && 'message' in options) {
    const m = (options as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return '';
};
const kindOf = (options: unknown, fallback: Kind | undefined): Kind | undefined =>
  fallback ?? (options && typeof options === 'object' && 'type' in options ? ((options as { type?: Kind }).type ?? undefined) : undefined);

let installed = false;

/**
 * Routes ElMessage (ElMessage(...), ElMessage.success/warning/info/error) through the live regions. Element
 * Plus gives each message role="alert" of its own, which would have it read twice: that role is taken off the
 * message the call just showed, and the live region speaks instead.
 */
export function installMessageAnnouncer(): void {
  if (installed) return;
  installed = true;
  installLiveRegions();
  const message = ElMessage as unknown as MessageFn & Record<Kind, MessageFn>;
  const wrap =
    (show: MessageFn, fixed?: Kind): MessageFn =>
    (options, appContext) => {
      const handle = show(options, appContext);
      const text = textOf(options);
      if (text) {
        announce(text, kindOf(options, fixed) === 'error' ? 'assertive' : 'polite');
        const shown = document.querySelectorAll('.el-message[role="alert"]');
        shown[shown.length - 1]?.removeAttribute('role');
      }
      return handle;
    };
  for (const kind of ['success', 'warning', 'info', 'error', 'primary'] as const) {
    if (typeof message[kind] === 'function') message[kind] = wrap(message[kind].bind(message), kind);
  }
  // ElMessage(...) itself, called as a function, is not used by the portal or console: only its kinds are.
}
