import { maskMobile } from '@ausm/domain';
import { expect, test, type BrowserContext, type Page, ANY_WIDTH } from './fixtures';
import { captchaAnswer, registerAccountant } from './helpers';

// 微信扫码登录 (seed 002 §3.1) in Chromium: the login page sends the person to WeChat's QR page (the
// sandbox's), "the phone" scans it in another tab; a new WeChat is bound by one password login, and
// from then on the scan alone logs in. A refusal on the phone is shown on the QR page.

/** Scans the QR page shown in `page` with the sandbox phone, as `wechatId`, and presses `button`. */
async function scanWithPhone(context: BrowserContext, page: Page, wechatId: string, button: '允许' | '拒绝') {
  await expect(page).toHaveURL(/\/sandbox\/wechat\/qrconnect\?/);
  await expect(page.getByTestId('wx-qr-status')).toContainText('请使用微信扫描二维码登录');
  const phoneUrl = await page.getByTestId('wx-qr-phone-link').getAttribute('href');
  const phone = await context.newPage();
  await phone.goto(phoneUrl!);
  await expect(phone.getByText('申请使用你的微信账号登录')).toBeVisible();
  await phone.getByTestId('wx-phone-id').locator('input').fill(wechatId);
  await phone.getByRole('button', { name: button, exact: true }).click();
  await expect(phone.getByTestId('wx-phone-status')).toBeVisible();
  await phone.close();
}

test('a new WeChat is bound by one password login, then the scan alone logs in', async ({ page, context }) => {
  const { mobile, password } = await registerAccountant(page.request, '吴十');
  const wechatId = `wx_e2e_${Date.now().toString(36)}`;

  await page.goto('/login');
  await page.getByTestId('login-wechat').click();
  await scanWithPhone(context, page, wechatId, '允许');
  // Back from WeChat: no account has this WeChat yet, so the login page asks for one password login.
  await expect(page).toHaveURL(/\/login\?wechat=bind$/);
  await expect(page.getByTestId('login-wechat-bind')).toContainText('该微信尚未绑定平台账号');
  await page.getByTestId('login-identifier').locator('input').fill(mobile);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page.getByText('微信已绑定，下次可直接微信扫码登录')).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-account-name')).toContainText('吴**');
  await page.getByTestId('header-logout').click();
  await expect(page.getByRole('button', { name: '会计人员登录' })).toBeVisible();

  // The same WeChat again: straight in.
  await page.goto('/login');
  await page.getByTestId('login-wechat').click();
  await scanWithPhone(context, page, wechatId, '允许');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-account-name')).toContainText('吴**');
});

test('a login refused on the phone is said on the QR page, which offers a new code', async ({ page, context }) => {
  await page.goto('/login');
  await page.getByTestId('login-wechat').click();
  await scanWithPhone(context, page, 'wx_refuser_01', '拒绝');
  await expect(page.getByTestId('wx-qr-status')).toContainText('你已取消此次登录');
  await page.getByTestId('wx-qr-refresh').click();
  await expect(page.getByTestId('wx-qr-status')).toContainText('请使用微信扫描二维码登录');
});

test('coming back to /login/wechat without WeChat’s answer, or with a used one, says what to do', async ({ page }) => {
  await page.goto('/login/wechat');
  await expect(page.getByTestId('wechat-return-error')).toContainText('没有收到微信的授权，请回到登录页重新扫码');
  await page.goto(`/login/wechat?code=${'0'.repeat(32)}&state=${'0'.repeat(32)}`);
  await expect(page.getByTestId('wechat-return-error')).toContainText('微信登录已失效，请回到登录页重新扫码');
  await page.getByRole('button', { name: '返回登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('个人中心: bind a WeChat by scanning, log in with it, then 解绑', async ({ page, context }) => {
  const { mobile, password } = await registerAccountant(page.request, '郑一');
  const wechatId = `wx_pc_${Date.now().toString(36)}`;
  await page.goto('/login');
  await page.getByTestId('login-identifier').locator('input').fill(mobile);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/$/);

  // The name top right opens 个人中心 (seed 003 §9): the record, masked; then 微信绑定.
  await page.getByTestId('header-account-name').click();
  await expect(page).toHaveURL(/\/my\/account$/);
  await expect(page.getByTestId('profile')).toContainText('郑**');
  await expect(page.getByTestId('profile')).toContainText(maskMobile(mobile));
  await page.getByRole('tab', { name: '微信绑定' }).click();
  await expect(page.getByTestId('wechat-status')).toContainText('尚未绑定微信');
  await page.getByTestId('wechat-bind').click();
  await scanWithPhone(context, page, wechatId, '允许');
  await expect(page).toHaveURL(/\/my\/account\?tab=wechat$/);
  await expect(page.getByText('微信绑定成功，可使用微信扫码登录')).toBeVisible();
  await expect(page.getByTestId('wechat-status')).toContainText('已绑定微信');

  // Logged out, the scan alone logs in.
  await page.getByTestId('header-logout').click();
  await page.goto('/login');
  await page.getByTestId('login-wechat').click();
  await scanWithPhone(context, page, wechatId, '允许');
  await expect(page.getByTestId('header-account-name')).toContainText('郑**');

  // 解绑: the next scan is a WeChat no account has.
  await page.goto('/my/account?tab=wechat');
  await page.getByTestId('wechat-unbind').click();
  await page.getByRole('button', { name: '确定解绑' }).click();
  await expect(page.getByTestId('wechat-status')).toContainText('尚未绑定微信');
  await page.getByTestId('header-logout').click();
  await page.goto('/login');
  await page.getByTestId('login-wechat').click();
  await scanWithPhone(context, page, wechatId, '允许');
  await expect(page).toHaveURL(/\/login\?wechat=bind$/);
});

test('a "who is logged in" answer that arrives after the login does not log the header out', ANY_WIDTH, async ({ page, context }) => {
  // The race the first test once lost under load: the page asks GET /api/session as it boots (nobody yet: 401),
  // the person logs in meanwhile, and the late 401 arrives after. It is a probe's "nobody", not "your session has
  // ended": the header keeps the name and no 登录已失效 opens.
  const { mobile, password } = await registerAccountant(page.request, '钱迟');
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = 0;
  await context.route('**/api/session', async (route) => {
    if (route.request().method() !== 'GET' || held++ > 0) return route.fallback();
    // The server's answer as it was when asked (nobody logged in), delivered late.
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  await page.goto('/login');
  await expect.poll(() => held).toBe(1);
  await page.getByTestId('login-identifier').locator('input').fill(mobile);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-account-name')).toContainText('钱**');
  const late = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'GET' && r.status() === 401);
  release();
  await late;
  await expect(page.getByRole('dialog', { name: '登录已失效' })).toHaveCount(0);
  await expect(page.getByTestId('header-account-name')).toContainText('钱**');
});
