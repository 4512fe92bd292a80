import { expect, test } from './fixtures';

// Issue 19 / seed 001: the portal's footer on every page, and the home page's floating panel, each of its
// entries doing something real.

test('the footer names who runs the platform, its 备案 number and the technical hotline', async ({ page }) => {
  for (const path of ['/', '/login', '/help']) {
    await page.goto(path);
    const footer = page.getByRole('contentinfo');
    await expect(footer).toContainText('主办单位：中华人民共和国财政部');
    await expect(footer).toContainText('承办单位：财政部会计财务评价中心');
    await expect(footer).toContainText(/备案号：\S+ICP备\S+号/);
    await expect(footer).toContainText(/技术咨询电话：[\d-]+/);
  }
});

test('the floating panel opens 操作说明 and 咨询答疑, shows the hotline, and folds away', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByRole('complementary', { name: '帮助与咨询' });
  await expect(panel).toBeVisible();

  await panel.getByRole('link', { name: '操作指南' }).click();
  await expect(page).toHaveURL(/\/help\/guide$/);
  await expect(page.getByRole('heading', { level: 1, name: '操作说明' })).toBeVisible();

  await page.goto('/');
  await panel.getByRole('link', { name: '智能客服' }).click();
  await expect(page).toHaveURL(/\/help\/qa$/);
  await expect(page.getByRole('heading', { level: 1, name: '咨询答疑' })).toBeVisible();

  await page.goto('/');
  const phone = panel.getByRole('button', { name: '技术咨询电话' });
  await expect(phone).toHaveAttribute('aria-expanded', 'false');
  await phone.click();
  await expect(phone).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByTestId('float-help-phone-number')).toContainText(/\d{3,4}-\d{7,8}/);
  await expect(panel.getByTestId('float-help-phone-number')).toContainText('工作日');

  await panel.getByRole('button', { name: '收起' }).click();
  await expect(panel.getByRole('link', { name: '操作指南' })).toBeHidden();
  await panel.getByRole('button', { name: '帮助' }).click();
  await expect(panel.getByRole('link', { name: '操作指南' })).toBeVisible();
});

test('跳到主要内容 is the first stop of Tab on the console too', async ({ page }) => {
  await page.goto('/console/login');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main-content')).toBeFocused();
});
