import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** Methods that change nothing (RFC 9110 §9.2.1): a cross-site page may cause them, as any link does. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_MESSAGE = '请求来源不是本平台的页面，已拒绝。请在本平台页面中操作';

/**
 * Why a state-changing request comes from another site, or null when it does not.
 *
 * Browsers send `Origin` with every POST/PUT/PATCH/DELETE and, since 2020-2023, `Sec-Fetch-Site`
 * with every request; neither can be set by a page's script. So:
 * - an `Origin` equal to PUBLIC_BASE_URL's: allowed;
 * - `Sec-Fetch-Site: cross-site` or `same-site` (a sibling subdomain is another application): refused;
 * - an `Origin` whose host is not this request's own: refused, `null` included
 *   (a sandboxed frame, a `data:` page, a redirect from elsewhere);
 * - neither header: allowed. No browser sends a state-changing request without both in the
 *   browsers the platform supports, so such a request comes from a program (curl, the tests, a
 *   payment provider's server-to-server notification, a load balancer). A program holds no
 *   victim's cookie that a browser would attach behind the person's back, which is the whole of
 *   CSRF; it authenticates with what it holds itself, or with the signature its route checks.
 *
 * The host compared is `request.host`, which is the Host header, or X-Forwarded-Host only from a
 * proxy TRUST_PROXY names. Both schemes of the host are taken: behind a TLS-terminating proxy the app
 * sees http while the browser says https, and in production HSTS keeps browsers off http anyway.
 */
export function crossSiteReason(request: Pick<FastifyRequest, 'method' | 'headers' | 'host'>, allowedOrigins: readonly string[]): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.origin;
  // PUBLIC_BASE_URL is where people reach the portal, whatever Host the proxy passes on.
  if (origin !== undefined && allowedOrigins.includes(origin)) return null;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `sec-fetch-site: ${site}`;
  if (origin === undefined) return null;
  let host: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `origin: ${origin}`;
    host = url.host;
  } catch {
    return `origin: ${origin}`; // "null", or no URL at all
  }
  return host.toLowerCase() === request.host.toLowerCase() ? null : `origin: ${origin}`;
}

/**
 * Refuses cross-site state-changing requests (CSRF) before anything else runs, an upload's body
 * included: an `onRequest` hook on the root, so every route of every module has it.
 */
export function installCrossSiteGuard(app: FastifyInstance, options: { allowedOrigins: readonly string[] }): void {
  app.addHook('onRequest', async (request) => {
    const reason = crossSiteReason(request, options.allowedOrigins);
    if (reason) {
      request.log.warn({ reason, method: request.method, url: request.routeOptions.url ?? request.url.split('?')[0] }, 'cross-site request refused');
      throw new AppError(403, 'request/cross_site', CROSS_SITE_MESSAGE);
    }
  });
}

/**
 * Content-Security-Policy of every answer, the built portal's pages included. The portal is Vite's
 * output: module scripts and style sheets from /assets, no inline script and no inline style, so both
 * come from 'self' only, and no script attribute (onclick=…) runs at all. Vue and Element Plus set
 * styles through the CSSOM (element.style), which CSP does not govern; every journey of e2e/ runs
 * under this policy and fails on a violation (e2e/helpers.ts). Two pages need more, each on its own:
 * Swagger UI (/api/docs) writes <style> elements from its script (swaggerUiCsp), and the printable
 * proof templates carry one <style> element, allowed by its hash (allowStyleHash).
 *
 * Images: data: (the captcha is an SVG data URL, the QR codes are drawn to data URLs) and blob:
 * (the preview of a photo before upload). frame-ancestors 'none': no site frames the platform
 * (clickjacking of 审核通过 or 提交).
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): Promise<void> {
  // helmet (the maintained library @fastify/helmet wraps) decides the headers, once: they depend on nothing of the
  // request. @fastify/helmet built helmet's middleware again for every request, which halved the requests a core
  // serves (bench/README.md, session 12). The headers helmet sets are taken once and every answer gets them in one
  // call; a route may still replace one (the files' own CSP, swaggerUiCsp, allowStyleHash).
  const headers = headersOf(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only behind HTTPS: on http://<LAN address> it would send every asset to an https that is not there.
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HTTPS only in production: a year, as browsers' preload lists ask. In the sandbox (http://localhost) none.
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The sandbox phone pages open in a new window of the same origin; nothing of another origin is opened.
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers a helmet middleware sets (and removes: X-Powered-By), taken from one run of it. */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Swagger UI's own need, for its pages only (the transformStaticCSP of @fastify/swagger-ui): its
 * bundle writes <style> elements at run time. Its scripts stay 'self'; the page is documentation
 * reading the public OpenAPI document and holds no one's data.
 */
export const swaggerUiCsp = (header: string): string => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Allows one inline <style> element, by the hash of its text, on this answer only. */
export function allowStyleHash(reply: FastifyReply, hash: string): void {
  const header = reply.getHeader('content-security-policy');
  if (typeof header === 'string') reply.header('content-security-policy', header.replace("style-src 'self'", `style-src 'self' '${hash}'`));
}
