import { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus';
import { createPinia } from 'pinia';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import App from './App.vue';
import { pageTitle, router } from './router';

/**
 * The portal's first pages rendered to HTML at build time (scripts/prerender.mjs writes them into dist/pages/):
 * a phone shows the page (heading, form, links, styled by its CSS) as soon as the HTML and the CSS have arrived,
 * instead of after every script has arrived and run (issue 19). They are rendered as a visitor nobody knows yet
 * sees them (no session, no data of the server), and main.ts replaces them with the live page, the same markup,
 * once the page's scripts are in.
 */
export async function render(url: string): Promise<{ html: string; title: string }> {
  const app = createSSRApp(App);
  app.use(createPinia());
  app.use(router);
  // Element Plus asks a server render for where its ids and z-indexes start.
  app.provide(ID_INJECTION_KEY, { prefix: 1024, current: 0 });
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 });
  await router.push(url);
  await router.isReady();
  return { html: await renderToString(app), title: pageTitle(router.currentRoute.value.meta) };
}
