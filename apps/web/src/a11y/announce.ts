import { ElMessage } from 'element-plus';

/**
 * Status messages for screen readers (WCAG 4.1.3). Two live regions exist from the start (a region inserted
 * together with its text is often not read): one polite (role=status) for "已保存" / "已提交" and one assertive
 * (role=alert) for errors. Every ElMessage of the portal and console is rendered INSIDE one of them
 * (installMessageAnnouncer passes `appendTo`), so the message a sighted person sees is the one a screen reader
 * says, once, and a page needs nothing of its own to be heard. announce() says words that show no message.
 */
let polite: HTMLElement | null = null;
let assertive: HTMLElement | null = null;

function region(id: string, live: 'polite' | 'assertive'): HTMLElement {
  const existing = document.getElementById(id);
  if (existing) return existing;
  const el = document.createElement('div');
  el.id = id;
  el.className = 'a11y-live';
  el.setAttribute('aria-live', live);
  el.setAttribute('role', live === 'polite' ? 'status' : 'alert');
  el.dataset.testid = `a11y-live-${live}`;
  document.body.append(el);
  return el;
}

export function installLiveRegions(): void {
  polite = region('a11y-live-polite', 'polite');
  assertive = region('a11y-live-assertive', 'assertive');
}

/** Says `text` through a live region without showing anything; the same text twice in a row is said twice. */
export function announce(text: string, politeness: 'polite' | 'assertive' = 'polite'): void {
  if (!polite || !assertive) installLiveRegions();
  const target = politeness === 'polite' ? polite! : assertive!;
  const span = document.createElement('span');
  span.className = 'sr-only';
  span.textContent = text;
  target.append(span);
  setTimeout(() => span.remove(), 5000);
}

type MessageFn = (options?: unknown, appContext?: unknown) => unknown;
type Kind = 'success' | 'warning' | 'info' | 'error' | 'primary';

let installed = false;

/**
 * Renders ElMessage.success/warning/info/error/primary inside the live regions: errors in the assertive one,
 * the rest in the polite one. Element Plus gives each message role="alert" of its own, which would make a
 * "已保存" interrupt the reader: that role is taken off, the region's own politeness decides.
 */
export function installMessageAnnouncer(): void {
  if (installed) return;
  installed = true;
  installLiveRegions();
  const message = ElMessage as unknown as MessageFn & Record<Kind, MessageFn>;
  for (const kind of ['success', 'warning', 'info', 'error', 'primary'] as const) {
    const show = message[kind];
    if (typeof show !== 'function') continue;
    message[kind] = (options, appContext) => {
      const container = kind === 'error' ? assertive! : polite!;
      const opts = typeof options === 'object' && options !== null ? { ...(options as object) } : { message: options };
      const handle = show.call(message, { appendTo: container, ...opts }, appContext);
      for (const shown of container.querySelectorAll('.el-message[role="alert"]')) shown.removeAttribute('role');
      return handle;
    };
  }
}
