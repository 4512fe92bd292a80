import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';
export type { Browser, BrowserContext, Locator, Page } from '@playwright/test';

let journeys = 0;

/**
 * Playwright's `test`, with each journey's browser coming from an address of its own (X-Forwarded-For, which
 * the server believes from loopback: playwright.config.ts starts it with TRUST_PROXY=loopback), as people do
 * behind the production proxy. The per-address limits (60 captchas a minute, 20 SMS codes an hour) then count
 * each journey apart, not the whole suite as one 127.0.0.1. Addresses from 198.19.0.0/16 (RFC 2544's range for
 * tests; helpers.ts gives the people it registers 198.18.x.y).
 */
export const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    journeys += 1;
    await use({ ...extraHTTPHeaders, 'x-forwarded-for': `198.19.${(journeys >> 8) & 255}.${journeys & 255}` });
  },
});
