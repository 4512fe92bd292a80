import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { A11yWatch, formatViolations, instrumentPlaywright, setActiveA11yWatch } from './a11y';

export { expect };
export type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
export { checkA11y, type A11yViolation } from './a11y';

/**
 * A journey whose subject does not depend on the screen's width (a lock, a race, a header of the server's, a console
 * page): the mobile project leaves it out (playwright.config.ts), as it does whole files of such journeys, to keep
 * CI within its time. Tag one only when every page and dialog it shows is shown at 375 px by another journey.
 */
export const ANY_WIDTH = { tag: '@any-width' };

let journeys = 0;

/** The address of the platform the journeys of worker `index` use (playwright.config.ts starts one a worker). */
export function serverURL(index = base.info().parallelIndex): string {
  return `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + index}`;
}

const SIDEWAYS = 'horizontal scroll:';

/**
 * In every page of a phone journey: after each change of the page settles (a navigation, a dialog opened, a
 * step of a form), the page must not scroll sideways; a page that does is reported as a warning, which the
 * fixture turns into a failure of the journey. Runs in the page, through an init script.
 */
function watchSidewaysScroll(marker: string): void {
  // What makes a portal page scroll sideways, or null: the page is wider than the window
  // (document.scrollingElement.scrollWidth > innerWidth), with the outermost elements that stick out. The
  // console is a desktop tool (1280 px and up) and is not measured.
  const measure = (): string | null => {
    // Nor are /api/docs (Swagger UI, a third-party tool for developers) and the API's own answers.
    if (!location.protocol.startsWith('http') || /^\/(console|api)(\/|$)/.test(location.pathname) || !document.scrollingElement) return null;
    // A phone's browser widens its layout viewport (innerWidth) to a page wider than the screen, so the screen's
    // width is the measure as well.
    const room = Math.min(window.innerWidth, screen.width);
    const width = document.scrollingElement.scrollWidth;
    if (width <= room) return null;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${Array.from(el.classList).slice(0, 3).map((c) => `.${c}`).join('')}`;
    const out = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > room + 1 && !el.parentElement?.closest('svg'))
      .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > room + 1))
      .slice(0, 4)
      .map((el) => `${describe(el)} (to ${Math.round(el.getBoundingClientRect().right)} px)`);
    return `${location.pathname} is ${width} px wide on a screen of ${room} px: ${out.join(', ') || 'no element found'}`;
  };
  let timer: number | undefined;
  const reported = new Set<string>();
  const check = () => {
    window.clearTimeout(timer);
    // Once the page has been still for a moment: not in the middle of a transition.
    timer = window.setTimeout(() => {
      const found = measure();
      const where = found?.replace(/ is \d+ px wide/, '').replace(/\(to \d+ px\)/g, '');
      if (found && where && !reported.has(where)) {
        reported.add(where);
        console.warn(`${marker} ${found}`);
      }
    }, 400);
  };
  // For the check at the end of the journey.
  (window as unknown as { __sidewaysScroll: () => string | null }).__sidewaysScroll = measure;
  window.addEventListener('load', check);
  window.addEventListener('resize', check);
  document.addEventListener('DOMContentLoaded', () => new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true }));
}

/**
 * Playwright's `test`, with each journey's browser coming from an address of its own (X-Forwarded-For, which
 * the server believes from loopback: playwright.config.ts starts it with TRUST_PROXY=loopback), as people do
 * behind the production proxy. The per-address limits (60 captchas a minute, 20 SMS codes an hour) then count
 * each journey apart, not the whole suite as one 127.0.0.1. Addresses from 198.19.0.0/16 (RFC 2544's range for
 * tests; helpers.ts gives the people it registers 198.18.x.y).
 */
const addressed = base.extend({
  // The platform of this worker (playwright.config.ts starts one a worker).
  baseURL: async ({}, use, testInfo) => {
    await use(serverURL(testInfo.parallelIndex));
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
    journeys += 1;
    // Each worker process has addresses of its own, also one started again after a failure (workerIndex counts
    // them; a new process counts its journeys from 0 again, on the same platform).
    const third = (testInfo.workerIndex * 16 + (journeys >> 8)) & 255;
    await use({ ...extraHTTPHeaders, 'x-forwarded-for': `198.19.${third}.${journeys & 255}` });
  },
});

/**
 * The journeys' `test`: every page a journey opens (its own, a second window, `browser.newPage()`)
 * is watched, and the journey fails on a Content-Security-Policy violation or an uncaught error in
 * the page, which would otherwise pass unseen whenever the assertions did not look at what broke
 * (issue 17 item 15: the CSP must not break any page). Violations are reported by an init script,
 * which runs outside the page's CSP, through the `securitypolicyviolation` event.
 *
 * And every page it reaches is checked with axe-core (a11y.ts, issue 19): before each action on a page whose
 * address or open dialogs changed since its last check, and on every open page at the journey's end. A serious
 * or critical violation of a WCAG 2.0/2.1 A/AA rule fails the journey, listing rule, impact, selectors and page.
 * `a11yWatch.violations` holds the findings (the check's own test reads and clears them).
 */
const watched = addressed.extend<{ a11yWatch: A11yWatch; pageProblems: string[] }>({
  a11yWatch: [
    async ({ baseURL }, use) => {
      const watch = new A11yWatch(baseURL ? new URL(baseURL).origin : undefined);
      setActiveA11yWatch(watch);
      try {
        await use(watch);
      } finally {
        setActiveA11yWatch(null);
      }
    },
    { auto: true },
  ],
  pageProblems: [
    async ({ browser, context, a11yWatch }, use, testInfo) => {
      const problems: string[] = [];
      const contexts: BrowserContext[] = [];
      const phone = !!testInfo.project.use.isMobile;
      const watchPage = (page: Page) => {
        instrumentPlaywright(page);
        page.on('pageerror', (err) => problems.push(`page error at ${page.url()}: ${err.message}`));
        page.on('console', (msg) => {
          if (msg.type() === 'error' && /Content.Security.Policy|CSP violation/i.test(msg.text())) problems.push(`at ${page.url()}: ${msg.text()}`);
          if (msg.type() === 'warning' && msg.text().startsWith(SIDEWAYS)) problems.push(msg.text());
        });
      };
      const watchContext = async (ctx: BrowserContext) => {
        contexts.push(ctx);
        await ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
          });
        });
        if (phone) await ctx.addInitScript(watchSidewaysScroll, SIDEWAYS);
        ctx.pages().forEach(watchPage);
        ctx.on('page', watchPage);
      };
      await watchContext(context);
      // browser.newPage() opens a context of its own through newContext: watch those too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof browser.newContext>) => {
        const ctx = await newContext(...args);
        await watchContext(ctx);
        return ctx;
      };
      try {
        await use(problems);
        // The end of the journey as well, whatever the last change was.
        if (phone) {
          for (const ctx of contexts)
            for (const page of ctx.pages()) {
              const found = await page
                .evaluate(() => (window as unknown as { __sidewaysScroll?: () => string | null }).__sidewaysScroll?.() ?? null)
                .catch(() => null);
              if (found) problems.push(`${SIDEWAYS} at the end of the journey, ${found}`);
            }
        }
        // The pages as the journey leaves them.
        for (const ctx of contexts) await a11yWatch.visitContext(ctx).catch(() => undefined);
      } finally {
        browser.newContext = newContext;
      }
      expect(problems, 'CSP violations or uncaught errors in the pages of this journey').toEqual([]);
      if (a11yWatch.violations.length > 0) {
        throw new Error(`Accessibility violations (axe-core, WCAG 2.0/2.1 A/AA, serious or critical) in the pages of this journey:\n${formatViolations(a11yWatch.violations)}`);
      }
    },
    { auto: true },
  ],
});

/** The journeys' `test`: an address of its own, every page watched for CSP violations and errors, and checked by axe-core. */
export const test = watched;
