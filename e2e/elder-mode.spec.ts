import { expect, test, type Page } from './fixtures';
import { idNumberFor, latestSmsCode, loginAccountant, unique } from './helpers';

// Issue 19: 长辈版. The switch in the header enlarges the portal's text to 150 % or more and darkens it, is
// remembered by the browser, and a journey (registration, login, 实名认证) runs in that mode; in the mobile
// project the fixtures fail it if any page scrolls sideways at 375 px, as in every phone journey.

/** The font sizes (px) of the register page's parts a person reads: title, notes, label, field, button, header. */
async function registerSizes(page: Page) {
  const size = async (selector: string) => {
    const el = page.locator(selector).first();
    await expect(el).toBeVisible();
    return el.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  };
  return {
    title: await size('h1.page-title'),
    label: await size('.el-form-item__label'),
    input: await size('[data-testid="register-idNumber"] input'),
    button: await size('[data-testid="register-submit"]'),
    notes: await size('.el-card li, .el-card p:not(.sms-validity)'),
    headerLink: await size('[data-testid="header-elder-mode"]'),
  };
}

test('长辈版: text at 150 % and darker, remembered, and registration, login and 实名认证 work in it', async ({ page }) => {
  await page.goto('/register');
  await expect(page.getByTestId('register-submit')).toBeVisible();
  const standard = await registerSizes(page);
  const standardColor = await page.locator('.el-form-item__label').first().evaluate((e) => getComputedStyle(e).color);

  await page.getByTestId('header-elder-mode').click();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
  await expect(page.getByTestId('header-elder-mode')).toHaveText('标准版');
  const elder = await registerSizes(page);
  for (const part of Object.keys(standard) as (keyof typeof standard)[]) {
    expect(elder[part] / standard[part], `${part}: ${standard[part]} px → ${elder[part]} px`).toBeGreaterThanOrEqual(1.5);
  }
  // Stronger contrast: the labels are black rather than grey.
  const elderColor = await page.locator('.el-form-item__label').first().evaluate((e) => getComputedStyle(e).color);
  expect(standardColor).not.toBe(elderColor);
  expect(elderColor).toBe('rgb(26, 26, 26)');

  // Remembered by the browser: a new visit opens in 长辈版.
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);

  // Registration in 长辈版.
  const seq = unique();
  const mobile = `136${seq.slice(-8)}`;
  const password = 'Kj#8821abc';
  await page.getByTestId('register-idType').click();
  await page.getByRole('option', { name: '内地居民身份证' }).click();
  await page.getByTestId('register-idNumber').locator('input').fill(idNumberFor(seq));
  await page.getByTestId('register-realName').locator('input').fill('李长辈');
  await page.getByTestId('register-password').locator('input').fill(password);
  await page.getByTestId('register-confirmPassword').locator('input').fill(password);
  await page.getByTestId('register-mobile').locator('input').fill(mobile);
  await page.getByTestId('register-sms-button').click();
  await expect(page.getByTestId('register-sms-button')).toContainText('秒');
  await page.getByTestId('register-smsCode').locator('input').fill(await latestSmsCode(page.request, mobile));
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/login/);

  // Login, the home page and the 实名认证 dialog in 长辈版.
  await loginAccountant(page, mobile, password);
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
  await expect(page.getByTestId('header-account-name')).toContainText('李**');
  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  const dialog = page.getByTestId('identity-dialog');
  await expect(dialog.getByTestId('identity-alipay-start')).toBeVisible();
  await dialog.getByTestId('identity-alipay-start').click();
  await expect(dialog.getByTestId('identity-sandbox-phone')).toBeVisible();
  // The dialog fits the window, its QR code and links within it.
  const box = await dialog.evaluate((e) => e.getBoundingClientRect().right);
  expect(box).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
  await dialog.getByRole('button', { name: '返回首页' }).click();

  // Back to 标准版: the sizes are the standard ones again, also after a reload.
  await page.getByTestId('header-elder-mode').click();
  await expect(page.locator('html')).not.toHaveClass(/elder-mode/);
  await page.getByTestId('header-logout').click();
  await expect(page.getByRole('button', { name: '会计人员登录' })).toBeVisible();
  await page.goto('/register');
  await expect(page.locator('html')).not.toHaveClass(/elder-mode/);
  expect((await registerSizes(page)).title).toBe(standard.title);
});
