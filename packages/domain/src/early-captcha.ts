/**
 * The captcha a login page's HTML carries (issue 19). The first pages are rendered to HTML at build time
 * (apps/web/src/entry-server.ts); CaptchaImage renders there an image holding these two placeholders, and the
 * server, sending such a page, puts a captcha it issues for that visit in their place (apps/server/src/app.ts).
 * A phone then shows the captcha with the page, not after the page's scripts and a request of their own.
 */
export const EARLY_CAPTCHA_ID = '__EARLY_CAPTCHA_ID__';
export const EARLY_CAPTCHA_SVG = '__EARLY_CAPTCHA_SVG__';

/** The captcha's SVG (GET /api/captcha) as the image's address: the server's markup never enters a page as HTML. */
export const captchaDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
