import { expect, test } from '@playwright/test';

// Issue 2, seed 003 §1.2 帮助中心: from the registration page's 注意事项 to the common questions, a search,
// and the operation guide. The answers arrive compressed (br) and the browser shows them as they are.
test('the help center is reached from registration, searches its questions and opens the guide', async ({ page }) => {
  await page.goto('/register');
  const faqs = page.waitForResponse((r) => r.url().includes('/api/help/faqs'));
  await page.getByRole('link', { name: '帮助中心' }).click();
  await expect(page).toHaveURL(/\/help$/);
  expect((await faqs).headers()['content-encoding']).toBe('br');
  await expect(page.getByRole('heading', { name: '注册' })).toBeVisible();
  await expect(page.getByText('注册时收不到手机短信验证码怎么办？')).toBeVisible();

  await page.getByRole('textbox', { name: '搜索常见问题' }).fill('生僻字');
  await expect(page.getByText('姓名中有生僻字，输入法打不出来怎么办？')).toBeVisible();
  await expect(page.getByText('注册时收不到手机短信验证码怎么办？')).toBeHidden();
  await page.getByText('姓名中有生僻字，输入法打不出来怎么办？').click();
  await expect(page.getByText('在“真实姓名”输入框右侧点击“生僻字”按钮')).toBeVisible();

  await page.getByRole('textbox', { name: '搜索常见问题' }).fill('不存在的问题');
  await expect(page.getByText('暂无数据')).toBeVisible();

  await page.getByRole('link', { name: '操作说明' }).click();
  await expect(page).toHaveURL(/\/help\/guide$/);
  await expect(page.getByRole('heading', { name: '1. 会计人员注册' })).toBeVisible();
});
