import { expect, test } from './fixtures';

// Issue 2, seed 003 §1.2 帮助中心: from the registration page's 注意事项 to the common questions of 登录注册, another
// topic's questions, a search across every topic, and the operation guide. The answers arrive compressed (br) and
// the browser shows them as they are.
test('the help center is reached from registration, shows a topic, searches its questions and opens the guide', async ({ page }) => {
  await page.goto('/register');
  const faqs = page.waitForResponse((r) => r.url().includes('/api/help/faqs'));
  await page.getByRole('link', { name: '帮助中心' }).click();
  await expect(page).toHaveURL(/\/help$/);
  expect((await faqs).headers()['content-encoding']).toBe('br');
  await expect(page.getByRole('heading', { name: '注册' })).toBeVisible();
  await expect(page.getByText('注册时收不到手机短信验证码怎么办？')).toBeVisible();
  await expect(page.getByRole('button', { name: /^登录注册/ })).toHaveAttribute('aria-pressed', 'true');
  // Another service's questions come when its topic is chosen, not before.
  await expect(page.getByText('如何报名会计专业技术资格考试？')).toBeHidden();
  const exam = page.waitForResponse((r) => r.url().endsWith('/api/help/faqs/topics/exam'));
  await page.getByRole('button', { name: /^会计专业技术资格考试/ }).click();
  expect((await exam).status()).toBe(200);
  await expect(page).toHaveURL(/\/help\?topic=exam$/);
  await expect(page.getByText('如何报名会计专业技术资格考试？')).toBeVisible();
  await expect(page.getByText('注册时收不到手机短信验证码怎么办？')).toBeHidden();
  // The search looks in every topic.
  await page.getByRole('textbox', { name: '搜索常见问题' }).fill('电子证书');
  await expect(page.getByRole('heading', { name: '考试成绩' })).toBeVisible();
  await expect(page.getByText(/在全部分类中找到 \d+ 个相关问题/)).toBeVisible();
  await page.getByRole('button', { name: /^登录注册/ }).click();
  await expect(page.getByText('注册时收不到手机短信验证码怎么办？')).toBeVisible();
  await expect(page.getByRole('textbox', { name: '搜索常见问题' })).toHaveValue('');

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

  // A link to one topic opens on it.
  await page.goto('/help?topic=score');
  await expect(page.getByText('如何查询考试成绩？成绩有效期是多久？')).toBeVisible();
  await expect(page.getByRole('button', { name: /^考试成绩/ })).toHaveAttribute('aria-pressed', 'true');
});

// Seed 003 §2.4 咨询答疑: a question in the person's own words is answered from the common questions.
test('咨询答疑 answers a question in other words, offers related ones, and says when it has no answer', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: '咨询答疑' }).click();
  await expect(page).toHaveURL(/\/help\/qa$/);
  await expect(page.getByTestId('qa-intro')).toContainText('从帮助中心的常见问题中为您查找解答');

  await page.getByTestId('qa-submit').click();
  await expect(page.getByText('请输入您的问题')).toBeVisible();

  await page.getByRole('textbox', { name: '您的问题' }).fill('短信收不到');
  await page.getByRole('textbox', { name: '您的问题' }).press('Enter');
  const first = page.getByTestId('qa-answer').first();
  await expect(first).toContainText('注册时收不到手机短信验证码怎么办？');
  await expect(first).toContainText('携号转网用户可能无法接收手机短信验证码');

  await page.getByRole('textbox', { name: '您的问题' }).fill('密码忘记');
  await page.getByTestId('qa-submit').click();
  const second = page.getByTestId('qa-answer').nth(1);
  await expect(second).toContainText('忘记密码怎么办？');
  const related = second.getByRole('button').first();
  const relatedQuestion = (await related.innerText()).trim();
  await related.click();
  await expect(page.getByTestId('qa-answer').nth(2)).toContainText(relatedQuestion);

  await page.getByRole('textbox', { name: '您的问题' }).fill('天气预报怎么样');
  await page.getByTestId('qa-submit').click();
  await expect(page.getByTestId('qa-answer').nth(3)).toContainText('暂未找到与您的问题相关的解答');
});
