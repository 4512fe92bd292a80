// Element's variables and reset, then ours; each component's own CSS comes with the page that uses it.
import 'element-plus/theme-chalk/base.css';
import './styles.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installMessageAnnouncer } from './a11y/announce';
import { labelFormControls } from './a11y/label-controls';
import { announceFieldErrors } from './forms/field-errors-a11y';
import { watchSessionExpiry } from './portal/account/session-expiry';
import { watchEmployerSessionExpiry } from './portal/employer/employer-session-timer';
import { prefetchFirstPage, router } from './router';
import { applyElderMode } from './utils/elder-mode';

prefetchFirstPage();
const app = createApp(App);
// Pinia first: the router's guard reads the session store.
app.use(createPinia());
app.use(router);
watchSessionExpiry(router);
watchEmployerSessionExpiry(router);

function start(): void {
  app.mount('#app');
  // The HTML's page was inert: seen, not yet usable (scripts/prerender.mjs).
  document.getElementById('app')?.removeAttribute('inert');
  announceFieldErrors();
  installMessageAnnouncer();
  labelFormControls();
}

// A first page (home, 登录, 注册, 帮助中心...) comes with its HTML rendered at build time (entry-server.ts), already
// on screen: the live page replaces it in one go once the page's own chunk is in, never an empty frame between.
// Any other page mounts at once, its header showing while the page's chunk arrives.
const root = document.getElementById('app');
if (root?.hasChildNodes()) {
  applyElderMode(!window.location.pathname.startsWith('/console'));
  void router.isReady().catch(() => undefined).then(start);
} else {
  start();
}
