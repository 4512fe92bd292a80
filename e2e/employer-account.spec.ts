import { expect, serverURL, test } from './fixtures';
import { captchaAnswer, loginEmployer, makeUscc, registerEmployer } from './helpers';

// What issue 26 left out of the 单位法人用户's account, as a unit meets it: 找回密码 by the credit code and a code
// texted to the 经办人, which ends the unit's other sessions.

test('单位 找回密码: a code texted to the 经办人 resets the password, ends the other session, and the old password no longer works', async ({ page, browser }) => {
  // The unit is logged in elsewhere (its registration's session, in another browser).
  const elsewhere = await browser.newContext({ baseURL: serverURL() });
  const unit = await registerEmployer(elsewhere.request);
  expect((await elsewhere.request.get('/api/employer/session')).status()).toBe(200);

  // 单位登录 › 忘记密码.
  await page.goto('/login?tab=employer');
  await page.getByTestId('employer-login-forgot').click();
  await expect(page).toHaveURL(/\/employer\/password-reset$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('单位法人用户找回密码');

  // A credit code no unit has: the page answers as it does for a registered one.
  const uscc = page.getByTestId('employer-reset-uscc').locator('input');
  await uscc.fill(makeUscc());
  await page.getByTestId('employer-reset-sms-button').click();
  await expect(page.getByTestId('employer-reset-sms-button-validity')).toContainText('验证码已发送，3分钟内有效');

  // The unit's own code, texted to its 经办人.
  await uscc.fill(unit.uscc);
  await page.getByTestId('employer-reset-sms-button').click();
  await expect(page.getByTestId('employer-reset-sms-button-validity')).toContainText('验证码已发送，3分钟内有效');
  // The text goes out after the answer (the answer must not wait on the gateway): the 经办人's newest, once it is there.
  let code = '';
  await expect
    .poll(async () => {
      const [latest] = await (await page.request.get(`/api/sandbox/sms?mobile=${unit.agentMobile}`)).json();
      code = latest.code;
      return latest.content as string;
    })
    .toContain('单位法人用户找回密码');
  const newPassword = 'Nw#5530xyz';
  await page.getByTestId('employer-reset-password').locator('input').fill(newPassword);
  await page.getByTestId('employer-reset-confirmPassword').locator('input').fill(newPassword);
  // A wrong code is said beside the field, with the tries left.
  await page.getByTestId('employer-reset-smsCode').locator('input').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByTestId('employer-reset-submit').click();
  await expect(page.getByTestId('employer-reset-smsCode')).toContainText('验证码错误，还可尝试4次');
  await page.getByTestId('employer-reset-smsCode').locator('input').fill(code);
  await page.getByTestId('employer-reset-submit').click();
  await expect(page).toHaveURL(/\/login\?tab=employer$/);

  // The other session is over; the old password fails; the new one logs in.
  expect((await elsewhere.request.get('/api/employer/session')).status()).toBe(401);
  await elsewhere.close();
  await page.getByTestId('employer-login-uscc').locator('input').fill(unit.uscc);
  await page.getByTestId('employer-login-password').locator('input').fill(unit.password);
  await page.getByTestId('employer-login-captcha').locator('input').fill(await captchaAnswer(page, 'employer-login-captcha-image'));
  await page.getByTestId('employer-login-submit').click();
  await expect(page.getByTestId('employer-login-form')).toContainText('统一社会信用代码或密码错误');
  await loginEmployer(page, unit.uscc, newPassword);
  await expect(page.getByTestId('employer-unit')).toHaveText(unit.unitName);
});

test('政务服务平台 法人登录 through the sandbox: confirming logs the unit in; cancelling comes back to 单位登录, which says so', async ({ page, request }) => {
  const unit = await registerEmployer(request);

  // 单位登录 › 政务服务平台法人登录 › the sandbox's login page › 确认登录: the unit's pages, its name in the header.
  await page.goto('/login?tab=employer');
  await page.getByTestId('employer-login-legal-person').click();
  await expect(page).toHaveURL(/\/sandbox\/legal-person\?/);
  await expect(page.getByRole('heading', { name: '国家政务服务平台 · 法人登录' })).toBeVisible();
  await page.getByTestId('lp-uscc').locator('input').fill(unit.uscc);
  await page.getByTestId('lp-unit-name').locator('input').fill(unit.unitName);
  await page.getByTestId('lp-representative').locator('input').fill('赵法人');
  await page.getByTestId('lp-confirm').click();
  await expect(page).toHaveURL(/\/employer$/);
  await expect(page.getByTestId('header-unit-name')).toHaveText(unit.unitName);
  await expect(page.getByTestId('employer-status')).toHaveText('待提交审核');

  // 退出 from the header: nobody is logged in.
  await page.getByTestId('header-logout').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-unit-name')).toHaveCount(0);
  expect((await page.request.get('/api/employer/session')).status()).toBe(401);

  // Again, and the legal person cancels on the 政务服务平台: back on 单位登录, told so, not logged in.
  await page.goto('/login?tab=employer');
  await page.getByTestId('employer-login-legal-person').click();
  await expect(page).toHaveURL(/\/sandbox\/legal-person\?/);
  await page.getByTestId('lp-cancel').click();
  await expect(page).toHaveURL(/\/login\?tab=employer&notice=legal_person_cancelled$/);
  await expect(page.getByTestId('employer-login-notice')).toContainText('您已取消政务服务平台法人登录');
  await expect(page.getByTestId('employer-login-form')).toBeVisible();
  await expect(page.getByTestId('header-unit-name')).toHaveCount(0);
  // The password login still works from there.
  await loginEmployer(page, unit.uscc, unit.password);
  await expect(page.getByTestId('header-unit-name')).toHaveText(unit.unitName);
});
