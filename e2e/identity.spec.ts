import { expect, test, serverURL } from './fixtures';
import { makeJpeg, makePng } from '../apps/server/src/platform/uploads/test-files';
import { decideThroughApi, loginAccountant, loginStaff, registerAccountant, staffStepsThroughApi } from './helpers';

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
  // Verified: 信息采集 opens at once, at its first step.
  await expect(page).toHaveURL(/\/collection\/notice$/);
  await expect(page.getByTestId('collection-steps')).toContainText('采集须知');
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

// 线上实名认证: three photos and 所在省/所在市 go to the city's 会计管理部门; its reviewer approves with
// the photos in front of them, and 信息采集 no longer asks for verification.
test('an accountant verifies through the manual form, and a city reviewer approves', async ({ page, browser, request }) => {
  const person = await registerAccountant(page.request, '李手工');
  await loginAccountant(page, person.mobile, person.password);
  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  await page.getByTestId('identity-dialog').getByTestId('identity-manual').click();
  await expect(page).toHaveURL(/\/identity\/manual$/);
  await expect(page.getByText('如需再次提交，三张照片需要全部重新提交。')).toBeVisible();

  // Nothing chosen: each missing part is named.
  await page.getByTestId('manual-submit').click();
  await expect(page.getByText('请上传证件人像面照片')).toBeVisible();
  await expect(page.getByText('请选择所在市')).toBeVisible();

  // The form checks the rule before sending: 10 KB − 1 byte is refused beside the photo, a PNG is fine.
  const front = page.getByTestId('manual-frontFileId');
  await front.locator('input[type=file]').setInputFiles({ name: 'front.jpg', mimeType: 'image/jpeg', buffer: makeJpeg({ width: 64, height: 40, size: 10 * 1024 - 1 }) });
  await expect(front.getByRole('alert').filter({ hasText: '文件大小不能小于10KB' })).toBeVisible();
  await front.locator('input[type=file]').setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: makePng({ width: 64, height: 40, size: 12 * 1024 }) });
  await expect(front.locator('img')).toBeVisible();
  for (const part of ['backFileId', 'handheldFileId']) {
    const field = page.getByTestId(`manual-${part}`);
    await field.locator('input[type=file]').setInputFiles({ name: `${part}.jpg`, mimeType: 'image/jpeg', buffer: makeJpeg({ width: 64, height: 40, size: 15 * 1024 }) });
    await expect(field.locator('img')).toBeVisible();
  }
  await page.getByTestId('manual-province').click();
  await page.getByRole('option', { name: '山东省' }).click();
  await page.getByTestId('manual-city').click();
  await page.getByRole('option', { name: '济南市' }).click();
  await page.getByTestId('manual-submit').click();
  await expect(page.getByTestId('manual-status')).toContainText('正在审核中');
  await expect(page.getByTestId('manual-status')).toContainText('济南市');

  // 济南市's reviewer sees the three photos, and approves.
  // The phone project approves through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    expect(await decideThroughApi(request, 'jn_reviewer', { q: person.idNumber, kindLabel: '线上实名认证' })).toHaveLength(1);
  } else {
    const consolePage = await browser.newPage({ baseURL: serverURL() });
    await loginStaff(consolePage, 'jn_reviewer');
    await consolePage.goto('/console/reviews?status=pending');
    await consolePage.getByTestId('review-filter-q').locator('input').fill('李**');
    await consolePage.getByTestId('review-search').click();
    const row = consolePage.getByTestId('review-table').locator('tr', { hasText: '线上实名认证' }).first();
    await row.getByText('详情').click();
    for (const label of ['人像面', '国徽面', '手持证件照']) {
      const img = consolePage.getByTestId(`attachment-${label}`).locator('img');
      await expect(img).toBeVisible();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(64);
    }
    await consolePage.getByTestId('review-approve').click();
    await consolePage.getByTestId('review-approve-confirm').click();
    await expect(consolePage.getByTestId('review-status')).toContainText('审核通过');
    await consolePage.close();
  }

  // The accountant is verified: the page says so, and 信息采集 goes on without the dialog.
  await page.reload();
  await expect(page.getByTestId('manual-verified')).toBeVisible();
  await page.getByRole('button', { name: '返回首页' }).click();
  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  await expect(page.getByTestId('identity-dialog')).toBeHidden();
  await expect(page).toHaveURL(/\/collection\/notice$/);
  await expect(page.getByTestId('collection-steps')).toContainText('采集须知');
});
