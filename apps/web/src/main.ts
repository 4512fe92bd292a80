// First: before any schema of the forms parses.
import './zod-config';
import 'element-plus/dist/index.css';
import './styles.css';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installMessageAnnouncer } from './a11y/announce';
import { labelFormControls } from './a11y/label-controls';
import { announceFieldErrors } from './forms/field-errors-a11y';
import { watchSessionExpiry } from './portal/account/session-expiry';
import { router } from './router';

const app = createApp(App);
// Pinia first: the router's guard reads the session store.
app.use(createPinia());
app.use(router);
watchSessionExpiry(router);
app.use(ElementPlus, { locale: zhCn });
app.mount('#app');
announceFieldErrors();
installMessageAnnouncer();
labelFormControls();
