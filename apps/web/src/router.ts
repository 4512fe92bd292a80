import { createMemoryHistory, createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { askCaptchaEarly } from './api/captcha-early';
import { ApiError } from './api/client';
import { CONSOLE_PASSWORD_PATH } from './console/paths';
import { portalPath } from './portal/account/portal-path';
import { currentStep, stepPath } from './portal/collection/steps';
import { useCollectionStore } from './stores/collection';
import { useEmployerSessionStore } from './stores/employer-session';
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
    /** Pages for someone not logged in (注册, 登录, 找回密码); a logged-in accountant goes home. */
    guestOnly?: boolean;
    /** The 信息采集 wizard: needs 实名认证, and its state is loaded from the server before each step. */
    collection?: boolean;
    /** 单位用户服务管理 (issue 26): pages of a logged-in 单位法人用户 (its own session); `employerApproved`: only once approved. */
    requiresEmployer?: boolean;
    employerApproved?: boolean;
  }
}

const SITE = '全国会计人员统一服务管理平台';

const routes: RouteRecordRaw[] = [
  { path: '/', component: () => import('./portal/home/HomePage.vue'), meta: { title: '首页' } },
  { path: '/register', component: () => import('./portal/account/RegisterPage.vue'), meta: { title: '新用户注册', guestOnly: true } },
  { path: '/login', component: () => (askCaptchaEarly(), import('./portal/account/LoginPage.vue')), meta: { title: '会计人员登录', guestOnly: true } },
  { path: '/login/wechat', component: () => import('./portal/account/WechatCallbackPage.vue'), meta: { title: '微信登录' } },
  { path: '/login/legal-person', component: () => import('./portal/employer/LegalPersonCallbackPage.vue'), meta: { title: '政务服务平台法人登录' } },
  { path: '/employer/register', component: () => import('./portal/employer/EmployerRegisterPage.vue'), meta: { title: '单位法人用户注册' } },
  { path: '/employer/password-reset', component: () => import('./portal/employer/EmployerPasswordResetPage.vue'), meta: { title: '单位法人用户找回密码' } },
  { path: '/employer', component: () => import('./portal/employer/EmployerHomePage.vue'), meta: { title: '单位信息', requiresEmployer: true } },
  {
    path: '/employer/staff',
    component: () => import('./portal/employer/EmployerStaffPage.vue'),
    meta: { title: '单位会计人员信息管理', requiresEmployer: true, employerApproved: true },
  },
  {
    path: '/employer/ce',
    component: () => import('./portal/employer/EmployerCePage.vue'),
    meta: { title: '单位会计人员继续教育管理', requiresEmployer: true, employerApproved: true },
  },
  {
    path: '/employer/feedback',
    component: () => import('./portal/employer/EmployerFeedbackPage.vue'),
    meta: { title: '单位会计准则制度反馈意见', requiresEmployer: true, employerApproved: true },
  },
  { path: '/sandbox/legal-person', component: () => import('./portal/sandbox/SandboxLegalPersonPage.vue'), meta: { title: '沙箱 · 政务服务平台法人登录' } },
  { path: '/password-reset', component: () => import('./portal/account/PasswordResetPage.vue'), meta: { title: '找回密码', guestOnly: true } },
  { path: '/help', component: () => import('./portal/help/HelpCenterPage.vue'), meta: { title: '帮助中心' } },
  { path: '/help/guide', component: () => import('./portal/help/GuidePage.vue'), meta: { title: '操作说明' } },
  { path: '/help/qa', component: () => import('./portal/help/QaPage.vue'), meta: { title: '咨询答疑' } },
  { path: '/sandbox', component: () => import('./portal/sandbox/SandboxPage.vue'), meta: { title: '沙箱' } },
  { path: '/sandbox/wechat/qrconnect', component: () => import('./portal/sandbox/SandboxWechatQrPage.vue'), meta: { title: '沙箱 · 微信登录' } },
  { path: '/sandbox/wechat/phone/:ticket', component: () => import('./portal/sandbox/SandboxWechatPhonePage.vue'), meta: { title: '沙箱 · 微信' } },
  { path: '/sandbox/cashier/:orderNo', component: () => import('./portal/sandbox/SandboxCashierPage.vue'), meta: { title: '沙箱 · 支付宝收银台' } },
  { path: '/sandbox/alipay/:certifyId', component: () => import('./portal/sandbox/SandboxAlipayPage.vue'), meta: { title: '沙箱 · 支付宝' } },
  { path: '/identity/manual', component: () => import('./portal/identity/ManualIdentityPage.vue'), meta: { title: '线上实名认证', requiresAccount: true } },
  {
    path: '/change/:part(basic|education|work|scope)?',
    component: () => import('./portal/change/ChangePage.vue'),
    meta: { title: '信息变更', requiresAccount: true },
  },
  {
    path: '/collection',
    component: () => import('./portal/collection/CollectionLayout.vue'),
    meta: { title: '会计人员信息采集', requiresAccount: true, collection: true },
    children: [
      // Opens the step the person should be on (the state was loaded by the guard below).
      {
        path: '',
        component: () => import('./portal/collection/NoticePage.vue'),
        beforeEnter: () => {
          const state = useCollectionStore().state;
          return state ? stepPath(currentStep(state)) : true;
        },
      },
      { path: 'notice', component: () => import('./portal/collection/NoticePage.vue'), meta: { title: '采集须知' } },
      { path: 'basic', component: () => import('./portal/collection/BasicPage.vue'), meta: { title: '基本信息' } },
      { path: 'education', component: () => import('./portal/collection/EducationPage.vue'), meta: { title: '教育经历' } },
      { path: 'work', component: () => import('./portal/collection/WorkPage.vue'), meta: { title: '工作经历' } },
      { path: 'authority', component: () => import('./portal/collection/AuthorityPage.vue'), meta: { title: '会计管理部门' } },
      { path: 'result', component: () => import('./portal/collection/ResultPage.vue'), meta: { title: '审核告知' } },
      { path: ':pathMatch(.*)*', redirect: '/collection' },
    ],
  },
  // 会计专业技术资格考试 (issue 21): 选择考试 → 省份选择 → 阅读须知 / 通知公告 → 选择报考条件 → 报名信息填写.
  { path: '/exam', component: () => import('./portal/exam/ExamListPage.vue'), meta: { title: '选择考试', requiresAccount: true } },
  { path: '/exam/pay-return', component: () => import('./portal/exam/PayReturnPage.vue'), meta: { title: '支付结果', requiresAccount: true } },
  { path: '/exam/payment/:enrollmentId', component: () => import('./portal/exam/PaymentPage.vue'), meta: { title: '网上缴费', requiresAccount: true } },
  { path: '/exam/success/:enrollmentId', component: () => import('./portal/exam/SuccessPage.vue'), meta: { title: '报名成功', requiresAccount: true } },
  { path: '/exam/:examId', component: () => import('./portal/exam/ProvincePage.vue'), meta: { title: '省份选择', requiresAccount: true } },
  { path: '/exam/:examId/:provinceId/notice', component: () => import('./portal/exam/NoticePage.vue'), meta: { title: '阅读须知', requiresAccount: true } },
  { path: '/exam/:examId/:provinceId/category', component: () => import('./portal/exam/CategoryPage.vue'), meta: { title: '选择报考条件', requiresAccount: true } },
  { path: '/exam/:examId/:provinceId/enroll', component: () => import('./portal/exam/EnrollPage.vue'), meta: { title: '报名信息填写', requiresAccount: true } },
  { path: '/my/account', component: () => import('./portal/account/PersonalCenterPage.vue'), meta: { title: '个人中心', requiresAccount: true } },
  { path: '/inquiry', component: () => import('./portal/inquiry/InquiryPage.vue'), meta: { title: '信息查询', requiresAccount: true } },
  { path: '/verify/enrollment/:code', component: () => import('./portal/verify/EnrollmentVerifyPage.vue'), meta: { title: '报名表核验' } },
  { path: '/verify/certificate/:code', component: () => import('./portal/verify/CertificateVerifyPage.vue'), meta: { title: '资格证书核验' } },
  { path: '/verify', component: () => import('./portal/verify/VerifyPage.vue'), meta: { title: '文件核验' } },
  // Named by 个人档案 and the 服务大厅 before they are built (issue 18): they say 建设中 until their issues land.
  { path: '/transfer', component: () => import('./portal/transfer/TransferPage.vue'), meta: { title: '属地关系调转', requiresAccount: true } },
  { path: '/transfer/apply', component: () => import('./portal/transfer/TransferApplyPage.vue'), meta: { title: '调转申请', requiresAccount: true } },
  { path: '/ce', component: () => import('./portal/ce/CePage.vue'), meta: { title: '查看继续教育情况', requiresAccount: true } },
  { path: '/ce/years/:year(\\d{4})', component: () => import('./portal/ce/CeYearPage.vue'), meta: { title: '继续教育明细', requiresAccount: true } },
  { path: '/ce/applications', component: () => import('./portal/ce/CeApplicationsPage.vue'), meta: { title: '继续教育学分申请', requiresAccount: true } },
  { path: '/ce/applications/new', component: () => import('./portal/ce/CeApplyPage.vue'), meta: { title: '新增继续教育学分申请', requiresAccount: true } },
  // 会计职称管理 (issue 24; seed 003 §7): 会计专业技术资格 and 其他专业技术人员职业资格.
  { path: '/scores', component: () => import('./portal/score/ScoresPage.vue'), meta: { title: '成绩查询', requiresAccount: true } },
  { path: '/titles', component: () => import('./portal/title/TitlesPage.vue'), meta: { title: '会计职称管理', requiresAccount: true } },
  // 会计准则制度学习 and 高端会计人才培养项目 are open to everybody; 会计人员奖惩记录 is the person's own (issue 26).
  { path: '/standards', component: () => import('./portal/standards/StandardsPage.vue'), meta: { title: '会计准则制度学习' } },
  { path: '/standards/:id', component: () => import('./portal/standards/StandardDetailPage.vue'), meta: { title: '会计准则制度' } },
  { path: '/talent/:year(\\d{4})?', component: () => import('./portal/talent/TalentPage.vue'), meta: { title: '高端会计人才培养项目' } },
  { path: '/rewards', component: () => import('./portal/rewards/RewardsPage.vue'), meta: { title: '会计人员奖惩记录', requiresAccount: true } },
  { path: '/my/reviews', component: () => import('./portal/review/MyReviewsPage.vue'), meta: { title: '我的办件', requiresAccount: true } },
  { path: '/console/login', component: () => (askCaptchaEarly(), import('./console/account/ConsoleLoginPage.vue')), meta: { title: '财政用户登录', console: true } },
  {
    path: '/console',
    component: () => import('./console/ConsoleLayout.vue'),
    meta: { console: true },
    children: [
      { path: '', component: () => import('./console/home/DashboardPage.vue'), meta: { title: '工作台' } },
      { path: 'reviews', component: () => import('./console/review/ReviewQueuePage.vue'), meta: { title: '审核管理' } },
      { path: 'reviews/history', component: () => import('./console/review/ReviewHistoryPage.vue'), meta: { title: '审核记录' } },
      { path: 'reviews/:id', component: () => import('./console/review/ReviewDetailPage.vue'), meta: { title: '审核详情' } },
      { path: 'password', component: () => import('./console/account/ConsolePasswordPage.vue'), meta: { title: '修改密码' } },
      { path: 'staff', component: () => import('./console/staff/StaffPage.vue'), meta: { title: '财政用户管理', requiresAdmin: true } },
      {
        path: 'collection-imports',
        component: () => import('./console/collection/CollectionImportPage.vue'),
        meta: { title: '导入历史采集信息', requiresAdmin: true },
      },
      { path: 'audit', component: () => import('./console/audit/AuditLogPage.vue'), meta: { title: '审计日志', requiresAdmin: true } },
      { path: 'notices', component: () => import('./console/notices/NoticesPage.vue'), meta: { title: '消息通知' } },
      { path: 'scores', component: () => import('./console/score/ScoreImportPage.vue'), meta: { title: '导入考试成绩', requiresAdmin: true } },
      { path: 'exams', component: () => import('./console/exam/ExamsPage.vue'), meta: { title: '考试管理' } },
      { path: 'exams/:examId/:provinceId/enrollments', component: () => import('./console/exam/EnrollmentsPage.vue'), meta: { title: '考试报名统计' } },
      { path: 'exams/:examId/:provinceId', component: () => import('./console/exam/ProvinceSettingsPage.vue'), meta: { title: '报名设置', requiresAdmin: true } },
      { path: 'transfers', component: () => import('./console/transfer/TransfersPage.vue'), meta: { title: '调入调出人员' } },
      { path: 'ce', component: () => import('./console/ce/CeApplicationsPage.vue'), meta: { title: '继续教育学分审核' } },
      { path: 'ce/applications/:id', component: () => import('./console/ce/CeApplicationDetailPage.vue'), meta: { title: '继续教育学分审核详情' } },
      { path: 'ce/years', component: () => import('./console/ce/CeYearPage.vue'), meta: { title: '继续教育年度情况' } },
      { path: 'standards', component: () => import('./console/standards/StandardsPage.vue'), meta: { title: '会计准则制度维护', requiresAdmin: true } },
      { path: 'rewards', component: () => import('./console/rewards/RewardsPage.vue'), meta: { title: '奖惩记录管理' } },
      { path: 'employer-feedback', component: () => import('./console/employer/EmployerFeedbackPage.vue'), meta: { title: '单位会计准则制度反馈意见', requiresAdmin: true } },
      { path: 'talent', component: () => import('./console/talent/TalentPage.vue'), meta: { title: '高端会计人才培养项目', requiresAdmin: true } },
      { path: ':pathMatch(.*)*', redirect: '/console' },
    ],
  },
  { path: '/:pathMatch(.*)*', component: () => import('./portal/not-found/NotFoundPage.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  // At build time the first pages are rendered to HTML in Node (entry-server.ts), where there is no address bar.
  history: import.meta.env.SSR ? createMemoryHistory() : createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

/**
 * Every page is a chunk of its own, fetched when it is first visited. The router would ask for the first
 * page's chunk only after its guard has asked the server for the session; starting the download now
 * sends both at once and saves a round trip before the first paint (a module is fetched once).
 */
export function prefetchFirstPage(): void {
  for (const record of router.resolve(window.location.pathname + window.location.search).matched) {
    const component = record.components?.default;
    if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined);
  }
}

// Pages for logged-in accountants ask the server for the session before they show; public pages show at once and
// the header fills in. Console pages ask for the staff session instead, and send a visitor without one to the
// console's login.
router.beforeEach(async (to) => {
  // Rendering a first page at build time (entry-server.ts): a visitor nobody knows yet, and no server to ask.
  if (import.meta.env.SSR) return true;
  if (to.meta.console) {
    if (to.path === '/console/login') return true;
    const staff = useStaffSessionStore();
    await staff.load();
    if (!staff.loggedIn) return { path: '/console/login', query: { redirect: to.fullPath } };
    // A password an administrator set is changed before anything else (the server refuses the rest).
    if (staff.mustChangePassword && to.path !== CONSOLE_PASSWORD_PATH) return { path: CONSOLE_PASSWORD_PATH };
    if (to.meta.requiresAdmin && !staff.isAdmin) return { path: '/console' };
    return true;
  }
  if (to.meta.requiresEmployer) {
    // 单位法人用户's pages: its own session; before approval only 单位信息 (status, submission) opens.
    const employer = useEmployerSessionStore();
    await employer.load(true);
    if (!employer.loggedIn) return { path: '/login', query: { tab: 'employer', redirect: to.fullPath } };
    if (to.meta.employerApproved && !employer.employer?.canAct) return { path: '/employer' };
    return true;
  }
  const session = useSessionStore();
  // A page anyone may see (home, 帮助中心, 登录, 注册...) is shown at once, without waiting for the session
  // (one round trip less before the first paint on a phone, issue 19); the header fills in when it comes.
  if (!to.meta.requiresAccount && !to.meta.collection) {
    if (!session.loaded) {
      if (to.meta.guestOnly) void leaveGuestPageIfLoggedIn(to.fullPath, to.query.redirect);
      else void session.load();
      return true;
    }
    // Known to be logged in: 登录 and 注册 lead on at once, after asking the server again in case the session
    // ended meanwhile.
    if (to.meta.guestOnly && session.loggedIn) {
      await session.load(true);
      if (session.loggedIn) return portalPath(to.query.redirect);
    }
    return true;
  }
  await session.load();
  if (to.meta.requiresAccount && !session.loggedIn) return { path: '/login', query: { redirect: to.fullPath } };
  if (to.meta.collection) return enterCollection(to.fullPath);
  return true;
});

/**
 * The first page of a visit being 登录, 注册 or 找回密码 while the person is logged in (a bookmark, the back
 * button): the page shows at once, and when the session answers they are taken where the page would have led
 * after its login, if they are still on it.
 */
async function leaveGuestPageIfLoggedIn(fullPath: string, redirect: unknown): Promise<void> {
  const session = useSessionStore();
  await session.load();
  await router.isReady();
  if (session.loggedIn && router.currentRoute.value.fullPath === fullPath) await router.replace(portalPath(redirect));
}

/**
 * 信息采集 needs 实名认证 first (seed 003 §2.5): without it the person goes home, where the 实名认证 dialog
 * opens. Every step starts from the state the server holds.
 */
async function enterCollection(fullPath: string) {
  const session = useSessionStore();
  // A verification finished elsewhere (a reviewer approving 线上实名认证) is not in the cached session yet.
  if (!session.account?.identityVerified) await session.load(true);
  if (!session.loggedIn) return { path: '/login', query: { redirect: fullPath } };
  if (!session.account?.identityVerified) return { path: '/', query: { identity: '1' } };
  try {
    await useCollectionStore().load();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return { path: '/login', query: { redirect: fullPath } };
    if (err instanceof ApiError && err.code === 'collection/identity_required') return { path: '/', query: { identity: '1' } };
    // Anything else (network, server down): the layout shows the message and a retry.
    useCollectionStore().clear();
  }
  return true;
}

/** The document's title on a page: also written into the first pages' HTML at build time (entry-server.ts). */
export const pageTitle = (meta: { title?: string }): string => (meta.title ? `${meta.title} - ${SITE}` : SITE);

router.afterEach((to) => {
  if (!import.meta.env.SSR) document.title = pageTitle(to.meta);
});
