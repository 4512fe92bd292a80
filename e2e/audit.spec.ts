import { expect, test } from './fixtures';
import { idNumberFor, loginStaff, pick, unique } from './helpers';

// Issue 17 item 16: an administrator's work on staff leaves audit events, which the administrator finds
// on 审计日志 (filters in the address, newest first, masked values, at 1366 px without sideways
// scrolling); a reviewer has no such page.

test('an administrator finds what was done to a staff member on 审计日志; a reviewer cannot open it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const username = `au_${unique()}`;
  await loginStaff(page, 'sd_admin');

  // Work on staff through the console's API, with the administrator's session.
  const created = await page.request.post('/api/console/staff', {
    data: { username, realName: '审计演示员', authorityId: '370100', roles: ['reviewer'], password: 'Audit@2025' },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  expect((await page.request.patch(`/api/console/staff/${id}`, { data: { roles: ['reviewer', 'admin'] } })).status()).toBe(200);
  expect((await page.request.post(`/api/console/staff/${id}/password`, { data: { password: 'Reset@2025' } })).status()).toBe(204);

  await page.getByTestId('console-menu-audit').click();
  await expect(page).toHaveURL(/\/console\/audit$/);
  const table = page.getByTestId('audit-table');
  // Newest first: the reset, then the role change, then the creation.
  const rows = table.locator('.el-table__body tr');
  await expect(rows.nth(0)).toContainText('重置财政用户密码');
  await expect(rows.nth(0)).toContainText(username);
  await expect(rows.nth(1)).toContainText('修改角色');
  await expect(rows.nth(1)).toContainText('审核员 → 审核员、管理员');
  await expect(rows.nth(2)).toContainText('新增财政用户');
  await expect(rows.nth(2)).toContainText('山东省-济南市');
  await expect(rows.nth(0)).toContainText('sd_admin（山东省管理员）');

  // The page fits 1366 px: neither the page nor the table scrolls sideways.
  const overflow = await page.evaluate(() => {
    const body = document.querySelector('[data-testid="audit-table"] .el-scrollbar__wrap') as HTMLElement | null;
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: body ? body.scrollWidth - body.clientWidth : 0 };
  });
  expect(overflow).toEqual({ page: 0, table: 0 });

  // By kind: only role changes.
  await pick(page, page.getByTestId('audit-filter-kind'), '修改角色');
  await expect(page).toHaveURL(/kind=staff_roles_change/);
  await expect(rows.first()).toContainText('修改角色');
  await expect(table).not.toContainText('新增财政用户');

  // An ID number is no search term: the form says so before anything is sent.
  const subject = page.getByTestId('audit-filter-subject').locator('input');
  await subject.fill(idNumberFor(unique()));
  await page.getByTestId('audit-search').click();
  await expect(page.getByText('不能按证件号码或手机号查询，请输入账号ID、财政用户ID或用户名')).toBeVisible();
  await expect(page).not.toHaveURL(/subject=/);

  // By subject: the staff member's username, every kind.
  await page.getByRole('button', { name: '重置' }).click();
  await subject.fill(username);
  await page.getByTestId('audit-search').click();
  await expect(page).toHaveURL(new RegExp(`subject=${username}`));
  await expect(rows).toHaveCount(3);

  // 只看此人: the actor's name filters by the actor.
  await rows.first().getByRole('button', { name: 'sd_admin（山东省管理员）' }).click();
  await expect(page).toHaveURL(/actor=sd_admin/);
  await expect(page.getByTestId('audit-filter-actor').locator('input')).toHaveValue('sd_admin');

  // A reviewer has no 审计日志: not in the menu, not by its address, not through the API.
  await page.getByTestId('console-logout').click();
  await loginStaff(page, 'jn_reviewer');
  await expect(page.getByTestId('console-menu-audit')).toHaveCount(0);
  await page.goto('/console/audit');
  await expect(page).toHaveURL(/\/console$/);
  expect((await page.request.get('/api/console/audit-events')).status()).toBe(403);
});
