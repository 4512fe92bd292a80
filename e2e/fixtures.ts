import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { A11yWatch, formatViolations, instrumentPlaywright, setActiveA11yWatch } from './a11y';

export { expect };
export type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
export { checkA11y, type A11yViolation } from './a11y';

let journeys = 0;

/**
 * Playwright's `test`, with each journey's browser coming from an address of its own (X-Forwarded-For, which
 * the server believes from loopback: playwright.config.ts starts it with TRUST_PROXY=loopback), as people do
 * behind the production proxy. The per-address limits (60 captchas a minute, 20 SMS codes an hour) then count
 * each journey apart, not the whole suite as one 127.0.0.1. Addresses from 198.19.0.0/16 (RFC 2544's range for
 * tests; helpers.ts gives the people it registers 198.18.x.y).
 */
const addressed = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    journeys += 1;
    await use({ ...extraHTTPHeaders, 'x-forwarded-for': `198.19.${(journeys >> 8) & 255}.${journeys & 255}` });
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
    async ({ browser, context, a11yWatch }, use) => {
      const problems: string[] = [];
      const contexts: BrowserContext[] = [];
      const watchPage = (page: Page) => {
        instrumentPlaywright(page);
        page.on('pageerror', (err) => problems.push(`page error at ${page.url()}: ${err.message}`));
        page.on('console', (msg) => {
          if (msg.type() === 'error' && /Content.Security.Policy|CSP violation/i.test(msg.text())) problems.push(`at ${page.url()}: ${msg.text()}`);
        });
      };
      const watchContext = async (ctx: BrowserContext) => {
        contexts.push(ctx);
        await ctx.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
          });
        });
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
