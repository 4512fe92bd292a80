import { expect, test, serverURL } from './fixtures';
import { loginAccountant, loginStaff, registerAccountant } from './helpers';

// Issue 3: a county reviewer finds a pending item and rejects it with a reason; the accountant sees
// the reason; the province above sees the county's item, a neighbour province does not.

test('a county reviewer rejects with a reason, the accountant sees it, scope holds', async ({ page, browser }) => {
  const accountant = await registerAccountant(page.request, '周审核');
  const filed = await page.request.post('/api/sandbox/review-items', {
    data: { mobile: accountant.mobile, authorityId: '370102', title: '沙箱演示：通讯地址变更' },
  });
  expect(filed.status()).toBe(201);
  const { id } = await filed.json();

  // 历下区 reviewer: the queue shows the pending item; the detail shows 变更前/变更后 in red.
  await loginStaff(page, 'lx_reviewer');
  await page.goto('/console/reviews?status=pending');
  await page.getByTestId('review-filter-q').locator('input').fill('周**');
  await page.getByTestId('review-search').click();
  const row = page.getByTestId('review-table').locator('tr', { hasText: '沙箱演示：通讯地址变更' }).first();
  await expect(row).toBeVisible();
  await expect(page.getByText(/共 \d+ 条/)).toBeVisible();
  await row.getByText('详情').click();
  await expect(page).toHaveURL(new RegExp(`/console/reviews/${id}$`));
  await expect(page.locator('.is-changed').first()).toBeVisible();

  // A rejection needs a reason.
  await page.getByTestId('review-reject').click();
  await page.getByTestId('review-reject-confirm').click();
  await expect(page.getByText('请填写不通过的原因')).toBeVisible();
  await page.getByTestId('review-reject-reason').locator('textarea').fill('通讯地址与证明材料不一致，请核实后重新提交');
  await page.getByTestId('review-reject-confirm').click();
  await expect(page.getByTestId('review-status')).toContainText('审核不通过');

  // The accountant sees the status, the authority and the reason.
  const portal = await browser.newPage({ baseURL: serverURL() });
  await loginAccountant(portal, accountant.mobile, accountant.password);
  await portal.getByTestId('header-my-reviews').click();
  const mine = portal.getByTestId('my-reviews-table');
  await expect(mine).toContainText('审核不通过');
  await expect(mine).toContainText('通讯地址与证明材料不一致，请核实后重新提交');
  await expect(mine).toContainText('山东省-济南市-历下区');
  await portal.close();

  // 山东省 sees the county's items; 北京市 does not.
  const second = await page.request.post('/api/sandbox/review-items', { data: { mobile: accountant.mobile, authorityId: '370102', title: '沙箱演示：范围核对' } });
  expect(second.status()).toBe(201);
  // Read at once: a response's body is not kept for the rest of the test.
  const secondId = (await second.json()).id as string;
  await page.getByTestId('console-logout').click();
  await loginStaff(page, 'sd_reviewer');
  await page.goto('/console/reviews');
  await expect(page.getByTestId('review-table')).toContainText('沙箱演示：范围核对');
  await page.getByTestId('console-logout').click();
  await loginStaff(page, 'bj_reviewer');
  await page.goto('/console/reviews');
  await expect(page.getByTestId('review-table')).toBeVisible();
  await expect(page.getByTestId('review-table')).not.toContainText('沙箱演示：范围核对');
  // Guessing the id gets nothing either.
  const guessed = await page.request.get(`/api/console/review-items/${secondId}`);
  expect(guessed.status()).toBe(404);
});
