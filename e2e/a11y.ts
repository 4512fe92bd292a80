import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Locator, Page } from '@playwright/test';

/**
 * The accessibility check of the journeys (issue 19): axe-core, run inside Chromium on every page a journey
 * reaches, portal and console. Rules of WCAG 2.0/2.1 levels A and AA; a violation of impact serious or critical
 * fails the journey. See docs/accessibility.md.
 *
 * How "every page" is found without the journeys asking for it: before each action a journey takes on a page
 * (a click, a fill, a key press, goto, close...), the page's state is read (its address and the dialogs and
 * drawers it shows); when it differs from the state last checked, the page is first left to settle (no DOM
 * change and no running animation for a moment) and axe runs on it, once per kind of state in a journey (see
 * stateKind). At the end of the journey every open page is checked once more. Besides axe, each page must have
 * one h1 and one main (structureViolations). The check therefore runs between the journey's own steps, never during one, so it cannot
 * disturb a click; and a new page or dialog cannot land without passing it.
 */

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const FAILING_IMPACTS = ['serious', 'critical'];

export interface A11yViolation {
  url: string;
  rule: string;
  impact: string;
  help: string;
  selectors: string[];
  /** The start of each element's markup, in the order of `selectors` (ids like el-id-1204-31 say little). */
  html?: string[];
}

/** Formats violations for a failure message: rule, impact, selectors and the page's address. */
export function formatViolations(violations: A11yViolation[]): string {
  return violations
    .map((v) => `[${v.impact}] ${v.rule} at ${v.url}: ${v.help}\n${v.selectors.map((s, i) => `    ${s}${v.html?.[i] ? `    ${v.html[i]}` : ''}`).join('\n')}`)
    .join('\n');
}

/** What identifies a state of the page worth checking: its address and the dialogs/drawers it shows. */
function pageState(): string {
  // Not a page of the platform's (a JSON answer the browser shows as text, an image): nothing to check.
  if (document.contentType !== 'text/html') return '';
  const shown = Array.from(document.querySelectorAll('[role="dialog"], [aria-modal="true"], .el-drawer, .el-message-box'))
    .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed')
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    })
    .map((el) => el.getAttribute('aria-label') ?? el.querySelector('.el-dialog__title, .el-drawer__title, .el-message-box__title')?.textContent ?? el.className)
    .join(',');
  return `${location.pathname}${location.search}${location.hash}|${shown}`;
}

/**
 * The kind of state a page is in: its path with ids taken out (/console/reviews/<uuid> → /console/reviews/:id)
 * and without the query, and the dialogs it shows. A journey checks each kind once (and every page again at its
 * end), so a journey walking ten review items pays for one check of the detail page.
 */
export function stateKind(state: string): string {
  const [address = '', dialogs = ''] = state.split('|');
  const path = address
    .replace(/[?#].*$/, '')
    .split('/')
    .map((seg) => (/^[0-9a-f-]{16,}$/i.test(seg) || /^\d+$/.test(seg) || /^[A-Za-z0-9_-]{20,}$/.test(seg) ? ':id' : seg))
    .join('/');
  return `${path}|${dialogs}`;
}

/** Waits (in the page) until nothing has changed for `quietMs` and no animation runs, at most `maxMs`. */
function settle([quietMs, maxMs]: [number, number]): Promise<void> {
  return new Promise((resolve) => {
    const start = performance.now();
    let last = performance.now();
    const observer = new MutationObserver(() => {
      last = performance.now();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const tick = () => {
      const now = performance.now();
      const animating = document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity);
      if (animating) last = now;
      if (now - last >= quietMs || now - start >= maxMs) {
        observer.disconnect();
        resolve();
      } else setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
  });
}

/**
 * The page's markup as axe sees it, without its words: each element's tag, classes, role, type, inline style,
 * the ARIA and accessibility attributes (values that are generated ids reduced to whether they point at an
 * element), and whether it has text of its own; hashed to 2 × 32 bits (FNV-1a). Two states with the same print
 * draw the same elements with the same colours, names and relations, so axe finds the same in both; only the
 * words differ (names of people, dates, numbers). An aria-label is kept whole with the element's text, for the
 * rule that compares them.
 */
function domPrint(): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    }
  };
  const idLike = /^(el-id-|el-|[a-z]+-)?[0-9a-f-]{4,}$|^el-id-\d+-\d+$/i;
  for (const el of Array.from(document.querySelectorAll('*'))) {
    feed(`<${el.tagName}`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name;
      if (name === 'id' || name === 'data-testid' || name === 'href' || name === 'src' || name === 'value' || name.startsWith('data-v-')) continue;
      if (name === 'for' || name === 'aria-labelledby' || name === 'aria-describedby' || name === 'aria-controls' || name === 'aria-owns' || name === 'aria-activedescendant') {
        feed(` ${name}=${attr.value.split(/\s+/).every((id) => id && document.getElementById(id)) ? 'ok' : 'missing'}`);
        continue;
      }
      if (name === 'aria-label' || name === 'alt' || name === 'title' || name === 'placeholder') {
        feed(` ${name}=${attr.value}|${name === 'aria-label' ? (el.textContent ?? '').trim() : ''}`);
        continue;
      }
      feed(` ${name}=${idLike.test(attr.value) ? '#' : attr.value}`);
    }
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '');
    feed(ownText ? '>t' : '>');
  }
  return `${a.toString(16)}${b.toString(16)}`;
}

/**
 * States axe found nothing in, by viewport, kind (stateKind) and print (domPrint), for the whole worker: a later
 * journey reaching the same page drawn the same way is not checked again. A state that differs in anything axe
 * reads (another dialog, a field shown, an error under a field, another colour) has another print and is checked.
 */
const cleanPrints = new Set<string>();

/** Runs axe-core in the page and returns its serious and critical violations of the WCAG A/AA rules. */
export async function axeViolations(page: Page): Promise<A11yViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // page.evaluate is not subject to the page's Content-Security-Policy (a <script> tag would be).
  if (!hasAxe) await page.evaluate(axeSource);
  const url = page.url();
  const found = await page.evaluate(
    async ([tags, impacts]) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact !== null && impacts.includes(v.impact))
        .map((v) => ({
          rule: v.id,
          impact: v.impact as string,
          help: v.help,
          selectors: v.nodes.map((n) => n.target.map(String).join(' >>> ')),
          html: v.nodes.map((n) => n.html.replace(/\s+/g, ' ').slice(0, 160)),
        }));
    },
    [A11Y_TAGS, FAILING_IMPACTS] as const,
  );
  return found.map((v) => ({ ...v, url }));
}

/**
 * The journeys' own rules beside axe's (axe counts them as best practice, issue 19 asks for them): a page has
 * exactly one h1 and one main landmark. Reported as violations of impact serious.
 */
export async function structureViolations(page: Page): Promise<A11yViolation[]> {
  const url = page.url();
  const found = await page.evaluate(() => {
    const out: { rule: string; help: string; selectors: string[] }[] = [];
    const h1s = Array.from(document.querySelectorAll('h1')).filter((h) => !h.closest('[aria-hidden="true"], [hidden]') && getComputedStyle(h).display !== 'none');
    if (h1s.length !== 1) {
      out.push({
        rule: 'one-h1',
        help: `A page has exactly one h1 (found ${h1s.length})`,
        selectors: h1s.length ? h1s.map((h) => `h1: ${(h.textContent ?? '').trim().slice(0, 40)}`) : ['html'],
      });
    }
    const mains = document.querySelectorAll('main, [role="main"]');
    if (mains.length !== 1) out.push({ rule: 'one-main', help: `A page has exactly one main landmark (found ${mains.length})`, selectors: ['html'] });
    return out;
  });
  return found.map((v) => ({ ...v, impact: 'serious', url }));
}

/** axe's violations and the journeys' own rules. */
export async function allViolations(page: Page): Promise<A11yViolation[]> {
  return [...(await axeViolations(page)), ...(await structureViolations(page))];
}

/**
 * Checks one page now (after letting it settle) and throws when it has serious or critical violations; for a
 * journey that wants to check a state the automatic check would not see (an open dropdown, a hover card).
 */
export async function checkA11y(page: Page): Promise<void> {
  await page.evaluate(settle, [300, 3000] as [number, number]);
  const violations = await allViolations(page);
  if (violations.length > 0) throw new Error(`Accessibility violations (axe-core, serious/critical):\n${formatViolations(violations)}`);
}

/** The automatic check of one journey: which state of each page was checked last, and what was found. */
export class A11yWatch {
  readonly violations: A11yViolation[] = [];
  private readonly seen = new Set<string>();
  private readonly kinds = new Set<string>();
  private readonly checked = new WeakMap<Page, string>();
  private readonly busy = new WeakSet<Page>();

  /**
   * `origin`: the platform's (the journeys' baseURL); pages of other sites a journey opens (a route-fulfilled
   * attacker's page) are not ours to check. /api/docs is Swagger UI, a third-party tool for developers, left
   * out too (docs/accessibility.md).
   */
  constructor(private readonly origin?: string) {}

  /** Checks the page if its state changed since it was last checked. Never throws: findings are collected. */
  async visit(page: Page, force = false): Promise<void> {
    if (page.isClosed() || this.busy.has(page)) return;
    this.busy.add(page);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const url = page.url();
          if (!/^https?:/.test(url)) return;
          const { origin, pathname } = new URL(url);
          if ((this.origin && origin !== this.origin) || /^\/api\/docs(\/|$)/.test(pathname)) return;
          const before = await page.evaluate(pageState);
          if (!before) return;
          if (this.checked.get(page) === before) return;
          if (!force && this.kinds.has(stateKind(before))) {
            this.checked.set(page, before);
            return;
          }
          await page.evaluate(settle, [300, 3000] as [number, number]);
          const state = await page.evaluate(pageState);
          this.kinds.add(stateKind(state));
          const print = `${page.viewportSize()?.width ?? 0}|${stateKind(state)}|${await page.evaluate(domPrint)}`;
          if (cleanPrints.has(print)) {
            this.checked.set(page, state);
            return;
          }
          let found = await allViolations(page);
          if (found.length > 0) {
            // A state in passing (a toast fading out while axe measured its contrast, on a loaded machine) is not
            // the page: what is found is looked for once more after the page settles, and only what remains counts.
            await page.evaluate(settle, [300, 3000] as [number, number]);
            const again = await allViolations(page);
            const same = (v: A11yViolation) => `${v.rule}|${v.selectors.join(',')}`;
            found = found.filter((v) => again.some((w) => same(w) === same(v)));
          }
          this.checked.set(page, state);
          if (found.length === 0) cleanPrints.add(print);
          for (const v of found) {
            const key = `${new URL(v.url).pathname}|${v.rule}|${v.selectors.join(',')}`;
            if (this.seen.has(key)) continue;
            this.seen.add(key);
            this.violations.push(v);
          }
          return;
        } catch (err) {
          // The page navigated or closed while being checked: try its new state once more.
          if (page.isClosed()) return;
          if (!/Execution context was destroyed|navigation|Target closed|has been closed/i.test(String(err))) throw err;
        }
      }
    } finally {
      this.busy.delete(page);
    }
  }

  async visitContext(context: BrowserContext): Promise<void> {
    for (const page of context.pages()) await this.visit(page, true);
  }
}

let active: A11yWatch | null = null;
let patched = false;

/** Sets the watch of the running journey (null at its end). */
export function setActiveA11yWatch(watch: A11yWatch | null) {
  active = watch;
}

/**
 * A first page (home, 登录, 注册, 帮助中心...) arrives with its markup in the HTML, inert until the portal's scripts
 * replace it with the live page (apps/web/scripts/prerender.mjs): a person's click or keystroke only works from then
 * on, so an action waits for it too, and the check looks at the live page.
 */
async function untilLive(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => !document.querySelector('#app[inert]'), undefined, { timeout: 20_000 });
  } catch (err) {
    if (page.isClosed() || /Execution context was destroyed|navigation|Target closed|has been closed/i.test(String(err))) return;
    throw err;
  }
}

const beforeAction = async (page: Page | undefined) => {
  if (!page) return;
  await untilLive(page);
  if (active) await active.visit(page);
};

type AnyFn = (...args: unknown[]) => Promise<unknown>;

function wrap(proto: Record<string, unknown>, names: string[], pageOf: (self: never) => Page | undefined) {
  for (const name of names) {
    const original = proto[name] as AnyFn | undefined;
    if (typeof original !== 'function') continue;
    proto[name] = async function (this: never, ...args: unknown[]) {
      await beforeAction(pageOf(this));
      return original.apply(this, args);
    };
  }
}

/**
 * Wraps the actions of Playwright's Page, Locator, Keyboard, Mouse and BrowserContext (once per worker) so that
 * each of them first lets the running journey's watch check the page. Needs one live page to reach the classes.
 */
export function instrumentPlaywright(page: Page) {
  if (patched) return;
  patched = true;
  const locator: Locator = page.locator('body');
  const actions = ['click', 'dblclick', 'fill', 'press', 'pressSequentially', 'type', 'check', 'uncheck', 'setChecked', 'selectOption', 'setInputFiles', 'hover', 'tap', 'focus', 'clear', 'selectText', 'dragTo'];
  wrap(Object.getPrototypeOf(locator), actions, (self: Locator) => self.page());
  wrap(Object.getPrototypeOf(page), [...actions, 'goto', 'reload', 'goBack', 'goForward', 'close', 'dragAndDrop'], (self: Page) => self);
  wrap(Object.getPrototypeOf(page.keyboard), ['press', 'type', 'insertText', 'down'], (self: { _page?: Page }) => self._page);
  wrap(Object.getPrototypeOf(page.mouse), ['click', 'dblclick', 'down', 'wheel'], (self: { _page?: Page }) => self._page);
  const contextProto = Object.getPrototypeOf(page.context()) as Record<string, unknown>;
  const close = contextProto.close as AnyFn;
  contextProto.close = async function (this: BrowserContext, ...args: unknown[]) {
    if (active) await active.visitContext(this);
    return close.apply(this, args);
  };
}
