import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loginAccountant, loginStaff, registerAccountant, registerEmployer } from './helpers';

// Issue 19, time limits (WCAG 2.2.1, 适老化): the session warns before it ends and can be extended from the
// warning. Time moves for the server through the sandbox clock and for the page through Playwright's
// clock, the same minutes for both: no sleeps.
const MINUTE = 60_000;

async function advanceServer(request: APIRequestContext, ms: number): Promise<void> {
  const { now } = await (await request.get('/api/sandbox/clock')).json();
  const res = await request.put('/api/sandbox/clock', { data: { now: new Date(Date.parse(now) + ms).toISOString() } });
  expect(res.status()).toBe(204);
}

/** `ms` pass without a request, for the server (the sandbox clock) and for the page (Playwright's clock). */
async function idle(page: Page, ms: number): Promise<void> {
  await advanceServer(page.request, ms);
  await page.clock.fastForward(ms);
}

/** 继续使用 in the warning: it closes and says the login was extended. */
async function extendFromWarning(page: Page, warning: Locator): Promise<void> {
  await warning.getByRole('button', { name: '继续使用' }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByText('已延长登录，可继续使用')).toBeVisible();
}

/** Nobody answers the warning: its countdown runs out on both clocks, and 登录已失效 is shown. */
async function letWarningRunOut(page: Page): Promise<Locator> {
  await advanceServer(page.request, 2 * MINUTE);
  await page.clock.runFor(2 * MINUTE);
  const ended = page.getByRole('dialog', { name: '登录已失效' });
  await expect(ended).toBeVisible();
  return ended;
}

test('two minutes before an unused session ends the portal warns, and 继续使用 keeps the person logged in', async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '吴延时');
  await page.clock.install();
  await loginAccountant(page, mobile, password);
  await expect(page.getByTestId('header-account-name')).toContainText('吴**');
  const warning = page.getByRole('dialog', { name: '登录即将失效' });
  try {
    // 27 minutes without a request: no warning yet.
    await idle(page, 27 * MINUTE);
    await expect(warning).toHaveCount(0);

    // A minute and a half later the session has 90 seconds or so left: the warning, its countdown, and
    // what a screen reader says.
    await idle(page, 90_000);
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('您已较长时间未操作');
    await expect(page.getByTestId('session-warning-countdown')).toHaveText(/^0[01]:\d{2}$/);
    await expect(page.getByTestId('session-warning-live')).toHaveText(/^由于长时间未操作，登录将在(1分\d+秒|\d+秒|1分钟)后失效。$/);
    await expect(page.getByTestId('session-warning-live')).toHaveAttribute('aria-live', 'polite');

    // The countdown runs with the page's clock.
    const before = await page.getByTestId('session-warning-countdown').textContent();
    await page.clock.runFor(5_000);
    await expect(page.getByTestId('session-warning-countdown')).not.toHaveText(before!);

    await extendFromWarning(page, warning);

    // 20 more minutes (48 since the login, past the first timeout): still logged in, and no dialog.
    await idle(page, 20 * MINUTE);
    await expect(warning).toHaveCount(0);
    await page.getByTestId('header-my-reviews').click();
    await expect(page).toHaveURL(/\/my\/reviews$/);
    await expect(page.getByTestId('my-reviews-table')).toBeVisible();
    await expect(page.getByRole('dialog', { name: '登录已失效' })).toHaveCount(0);
    await expect(page.getByTestId('header-account-name')).toContainText('吴**');
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});

test('a warning left unanswered ends in 登录已失效, which leads to the login page', async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '郑到时');
  await page.clock.install();
  await loginAccountant(page, mobile, password);
  const warning = page.getByRole('dialog', { name: '登录即将失效' });
  try {
    await idle(page, 28 * MINUTE + 30_000);
    await expect(warning).toBeVisible();

    // Nobody answers: the countdown reaches 0 on both clocks, and the session has ended.
    const ended = await letWarningRunOut(page);
    await expect(warning).toBeHidden();
    await expect(page.getByTestId('header-account-name')).toBeHidden();
    await ended.getByRole('button', { name: '重新登录' }).click();
    await expect(page).toHaveURL(/\/login$/);
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});

test('the console warns too: 继续使用 keeps the reviewer logged in, and an unanswered warning leads to the console login', async ({ page }) => {
  await page.clock.install();
  await loginStaff(page, 'lx_reviewer');
  const warning = page.getByRole('dialog', { name: '登录即将失效' });
  try {
    await idle(page, 28 * MINUTE + 30_000);
    await expect(warning).toBeVisible();
    await expect(page.getByTestId('session-warning-countdown')).toHaveText(/^0[01]:\d{2}$/);
    await extendFromWarning(page, warning);

    // Past the first timeout: still logged in. Then nobody answers the next warning.
    await idle(page, 20 * MINUTE);
    await expect(page.getByTestId('console-header-name')).toBeVisible();
    await idle(page, 8 * MINUTE + 30_000);
    await expect(warning).toBeVisible();
    const ended = await letWarningRunOut(page);
    await ended.getByRole('button', { name: '重新登录' }).click();
    await expect(page).toHaveURL(/\/console\/login/);
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});

test('a 单位法人用户 is warned too: 继续使用 keeps the unit logged in, and an unanswered warning leads to the 单位登录 tab', async ({ page }) => {
  // Registered through the page's own requests: this browser holds the unit's session.
  const unit = await registerEmployer(page.request);
  await page.clock.install();
  await page.goto('/employer');
  await expect(page.getByTestId('header-unit-name')).toHaveText(unit.unitName);
  const warning = page.getByRole('dialog', { name: '登录即将失效' });
  try {
    await idle(page, 27 * MINUTE);
    await expect(warning).toHaveCount(0);
    await idle(page, 90_000);
    await expect(warning).toBeVisible();
    await expect(page.getByTestId('session-warning-countdown')).toHaveText(/^0[01]:\d{2}$/);
    await extendFromWarning(page, warning);

    // Past the first timeout: still the unit's pages. Then nobody answers the next warning.
    await idle(page, 20 * MINUTE);
    await expect(warning).toHaveCount(0);
    await expect(page.getByTestId('header-unit-name')).toHaveText(unit.unitName);
    await idle(page, 8 * MINUTE + 30_000);
    await expect(warning).toBeVisible();
    const ended = await letWarningRunOut(page);
    await expect(page.getByTestId('header-unit-name')).toHaveCount(0);
    await ended.getByRole('button', { name: '重新登录' }).click();
    await expect(page).toHaveURL(/\/login\?tab=employer&redirect=(%2F|\/)employer$/);
    await expect(page.getByTestId('employer-login-form')).toBeVisible();
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});

test('the SMS code says how long it stays valid, warns a minute before it expires, and says when it has', async ({ page }) => {
  await page.clock.install();
  await page.goto('/register');
  const mobile = `136${String(Date.now()).slice(-8)}`;
  await page.getByTestId('register-mobile').locator('input').fill(mobile);
  await page.getByTestId('register-sms-button').click();
  const validity = page.getByTestId('register-sms-button-validity');
  await expect(validity).toHaveText(/^验证码已发送，3分钟内有效（至\d{2}:\d{2}:\d{2}）$/);
  await expect(validity).toHaveAttribute('aria-live', 'polite');

  await page.clock.runFor(2 * MINUTE + 1_000);
  await expect(validity).toHaveText(/^验证码将于1分钟内过期（\d{2}:\d{2}:\d{2}），请尽快提交$/);
  await page.clock.runFor(MINUTE);
  await expect(validity).toHaveText('验证码已过期，请重新获取');
  // The 3-minute wait for the next code is over as well: the button asks for a new one.
  await expect(page.getByTestId('register-sms-button')).toHaveText('免费获取验证码');
});
