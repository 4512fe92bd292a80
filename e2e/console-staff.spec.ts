import { expect, test, type Page, serverURL } from './fixtures';
import { Secret, TOTP } from 'otpauth';
import { captchaAnswer, loginStaff, unique } from './helpers';

// Issue 17 items 6 and 8: 修改密码, forced at the first login after an administrator reset the password and
// voluntary from the header; a 动态口令 enrolled at the first login (QR code and secret shown, the code
// computed here from the secret the page shows, as an authenticator app would) and asked at the next.

/** Creates a 青岛 reviewer through the console's API, as 山东省's administrator (already logged in on `page`). */
async function createReviewer(page: Page, username: string, password: string, totpRequired = false) {
  const res = await page.request.post('/api/console/staff', {
    data: { username, realName: '青岛审核员', authorityId: '370200', roles: ['reviewer'], password, totpRequired },
  });
  expect(res.status()).toBe(201);
}

/** The password step of the console login, without waiting for the console (a code or 修改密码 may follow). */
async function enterPassword(page: Page, username: string, password: string) {
  await page.goto('/console/login');
  await page.getByTestId('console-login-username').locator('input').fill(username);
  await page.getByTestId('console-login-password').locator('input').fill(password);
  await page.getByTestId('console-login-captcha').locator('input').fill(await captchaAnswer(page, 'console-login-captcha-image'));
  await page.getByTestId('console-login-submit').click();
}

async function changePassword(page: Page, oldPassword: string, password: string) {
  await page.getByTestId('console-password-old').locator('input').fill(oldPassword);
  await page.getByTestId('console-password-new').locator('input').fill(password);
  await page.getByTestId('console-password-confirm').locator('input').fill(password);
  await page.getByTestId('console-password-submit').click();
}

/** The code an authenticator app would show at the platform's (sandbox) time. */
async function codeAt(page: Page, secret: string): Promise<string> {
  const { now } = await (await page.request.get('/api/sandbox/clock')).json();
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.parse(now) });
}

test('修改密码: forced at the first login after an administrator reset, then voluntary; other sessions end', async ({ page, browser }) => {
  const username = `qd_pw_${unique()}`;
  await loginStaff(page, 'sd_admin');
  await createReviewer(page, username, 'Init@12345');

  // 山东省's administrator resets the password in 财政用户管理.
  await page.goto('/console/staff');
  await page.getByTestId('staff-filter-q').locator('input').fill(username);
  await page.getByTestId('staff-search').click();
  const row = page.getByTestId('staff-table').locator('tr', { hasText: username });
  await row.getByRole('button', { name: '重置密码' }).click();
  await page.getByTestId('staff-reset-password').locator('input').fill('Reset#2025a');
  await page.getByRole('button', { name: '确定重置' }).click();
  await expect(page.getByText(/已重置「青岛审核员」的密码/)).toBeVisible();
  await page.getByTestId('console-logout').click();

  // The reviewer logs in with it: the console opens 修改密码 and nothing else.
  await enterPassword(page, username, 'Reset#2025a');
  await expect(page).toHaveURL(/\/console\/password$/);
  await expect(page.getByTestId('console-password-forced')).toBeVisible();
  await page.goto('/console/reviews');
  await expect(page).toHaveURL(/\/console\/password$/);
  // A wrong old password and the same password are refused beside their fields.
  await changePassword(page, 'Wrong#2025a', 'Mine#2025a');
  await expect(page.getByTestId('console-password-old')).toContainText('原密码不正确，再失败4次账号将被锁定');
  await changePassword(page, 'Reset#2025a', 'Reset#2025a');
  await expect(page.getByTestId('console-password-new')).toContainText('新密码不能与原密码相同');
  await changePassword(page, 'Reset#2025a', 'Mine#2025a');
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByTestId('console-header-name')).toHaveText('青岛审核员');

  // Voluntary: from the header, with another session of the same reviewer open elsewhere.
  const elsewhere = await browser.newPage({ baseURL: serverURL() });
  await loginStaff(elsewhere, username, 'Mine#2025a');
  await page.getByTestId('console-change-password').click();
  await expect(page).toHaveURL(/\/console\/password$/);
  await expect(page.getByTestId('console-password-forced')).toHaveCount(0);
  await changePassword(page, 'Mine#2025a', 'Again#2025b');
  // Done when the form empties (the message of the forced change above may still be showing).
  await expect(page.getByTestId('console-password-old').locator('input')).toHaveValue('');
  await expect(page.getByText('密码已修改，您在其他地方的登录已退出').last()).toBeVisible();
  expect((await elsewhere.request.get('/api/console/session')).status()).toBe(401);
  expect((await page.request.get('/api/console/session')).status()).toBe(200);
  await elsewhere.close();
  await page.getByTestId('console-logout').click();
  await loginStaff(page, username, 'Again#2025b');
});

test('动态口令: enrolled at the first login from the QR code and secret shown, asked at the next', async ({ page }) => {
  const username = `qd_totp_${unique()}`;
  await loginStaff(page, 'sd_admin');
  await createReviewer(page, username, 'Init@12345', true);
  await page.getByTestId('console-logout').click();

  await enterPassword(page, username, 'Init@12345');
  await expect(page.getByText('首次登录需绑定动态口令')).toBeVisible();
  await expect(page.getByRole('img', { name: '二维码' })).toBeVisible();
  const secret = (await page.getByTestId('console-totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // A wrong code is refused beside the field, counting down.
  const right = await codeAt(page, secret);
  await page.getByTestId('console-totp-code').locator('input').fill(right === '000000' ? '000001' : '000000');
  await page.getByTestId('console-totp-submit').click();
  await expect(page.getByTestId('console-totp-code')).toContainText('动态口令错误，还可尝试4次');
  await page.getByTestId('console-totp-code').locator('input').fill(await codeAt(page, secret));
  await page.getByTestId('console-totp-submit').click();
  // A new staff member's password was set by an administrator: 修改密码 comes next.
  await expect(page).toHaveURL(/\/console\/password$/);
  await changePassword(page, 'Init@12345', 'Totp#2025a');
  await expect(page).toHaveURL(/\/console$/);
  await page.getByTestId('console-logout').click();

  // The next login asks for the code of a later time step (the one used is spent).
  const { now } = await (await page.request.get('/api/sandbox/clock')).json();
  await page.request.put('/api/sandbox/clock', { data: { now: new Date(Date.parse(now) + 30_000).toISOString() } });
  try {
    await enterPassword(page, username, 'Totp#2025a');
    await expect(page.getByText('请输入身份验证器App中显示的6位动态口令')).toBeVisible();
    await page.getByTestId('console-totp-code').locator('input').fill(await codeAt(page, secret));
    await page.getByTestId('console-totp-submit').click();
    await expect(page.getByTestId('console-header-name')).toHaveText('青岛审核员');
    await expect(page).toHaveURL(/\/console$/);
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});
