import { maskMobile } from '@ausm/domain';
import { expect, test } from './fixtures';
import { captchaAnswer, latestSmsCode, loginAccountant, registerAccountant, unique } from './helpers';

// 个人中心 · 信息修改 (seed 003 §9) in Chromium: the registration mobile changes to a new one, proved
// by the code sent to it (read on the 沙箱 outbox) and the password; the new mobile then logs in.

test('信息修改: a new mobile, its code and the password; a wrong password is said beside the field', async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '王五');
  const newMobile = `158${unique().slice(-8)}`;
  await loginAccountant(page, mobile, password);
  await page.getByTestId('header-account-name').click();
  await page.getByRole('tab', { name: '信息修改' }).click();
  await expect(page).toHaveURL(/\/my\/account\?tab=mobile$/);
  await expect(page.getByTestId('mobile-current')).toHaveText(maskMobile(mobile));

  // Nothing filled: each field says what it needs, and nothing is sent.
  await page.getByTestId('mobile-submit').click();
  await expect(page.getByTestId('mobile-new')).toContainText('请输入手机号');
  await expect(page.getByTestId('mobile-password')).toContainText('请输入登录密码');

  await page.getByTestId('mobile-new').locator('input').fill(newMobile);
  await page.getByTestId('mobile-sms-button').click();
  await expect(page.getByTestId('mobile-sms-button')).toContainText('秒');
  const code = await latestSmsCode(page.request, newMobile);
  await page.getByTestId('mobile-smsCode').locator('input').fill(code);
  await page.getByTestId('mobile-password').locator('input').fill('Wrong#1234');
  await page.getByTestId('mobile-submit').click();
  await expect(page.getByTestId('mobile-password')).toContainText('登录密码不正确');

  await page.getByTestId('mobile-password').locator('input').fill(password);
  await page.getByTestId('mobile-submit').click();
  await expect(page.getByText('手机号已修改，请使用新手机号登录')).toBeVisible();
  await expect(page.getByTestId('mobile-current')).toHaveText(maskMobile(newMobile));

  // The new mobile logs in; the old one is no account any more.
  await page.getByTestId('header-logout').click();
  await page.goto('/login');
  await page.getByTestId('login-identifier').locator('input').fill(mobile);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page.getByText('账号或密码错误')).toBeVisible();
  await loginAccountant(page, newMobile, password);
  await expect(page.getByTestId('header-account-name')).toContainText('王**');
});
