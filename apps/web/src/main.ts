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

prefetchFirstPage();
const app = createApp(App);
// Pinia first: the router's guard reads the session store.
app.use(createPinia());
app.use(router);
watchSessionExpiry(router);
watchEmployerSessionExpiry(router);
app.mount('#app');
announceFieldErrors();
installMessageAnnouncer();
labelFormControls();
