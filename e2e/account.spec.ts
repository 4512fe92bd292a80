import { expect, test, type Page } from './fixtures';
import { captchaAnswer as shownCaptchaAnswer, idNumberFor, latestSmsCode, loginAccountant, unique } from './helpers';

const captchaAnswer = (page: Page) => shownCaptchaAnswer(page, 'login-captcha-image');

// The accountant's account journey (issue 2; seeds 003 §1–2): register with a rare character in the
// name, log in by mobile and by ID number, see the masked name, log out, reset the password, log in
// with the new one; and a refused registration that leaves no account.

test('register with a rare character, log in both ways, log out, reset the password', async ({ page }) => {
  const seq = unique();
  const mobile = `139${seq.slice(-8)}`;
  const idNumber = idNumberFor(seq);
  const password = 'Kj#8821abc';
  const newPassword = 'Nw$7712xyz';

  await page.goto('/');
  await page.getByRole('button', { name: '注册' }).first().click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByText('携号转网用户可能无法接收手机短信验证码')).toBeVisible();

  await page.getByTestId('register-idType').click();
  await page.getByRole('option', { name: '内地居民身份证' }).click();
  await page.getByTestId('register-idNumber').locator('input').fill(idNumber);
  await page.getByTestId('register-realName').locator('input').fill('王');
  // 𠮷 lies outside the BMP: picked from the 生僻字 dialog, it must survive to the database and back.
  await page.getByRole('button', { name: '生僻字' }).click();
  const dialog = page.getByRole('dialog', { name: '生僻字录入' });
  await dialog.getByText('𠮷', { exact: true }).click();
  await expect(page.getByTestId('register-realName').locator('input')).toHaveValue(/王𠮷/);
  await page.getByTestId('register-password').locator('input').fill(password);
  await page.getByTestId('register-confirmPassword').locator('input').fill(password);
  await page.getByTestId('register-mobile').locator('input').fill(mobile);
  await page.getByTestId('register-sms-button').click();
  await expect(page.getByTestId('register-sms-button')).toContainText('秒');
  await page.getByTestId('register-smsCode').locator('input').fill(await latestSmsCode(page.request, mobile));
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/login/);

  // Log in by mobile: home shows the masked name top right.
  await loginAccountant(page, mobile, password);
  await expect(page.getByTestId('header-account-name')).toContainText('王**');
  await page.getByTestId('header-logout').click();
  await expect(page.getByRole('button', { name: '会计人员登录' })).toBeVisible();

  // Log in by ID number.
  await loginAccountant(page, idNumber, password);
  await expect(page.getByTestId('header-account-name')).toContainText('王**');
  await page.getByTestId('header-logout').click();

  // 找回密码 with the same rare-character name.
  await page.goto('/login');
  await page.getByText('忘记密码').click();
  await expect(page).toHaveURL(/\/password-reset$/);
  await page.getByTestId('reset-idNumber').locator('input').fill(idNumber);
  await page.getByTestId('reset-realName').locator('input').fill('王𠮷');
  await page.getByTestId('reset-password').locator('input').fill(newPassword);
  await page.getByTestId('reset-confirmPassword').locator('input').fill(newPassword);
  await page.getByTestId('reset-mobile').locator('input').fill(mobile);
  // One code per mobile per 3 minutes: move the sandbox clock on rather than wait.
  const clock = await (await page.request.get('/api/sandbox/clock')).json();
  await page.request.put('/api/sandbox/clock', { data: { now: new Date(new Date(clock.now).getTime() + 181_000).toISOString() } });
  await page.getByTestId('reset-sms-button').click();
  await expect(page.getByTestId('reset-sms-button')).toContainText('秒');
  const resetCode = await (async () => {
    await expect.poll(async () => (await (await page.request.get(`/api/sandbox/sms?mobile=${mobile}`)).json()).length).toBe(2);
    return latestSmsCode(page.request, mobile);
  })();
  await page.getByTestId('reset-smsCode').locator('input').fill(resetCode);
  await page.getByTestId('reset-submit').click();
  await expect(page).toHaveURL(/\/login/);
  await page.request.delete('/api/sandbox/clock');

  await loginAccountant(page, mobile, newPassword);
  await expect(page.getByTestId('header-account-name')).toContainText('王**');
});

test('a bad check digit is refused beside the field and leaves no account', async ({ page }) => {
  const seq = unique();
  const mobile = `137${seq.slice(-8)}`;
  const good = idNumberFor(seq);
  const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');

  await page.goto('/register');
  await page.getByTestId('register-idType').click();
  await page.getByRole('option', { name: '内地居民身份证' }).click();
  await page.getByTestId('register-idNumber').locator('input').fill(bad);
  await page.getByTestId('register-realName').locator('input').fill('赵六');
  await page.getByTestId('register-password').locator('input').fill('Kj#8821abc');
  await page.getByTestId('register-confirmPassword').locator('input').fill('Kj#8821abc');
  await page.getByTestId('register-mobile').locator('input').fill(mobile);
  await page.getByTestId('register-smsCode').locator('input').fill('123456');
  await page.getByTestId('register-submit').click();
  await expect(page.getByText('身份证号码校验位不正确')).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);

  // No account: logging in with that mobile fails as an unknown account does.
  await page.goto('/login');
  await page.getByTestId('login-identifier').locator('input').fill(mobile);
  await page.getByTestId('login-password').locator('input').fill('Kj#8821abc');
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page));
  await page.getByTestId('login-submit').click();
  await expect(page.getByText('账号或密码错误')).toBeVisible();
});
