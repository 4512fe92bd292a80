import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import HomePage from './portal/home/HomePage.vue';
import { useSessionStore } from './stores/session';
import { useStaffSessionStore } from './stores/staff-session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** The 财政用户 console: its own layout, its own session. */
    console?: boolean;
    /** Console pages that only an administrator may open. */
    requiresAdmin?: boolean;
    /** Portal pages that need a logged-in accountant. */
    requiresAccount?: boolean;
  }
}

const SITE = '全国会计人员统一服务管理平台';

const routes: RouteRecordRaw[] = [
  { path: '/', component: HomePage, meta: { title: '首页' } },
  { path: '/register', component: () => import('./portal/account/RegisterPage.vue'), meta: { title: '新用户注册' } },
  { path: '/login', component: () => import('./portal/account/LoginPage.vue'), meta: { title: '会计人员登录' } },
  { path: '/password-reset', component: () => import('./portal/account/PasswordResetPage.vue'), meta: { title: '找回密码' } },
  { path: '/help', component: () => import('./portal/help/HelpCenterPage.vue'), meta: { title: '帮助中心' } },
  { path: '/help/guide', component: () => import('./portal/help/GuidePage.vue'), meta: { title: '操作说明' } },
  { path: '/sandbox', component: () => import('./portal/sandbox/SandboxPage.vue'), meta: { title: '沙箱' } },
  { path: '/sandbox/alipay/:certifyId', component: () => import('./portal/sandbox/SandboxAlipayPage.vue'), meta: { title: '沙箱 · 支付宝' } },
  { path: '/identity/manual', component: () => import('./portal/identity/ManualIdentityPage.vue'), meta: { title: '线上实名认证', requiresAccount: true } },
  { path: '/my/reviews', component: () => import('./portal/review/MyReviewsPage.vue'), meta: { title: '我的办件', requiresAccount: true } },
  { path: '/console/login', component: () => import('./console/account/ConsoleLoginPage.vue'), meta: { title: '财政用户登录', console: true } },
  {
    path: '/console',
    component: () => import('./console/ConsoleLayout.vue'),
    meta: { console: true },
    children: [
      { path: '', component: () => import('./console/home/DashboardPage.vue'), meta: { title: '工作台' } },
      { path: 'reviews', component: () => import('./console/review/ReviewQueuePage.vue'), meta: { title: '审核管理' } },
      { path: 'reviews/history', component: () => import('./console/review/ReviewHistoryPage.vue'), meta: { title: '审核记录' } },
      { path: 'reviews/:id', component: () => import('./console/review/ReviewDetailPage.vue'), meta: { title: '审核详情' } },
      { path: 'staff', component: () => import('./console/staff/StaffPage.vue'), meta: { title: '财政用户管理', requiresAdmin: true } },
      { path: ':pathMatch(.*)*', redirect: '/console' },
    ],
  },
  { path: '/:pathMatch(.*)*', component: () => import('./portal/not-found/NotFoundPage.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

// The header shows who is logged in from the first paint on: ask the server once before the first page.
// Console pages ask for the staff session instead, and send a visitor without one to the console's login.
router.beforeEach(async (to) => {
  if (to.meta.console) {
    if (to.path === '/console/login') return true;
    const staff = useStaffSessionStore();
    await staff.load();
    if (!staff.loggedIn) return { path: '/console/login', query: { redirect: to.fullPath } };
    if (to.meta.requiresAdmin && !staff.isAdmin) return { path: '/console' };
    return true;
  }
  const session = useSessionStore();
  await session.load();
  if (to.meta.requiresAccount && !session.loggedIn) return { path: '/login', query: { redirect: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - ${SITE}` : SITE;
});
