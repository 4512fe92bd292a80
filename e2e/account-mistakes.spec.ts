import { expect, test, ANY_WIDTH } from './fixtures';
import { captchaAnswer, idNumberFor, loginAccountant, registerAccountant, unique } from './helpers';

// What a person gets wrong on the account pages (issue 2; seeds 003 §1–2), caught in the form
// before anything is sent, or said by the server beside the field: a tile not built yet, a bad
// mobile and a weak password, the SMS read on the 沙箱 page, a wrong captcha, and the lockout.

test('the home page\'s 用户入口 lead to each login', async ({ page }) => {
  await page.goto('/');
  const doors = page.getByTestId('home-entrances');
  // 单位法人用户登录 (issue 26): the login page's 单位登录 tab.
  await doors.getByRole('link', { name: '单位法人用户登录' }).click();
  await expect(page).toHaveURL(/\/login\?tab=employer$/);
  await expect(page.getByTestId('employer-login-form')).toBeVisible();
  await page.goto('/');
  await doors.getByRole('link', { name: '财政用户登录' }).click();
  await expect(page).toHaveURL(/\/console\/login$/);
  await page.goto('/');
  await doors.getByRole('link', { name: '会计人员登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('a built personal tile asks for login first; a unit\'s tile asks for the unit\'s login', async ({ page }) => {
  await page.goto('/');
  // 单位用户服务管理 (issue 26): every tile is built; it leads to the 单位登录 tab.
  await page.getByText('单位会计准则制度反馈意见', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/login\?tab=employer&redirect=\/employer\/feedback$/);
  await page.goto('/');

  // 会计专业技术资格考试 is built (issue 21): it asks for login like 信息采集.
  await page.getByText('会计专业技术资格考试', { exact: true }).first().click();
  await expect(page.getByRole('dialog')).toContainText('办理「会计专业技术资格考试」请先登录');
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // So is 会计人员继续教育管理 (issue 25).
  await page.getByText('会计人员继续教育管理', { exact: true }).first().click();
  await expect(page.getByRole('dialog')).toContainText('办理「会计人员继续教育管理」请先登录');
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  await page.getByText('会计人员信息采集', { exact: true }).first().click();
  await expect(page.getByRole('dialog')).toContainText('办理「会计人员信息采集」请先登录');
  await page.getByRole('button', { name: '去登录' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('the registration form catches mistakes before sending; the code is read on the 沙箱 page', async ({ page }) => {
  const accountWrites: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/accounts') accountWrites.push(req.url());
  });
  await page.goto('/register');
  const field = (name: string) => page.getByTestId(`register-${name}`);

  // A mobile that is not a mainland one: the code button refuses it beside the field.
  await field('mobile').locator('input').fill('12345');
  await page.getByTestId('register-sms-button').click();
  await expect(field('mobile')).toContainText('请输入正确的手机号码');

  // A weak password and a confirmation that differs, then submit: every message at once, nothing sent.
  await field('password').locator('input').fill('abc12345');
  await field('confirmPassword').locator('input').fill('abc123456');
  await page.getByTestId('register-submit').click();
  await expect(field('password')).toContainText('密码须为8-16位字符，由大小写字母、数字、特殊符号组成');
  await expect(field('confirmPassword')).toContainText('两次');
  await expect(field('idNumber')).toContainText('请输入');
  await expect(field('smsCode')).toContainText('请输入6位手机验证码');
  expect(accountWrites).toHaveLength(0);
  // Each message is tied to its control, so a screen reader says it with the field.
  const password = field('password').locator('input');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription('密码须为8-16位字符，由大小写字母、数字、特殊符号组成');
  await password.fill('Kj#8821abc');
  await password.blur();
  await expect(password).not.toHaveAttribute('aria-invalid');

  // A real mobile: the code goes out, the button counts down, and the 沙箱 page linked from the
  // header shows the message with its code.
  const seq = unique();
  const mobile = `136${seq.slice(-8)}`;
  await field('mobile').locator('input').fill(mobile);
  await page.getByTestId('register-sms-button').click();
  await expect(page.getByTestId('register-sms-button')).toContainText(/\d+秒后重新获取/);
  await expect(page.getByTestId('register-sms-button')).toBeDisabled();
  // The wait is for that number: another one may have its code at once, and going back shows the wait again.
  await field('mobile').locator('input').fill(`137${seq.slice(-8)}`);
  await expect(page.getByTestId('register-sms-button')).toBeEnabled();
  await expect(page.getByTestId('register-sms-button')).toContainText('免费获取验证码');
  await page.getByTestId('register-sms-button').click();
  await expect(page.getByTestId('register-sms-button')).toContainText(/\d+秒后重新获取/);
  await field('mobile').locator('input').fill(mobile);
  await expect(page.getByTestId('register-sms-button')).toBeDisabled();
  await expect(page.getByTestId('register-sms-button')).toContainText(/\d+秒后重新获取/);
  await page.getByRole('link', { name: '沙箱' }).click();
  await expect(page).toHaveURL(/\/sandbox$/);
  const row = page.getByTestId('sandbox-sms-table').locator('tr', { hasText: mobile }).first();
  await expect(row).toContainText('验证码');
  const code = (await row.locator('td').nth(2).innerText()).trim();
  expect(code).toMatch(/^\d{6}$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/register$/);

  // Fill the rest right; the account is created with the code read off the page.
  await field('idType').click();
  await page.getByRole('option', { name: '内地居民身份证' }).click();
  await field('idNumber').locator('input').fill(idNumberFor(seq));
  await field('realName').locator('input').fill('孙七');
  await field('password').locator('input').fill('Kj#8821abc');
  await field('confirmPassword').locator('input').fill('Kj#8821abc');
  await field('mobile').locator('input').fill(mobile);
  await field('smsCode').locator('input').fill(code);
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/login/);
  expect(accountWrites).toHaveLength(1);
});

test('a logged-in accountant opening 登录, 注册 or 找回密码 is taken home, or where the login would have led', async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '吴十');
  await loginAccountant(page, mobile, password);
  for (const path of ['/login', '/register', '/password-reset', '/login?redirect=//evil.example', '/login?redirect=/%5Cevil.example']) {
    await page.goto(path);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  }
  // Where the login would have led, if it is a page of the portal.
  await page.goto('/login?redirect=/my/account');
  await expect(page).toHaveURL(/\/my\/account$/);
});

test('a wrong captcha is said beside it; five wrong passwords lock the account until a time it names', ANY_WIDTH, async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '钱八');
  await page.goto('/login');
  const field = (name: string) => page.getByTestId(`login-${name}`);

  await field('identifier').locator('input').fill(mobile);
  await field('password').locator('input').fill(password);
  await field('captcha').locator('input').fill('zzzz');
  await page.getByTestId('login-submit').click();
  await expect(page.getByText('验证码错误或已过期，请重新输入')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  // Wrong passwords: each says how many tries are left, the fifth locks the account.
  for (let left = 4; left >= 1; left--) {
    await field('password').locator('input').fill('Wrong#1234');
    await field('captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
    await page.getByTestId('login-submit').click();
    await expect(page.getByText(`账号或密码错误，再失败${left}次账号将被锁定`)).toBeVisible();
  }
  await field('password').locator('input').fill('Wrong#1234');
  await field('captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page.getByText(/账号已锁定，请于.*\d{2}:\d{2}后再试/)).toBeVisible();

  // Locked: even the right password waits.
  await field('password').locator('input').fill(password);
  await field('captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page.getByText(/账号已锁定/)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('an address that drew too many captchas is told to wait, and the login page draws one when the wait is over', ANY_WIDTH, async ({ page }) => {
  // This journey's own address (fixtures.ts) draws its minute's 60 captchas: page.request goes from it too.
  for (let i = 0; i < 60; i++) expect((await page.request.get('/api/captcha')).ok()).toBe(true);
  await page.clock.install();
  await page.goto('/login');
  await expect(page.getByTestId('captcha-wait')).toHaveText('请60秒后再试');
  await expect(page.getByRole('button', { name: /^获取图形验证码过于频繁，请1分钟后再试/ })).toBeVisible();
  await expect(page.getByTestId('login-captcha-image')).toHaveCount(0);
  // A minute on, for the server (the sandbox clock) and for the page, a captcha comes by itself.
  const { now } = await (await page.request.get('/api/sandbox/clock')).json();
  await page.request.put('/api/sandbox/clock', { data: { now: new Date(Date.parse(now) + 60_000).toISOString() } });
  try {
    await page.clock.runFor(60_000);
    await expect(page.getByTestId('login-captcha-image')).toHaveAttribute('data-captcha-id', /.+/);
    await expect(page.getByTestId('captcha-wait')).toHaveCount(0);
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});

test('an idle session ends after 30 minutes, and the portal says so and leads back', async ({ page }) => {
  const { mobile, password } = await registerAccountant(page.request, '周九');
  await loginAccountant(page, mobile, password);
  await expect(page.getByTestId('header-account-name')).toContainText('周**');

  // 31 minutes without a request, on the sandbox clock.
  const { now } = await (await page.request.get('/api/sandbox/clock')).json();
  await page.request.put('/api/sandbox/clock', { data: { now: new Date(Date.parse(now) + 31 * 60_000).toISOString() } });
  try {
    await page.getByTestId('header-my-reviews').click();
    const dialog = page.getByRole('dialog', { name: '登录已失效' });
    await expect(dialog).toContainText('长时间未操作');
    await expect(page.getByTestId('header-account-name')).toBeHidden();
    await dialog.getByRole('button', { name: '重新登录' }).click();
    await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)my(%2F|\/)reviews$/);

    await page.getByTestId('login-identifier').locator('input').fill(mobile);
    await page.getByTestId('login-password').locator('input').fill(password);
    await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/my\/reviews$/);
    await expect(page.getByTestId('header-account-name')).toContainText('周**');
  } finally {
    await page.request.delete('/api/sandbox/clock');
  }
});
