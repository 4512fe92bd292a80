import { expect, test, serverURL } from './fixtures';
import { loginAccountant, loginStaff, phoneNotices, registerAccountant, staffApi, staffStepsThroughApi } from './helpers';

// Issue 18, "Every decision reaches the person": a reviewer approves; the person's phone (the 沙箱 page)
// receives the notice, and 我的办件 shows it beside the item. The console lists notices in scope.

test('an approval reaches the person on the sandbox phone and in 我的办件', async ({ page, browser, request }) => {
  const accountant = await registerAccountant(page.request, '周通知');
  const filed = await page.request.post('/api/sandbox/review-items', {
    data: { mobile: accountant.mobile, authorityId: '370102', title: '沙箱演示：通知测试' },
  });
  expect(filed.status()).toBe(201);
  const { id } = await filed.json();

  // 历下区 approves with an opinion (the console at 1366 px).
  // The phone project approves through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    await staffApi(request, 'lx_reviewer');
    const approved = await request.post(`/api/console/review-items/${id}/approve`, { data: { opinion: '材料齐全，同意' } });
    expect(approved.status(), await approved.text()).toBe(200);
  } else {
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginStaff(page, 'lx_reviewer');
    await page.goto(`/console/reviews/${id}`);
    await page.getByTestId('review-approve').click();
    await page.getByTestId('review-approve-opinion').locator('textarea').fill('材料齐全，同意');
    await page.getByTestId('review-approve-confirm').click();
    await expect(page.getByTestId('review-status')).toContainText('审核通过');

    // The console's 消息通知 lists the sent notice (the person masked).
    await page.getByTestId('console-menu-notices').click();
    await page.getByTestId('notices-filter-status').getByText('已发送').click();
    const consoleRow = page.getByTestId('notices-table').locator('tr', { hasText: '周*' }).first();
    await expect(consoleRow).toContainText('短信');
    await expect(page.getByTestId('notices-table')).not.toContainText(accountant.mobile);
    const overflow = await page.evaluate(() => {
      const body = document.querySelector('[data-testid="notices-table"] .el-scrollbar__wrap') as HTMLElement | null;
      return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: body ? body.scrollWidth - body.clientWidth : 0 };
    });
    expect(overflow).toEqual({ page: 0, table: 0 });
  }

  // The sandbox phone: the notice, by SMS (no WeChat bound), with the service, the decision, the opinion.
  const phone = await phoneNotices(browser, accountant.mobile, ['沙箱演示：通知测试', '审核通过', '审核意见：材料齐全，同意', '我的办件', '短信']);
  const contract = await (await phone.request.get(`/api/sandbox/notices?mobile=${accountant.mobile}`)).json();
  expect(contract).toHaveLength(1);
  expect(contract[0]).toMatchObject({ mobile: accountant.mobile, channel: 'sms' });
  await phone.close();

  // 我的办件: the item approved, its decision time, and the notice about it.
  const portal = await browser.newPage({ baseURL: serverURL() });
  await loginAccountant(portal, accountant.mobile, accountant.password);
  await portal.getByTestId('header-my-reviews').click();
  const mine = portal.getByTestId('my-reviews-table');
  const row = mine.locator('tr', { hasText: '沙箱演示：通知测试' }).first();
  await expect(row).toContainText('审核通过');
  await expect(row.getByTestId('my-review-notice-summary')).toHaveText('已通过短信通知');
  await row.locator('.el-table__expand-icon').click();
  const notice = mine.getByTestId('my-review-notice').first();
  await expect(notice).toContainText('已发送');
  await expect(notice).toContainText('审核意见：材料齐全，同意');
  await portal.close();
});

test('我的办件 and the sandbox notices fit a 375 px phone', async ({ browser }) => {
  const page = await browser.newPage({ baseURL: serverURL(), viewport: { width: 375, height: 740 } });
  const accountant = await registerAccountant(page.request, '吴手机');
  await loginAccountant(page, accountant.mobile, accountant.password);
  await page.goto('/my/reviews');
  await expect(page.getByTestId('my-reviews-table')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.goto('/sandbox');
  await expect(page.getByTestId('sandbox-notices-table')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.close();
});
