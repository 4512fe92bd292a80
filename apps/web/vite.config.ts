import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import type { Plugin as PostcssPlugin } from 'postcss';
import ElementPlusStyles from 'unplugin-element-plus/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, type Plugin } from 'vite';
import type { OutputBundle, OutputChunk } from 'rollup';
import { ELDER_CLASS, ELDER_MODE_KEY } from './src/utils/elder-mode-keys';

/**
 * The pages a visit usually starts on, by their path, and the component the router shows there (issue 19,
 * docs/performance.md). Each gets an HTML file of its own in `dist/pages/` (the server sends it for that path instead
 * of index.html): the page's markup rendered in (scripts/prerender.mjs), its CSS linked, and its scripts started once
 * that markup has been painted. A phone shows the page after the HTML and the CSS, not after every script.
 * The router (src/router.ts) stays the one list of routes; a path here with no chunk fails the build.
 */
const FIRST_PAGES: Record<string, string> = {
  '/': 'src/portal/home/HomePage.vue',
  '/register': 'src/portal/account/RegisterPage.vue',
  '/login': 'src/portal/account/LoginPage.vue',
  '/password-reset': 'src/portal/account/PasswordResetPage.vue',
  '/help': 'src/portal/help/HelpCenterPage.vue',
  '/help/guide': 'src/portal/help/GuidePage.vue',
  '/help/qa': 'src/portal/help/QaPage.vue',
};

/** The file a page's HTML is written to: `/` → pages/index.html, `/help/qa` → pages/help/qa.html. */
const pageHtmlFile = (path: string): string => `pages/${path === '/' ? 'index' : path.slice(1)}.html`;

/**
 * The one script of a first page's HTML: it sets 长辈版's class (before the first paint, as it arrives with the CSS),
 * and starts the portal's scripts (the entry first, listed in its data-scripts with the page's chunks) once the page
 * rendered into the HTML has been painted. A hidden tab paints nothing, so a timer starts them anyway.
 */
const FIRST_PAINT_BOOT = `// Starts the portal once its first page, rendered into the HTML, has been painted (apps/web/vite.config.ts).
// 长辈版 first (src/utils/elder-mode.ts): the page is painted in the size the visitor chose.
try {
  if (localStorage.getItem(${JSON.stringify(ELDER_MODE_KEY)}) === '1') document.documentElement.classList.add(${JSON.stringify(ELDER_CLASS)});
} catch {}
const tag = document.querySelector('script[data-scripts]');
const [entry, ...chunks] = (tag ? tag.dataset.scripts : '').split(' ').filter(Boolean);
let started = false;
function start() {
  if (started || !entry) return;
  started = true;
  for (const href of chunks) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
  import(entry);
}
requestAnimationFrame(() => setTimeout(start));
setTimeout(start, 1500);
`;

function firstPages(): Plugin {
  return {
    name: 'ausm-first-pages',
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    enforce: 'post',
    generateBundle(_options, bundle: OutputBundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') this.error('index.html is not in the bundle');
      const shell = String(html.source);
      const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
      const inShell = new Set([...shell.matchAll(/href="\/([^"]+)"|src="\/([^"]+)"/g)].map((m) => m[1] ?? m[2]));
      // The shell's scripts: the entry first, then the chunks it preloads (vue).
      const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(shell)?.[1];
      if (!entry) this.error('the entry script is not in index.html');
      const shellJs = [entry, ...[...shell.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => m[1]!)];
      const bootFile = this.getFileName(this.emitFile({ type: 'asset', name: 'first-paint.js', source: FIRST_PAINT_BOOT }));
      for (const [path, component] of Object.entries(FIRST_PAGES)) {
        const page = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith(component));
        if (!page) this.error(`no chunk for ${component} (${path})`);
        // The page's chunk and every chunk it imports statically, transitively; the shell's own are there already.
        const js: string[] = [];
        const css: string[] = [];
        const visit = (fileName: string) => {
          if (js.includes(fileName) || inShell.has(fileName)) return;
          const chunk = bundle[fileName] as OutputChunk;
          js.push(fileName);
          for (const dep of chunk.imports) visit(dep);
          for (const file of chunk.viteMetadata?.importedCss ?? []) if (!css.includes(file) && !inShell.has(file)) css.push(file);
        };
        visit(page.fileName);
        // The page's markup is rendered into the file (scripts/prerender.mjs) and shows with the HTML and the CSS
        // alone. The scripts, which bring it to life, are asked for once it has been painted (first-paint.js): on a
        // slow line the CSS then has the line to itself, and the page shows sooner; it answers a click a little later.
        const source = shell
          .replace(/\s*<script type="module" crossorigin src="[^"]+"><\/script>/, '')
          .replace(/\s*<link rel="modulepreload" crossorigin href="[^"]+">/g, '')
          .replace(
            '  </head>',
            [
              ...css.map((f) => `    <link rel="stylesheet" crossorigin href="/${f}">`),
              `    <script type="module" crossorigin src="/${bootFile}" data-scripts="${[...shellJs, ...js.map((f) => `/${f}`)].join(' ')}"></script>`,
              '  </head>',
            ].join('\n'),
          );
        this.emitFile({ type: 'asset', fileName: pageHtmlFile(path), source });
      }
    },
  };
}

/**
 * Writes a .br and a .gz beside every text file of the build (1 KB and more), which the server sends
 * to browsers that ask (@fastify/static preCompressed): Element Plus alone goes from 0.9 MB to under
 * 0.3 MB, compressed once at build time rather than per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'ausm-precompress',
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Element Plus's CSS in a cascade layer of its own. Each page now brings the CSS of the components it uses
 * (a chunk loaded later than styles.css), so with plain CSS the order of loading would decide between
 * Element's `.el-select { width: … }` and ours; unlayered CSS always wins over a layer, whatever the order.
 */
function elementPlusLayer(): PostcssPlugin {
  return {
    postcssPlugin: 'ausm-element-plus-layer',
    Once(root, { AtRule }) {
      const file = root.source?.input.file ?? '';
      if (!/[\\/]node_modules[\\/]element-plus[\\/]/.test(file)) return;
      const layer = new AtRule({ name: 'layer', params: 'element-plus' });
      layer.append(root.nodes);
      root.append(layer);
    },
  };
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: the components a template uses (and their CSS) are imported by the file
    // that uses them, so each route's chunk carries its own; never the whole library in the first load.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })],
      dts: false,
      dirs: [],
    }),
    // `import { ElMessage } from 'element-plus'` in a script also brings that service's CSS.
    ElementPlusStyles({}),
    // Element's built-in texts (确定, 取消, 暂无数据, 下一页 …) in Chinese without ElConfigProvider: the
    // message boxes opened from scripts read the same default locale.
    ElementPlusStyles({ defaultLocale: 'zh-cn', exclude: [] }),
    firstPages(),
    precompress(),
  ],
  resolve: {
    // Every import of zod (ours and @ausm/domain's) goes through the file that configures it.
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/zod-configured.ts', import.meta.url)) }],
  },
  css: { postcss: { plugins: [elementPlusLayer()] } },
  // `vite build --ssr src/entry-server.ts` (the first pages rendered at build time, scripts/prerender.mjs): one file
  // for Node, Element Plus and its CSS imports included, which Node could not load from node_modules itself.
  ssr: { noExternal: true },
  server: {
    // The Fastify server answers /api; in production it serves dist/ itself.
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // Vue, its router and Pinia change rarely and every page needs them: one cacheable chunk. Element
        // Plus and zod are left to Rollup, which splits them by the pages that use them.
        manualChunks(id: string) {
          if (/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
          return undefined;
        },
      },
    },
  },
});
