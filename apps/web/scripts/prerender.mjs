#!/usr/bin/env node
// Renders the portal's first pages into their HTML (issue 19). The client build wrote dist/pages/*.html, copies
// of index.html that ask for each page's scripts and styles (vite.config.ts, FIRST_PAGES); the SSR build wrote
// dist-ssr/entry-server.js. Each page's markup, as a visitor nobody knows yet sees it, goes into its <div id="app">,
// and the .br/.gz beside it are written again. The root is inert until the live page replaces the markup (main.ts):
// seen at once, used once it works (a click or a keystroke before would be lost). A page that fails to render fails the build.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = join(WEB, 'dist/pages');
const ssrEntry = join(WEB, 'dist-ssr/entry-server.js');
// Vue's and Element's production builds (no development warnings, the same markup the browser's build makes).
process.env.NODE_ENV ??= 'production';
const { render } = await import(pathToFileURL(ssrEntry).href);

const EMPTY_ROOT = '<div id="app"></div>';

/**
 * The portal's CSP has no 'unsafe-inline' for styles: a style="…" attribute in HTML would be refused (Vue and
 * Element set the same styles through the CSSOM later, which CSP allows). So each distinct inline style of the
 * rendered markup becomes a rule of one stylesheet (`[data-ps="3"] { … !important }`, !important standing for
 * the attribute's precedence), linked from every page, and the attribute becomes data-ps.
 */
const styleIds = new Map();
const styleAttr = (decls) => {
  const value = decls.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const kept = value.split(';').map((d) => d.trim()).filter((d) => /^[\w-]+\s*:\s*\S/.test(d));
  if (!kept.length) return '';
  const key = kept.join(';');
  if (!styleIds.has(key)) styleIds.set(key, styleIds.size + 1);
  return ` data-ps="${styleIds.get(key)}"`;
};

const pages = [];
for (const file of readdirSync(pagesDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'))) {
  const path = `/${file.slice(0, -'.html'.length)}`.replace(/^\/index$/, '/');
  const html = readFileSync(join(pagesDir, file), 'utf8');
  if (!html.includes(EMPTY_ROOT)) throw new Error(`${file}: no ${EMPTY_ROOT} to render into`);
  const { html: rendered, title } = await render(path);
  if (!rendered.includes('<h1')) throw new Error(`${file}: the rendered page of ${path} has no h1`);
  const markup = rendered.replace(/ style="([^"]*)"/g, (_m, decls) => styleAttr(decls));
  if (/ style=/.test(markup)) throw new Error(`${file}: an inline style is left in the markup of ${path}`);
  pages.push({ file, path, html: html.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`).replace(EMPTY_ROOT, `<div id="app" inert>${markup}</div>`) });
}

const css = [...styleIds].map(([decls, id]) => `[data-ps="${id}"]{${decls.split(';').map((d) => `${d} !important`).join(';')}}`).join('\n') + '\n';
const cssFile = `assets/prerendered-${createHash('sha256').update(css).digest('base64url').slice(0, 8)}.css`;
writeFileSync(join(WEB, 'dist', cssFile), css);

const compressed = (bytes) => [
  ['.br', brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })],
  ['.gz', gzipSync(bytes, { level: 9 })],
];
for (const { file, path, html } of pages) {
  const bytes = Buffer.from(html.replace('  </head>', `    <link rel="stylesheet" crossorigin href="/${cssFile}">\n  </head>`));
  writeFileSync(join(pagesDir, file), bytes);
  for (const [ext, data] of compressed(bytes)) writeFileSync(join(pagesDir, `${file}${ext}`), data);
  console.log(`prerendered ${path} → dist/pages/${file} (${(bytes.length / 1024).toFixed(1)} kB)`);
}
console.log(`inline styles of the rendered pages → dist/${cssFile} (${styleIds.size} rules)`);
// The server bundle is a build tool, not part of what is served.
rmSync(join(WEB, 'dist-ssr'), { recursive: true, force: true });
