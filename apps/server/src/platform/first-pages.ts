import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { captchaDataUrl, EARLY_CAPTCHA_ID, EARLY_CAPTCHA_SVG } from '@ausm/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web build's own HTML for the pages where visits usually start (issue 19; apps/web/vite.config.ts,
 * FIRST_PAGES): `dist/pages/login.html` is sent for /login, `dist/pages/index.html` for /. Each has the page's
 * markup rendered in (apps/web/scripts/prerender.mjs) and asks for the page's scripts and styles at once.
 * A page with a captcha image (登录, 找回密码) holds two placeholders, filled for each visit with a captcha issued
 * for it (@ausm/domain EARLY_CAPTCHA_*), so that the phone shows the captcha with the page.
 */
export class FirstPages {
  private constructor(
    private readonly files: Map<string, string>,
    private readonly captchaPages: Map<string, string>,
  ) {}

  static load(webDist: string): FirstPages {
    const root = join(webDist, 'pages');
    const files = new Map<string, string>();
    const captchaPages = new Map<string, string>();
    if (existsSync(root)) {
      for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!entry.endsWith('.html')) continue;
        const path = `/${entry.slice(0, -'.html'.length).split(/[\\/]/).join('/')}`.replace(/^\/index$/, '/');
        files.set(path, relative(webDist, join(root, entry)));
        const html = readFileSync(join(root, entry), 'utf8');
        if (html.includes(EARLY_CAPTCHA_ID)) captchaPages.set(path, html);
      }
    }
    return new FirstPages(files, captchaPages);
  }

  /** The file (under the web build) sent for a path without its query, when it is a first page. */
  fileFor(url: string): string | undefined {
    return this.files.get(url.split('?')[0]!);
  }

  /** The HTML of a first page with a captcha image (its placeholders unfilled). */
  captchaPageFor(url: string): string | undefined {
    return this.captchaPages.get(url.split('?')[0]!);
  }
}

/** An empty image of the captcha's size: the page's scripts ask for a captcha themselves and show why not. */
const NO_CAPTCHA_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>';

/**
 * Sends a first page with a captcha issued for this visit put in. Never stored (the captcha is single use); the
 * page is compressed here, as the files of the build are beforehand. When no captcha can be issued (the address
 * asked too often), the image is left empty and the page's scripts meet the refusal as they always did.
 */
export async function sendWithCaptcha(
  request: FastifyRequest,
  reply: FastifyReply,
  html: string,
  issue: () => Promise<{ id: string; svg: string }>,
): Promise<FastifyReply> {
  let captcha = { id: '', svg: NO_CAPTCHA_SVG };
  try {
    captcha = await issue();
  } catch (err) {
    request.log.info({ err }, 'no captcha for the page: its scripts ask for one');
  }
  const page = html
    .replace(captchaDataUrl(EARLY_CAPTCHA_SVG), captchaDataUrl(captcha.svg))
    .replace(`data-captcha-id="${EARLY_CAPTCHA_ID}"`, captcha.id ? `data-captcha-id="${captcha.id}"` : '');
  const accepted = String(request.headers['accept-encoding'] ?? '');
  reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-encoding');
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(gzipSync(page));
  return reply.send(page);
}
