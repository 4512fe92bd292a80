import { expect, test } from '@playwright/test';
import { loginAccountant, registerAccountant } from './helpers';

// Issue 4: 实名认证 before 信息采集. The Alipay QR code leads, in the sandbox, to a page acting as the
// person's phone; confirming there verifies the account.

test('an accountant verifies through the Alipay sandbox', async ({ page, context }) => {
  const person = await registerAccountant(page.request, '钱认证');
  await loginAccountant(page, person.mobile, person.password);

  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  const dialog = page.getByTestId('identity-dialog');
  await expect(dialog.getByText('快捷一键认证')).toBeVisible();
  await expect(dialog.getByTestId('identity-name')).toHaveText('钱**');
  await expect(dialog.getByText('本认证只用作实名认证，不获取个人隐私信息。')).toBeVisible();

  await dialog.getByTestId('identity-alipay-start').click();
  await expect(dialog.locator('img[alt="二维码"]')).toBeVisible();

  // "Scan" with the sandbox phone in another tab, and confirm there.
  const [phone] = await Promise.all([context.waitForEvent('page'), dialog.getByTestId('identity-sandbox-phone').click()]);
  await phone.getByTestId('phone-confirm').click();
  await expect(phone.getByTestId('phone-done')).toBeVisible();
  await phone.close();

  // The portal polls, sees the result, and says so.
  await expect(page.getByText('实名认证成功')).toBeVisible({ timeout: 15_000 });
  const me = await (await page.request.get('/api/identity')).json();
  expect(me).toMatchObject({ verified: true, method: 'alipay' });
});

test('a refusal on the phone is shown, and the account stays unverified', async ({ page, context }) => {
  const person = await registerAccountant(page.request, '孙拒绝');
  await loginAccountant(page, person.mobile, person.password);
  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  const dialog = page.getByTestId('identity-dialog');
  await dialog.getByTestId('identity-alipay-start').click();
  const [phone] = await Promise.all([context.waitForEvent('page'), dialog.getByTestId('identity-sandbox-phone').click()]);
  await phone.getByTestId('phone-mismatch').click();
  await phone.close();
  await expect(dialog.getByTestId('identity-result')).toContainText('不一致', { timeout: 15_000 });
  expect((await (await page.request.get('/api/identity')).json()).verified).toBe(false);
});
