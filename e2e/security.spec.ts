import { readFile } from 'node:fs/promises';
import { expect, test, ANY_WIDTH } from './fixtures';
import { loginAccountant, loginStaff, registerAccountant } from './helpers';

// Issue 17 item 15 in Chromium: the portal and the API documentation run under the platform's
// Content-Security-Policy (the journeys' `test` fails on any violation), and a form of another site
// posting to the platform is refused with the browser's own Origin header.

test('the portal and /api/docs work under the CSP', ANY_WIDTH, async ({ page }) => {
  const portal = await page.goto('/');
  const csp = portal!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("frame-ancestors 'none'");
  await expect(page.getByTestId('home-entrances')).toBeVisible();

  await page.goto('/api/docs');
  await expect(page.getByText('全国会计人员统一服务管理平台 API').first()).toBeVisible();
  await page.getByText('/api/accounts', { exact: true }).first().click();
  await expect(page.getByText('注册').first()).toBeVisible();
});

test('a form of another site posting to the platform is refused', ANY_WIDTH, async ({ page, baseURL }) => {
  const person = await registerAccountant(page.request, '周安全');
  await loginAccountant(page, person.mobile, person.password);
  await page.route('http://evil.example/**', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><form method="post" action="${baseURL}/api/identity/alipay"></form><script>document.forms[0].submit()</script>`,
    }),
  );
  const answer = page.waitForResponse((res) => res.url().endsWith('/api/identity/alipay'));
  await page.goto('http://evil.example/prize');
  const res = await answer;
  expect(res.status()).toBe(403);
  expect(await res.json()).toEqual({ code: 'request/cross_site', message: '请求来源不是本平台的页面，已拒绝。请在本平台页面中操作' });
  expect((await res.request().allHeaders()).origin).toBe('http://evil.example');
});

test('the proof template downloads as a whole page that prints with its own style', ANY_WIDTH, async ({ page }) => {
  // Issue 18: 模板下载 gives a file, not a page of the platform (so the platform's CSP never applies to it).
  const person = await registerAccountant(page.request, '周模板');
  await loginAccountant(page, person.mobile, person.password);
  const [download] = await Promise.all([page.waitForEvent('download'), page.goto('/api/collection/templates/work-proof').catch(() => null)]);
  expect(download.suggestedFilename()).toBe('工作证明.html');
  const html = await readFile(await download.path(), 'utf8');
  expect(html).toContain('<h1>工作证明</h1>');
  expect(html).toMatch(/<style>[\s\S]*h1 \{ text-align: center;/);
});

test('every page of the portal, the console and the sandbox opens under the CSP', async ({ page, browser, baseURL }) => {
  // Some 25 pages, each also checked for accessibility on the way (a11y.ts).
  test.slow();
  // The journeys' fixture fails this test on any violation or page error; each page must also show itself.
  const visit = async (p: typeof page, path: string) => {
    await p.goto(path);
    await p.waitForLoadState('networkidle');
    await expect(p.locator('#app')).not.toBeEmpty();
    await expect(p.getByText('页面不存在')).toHaveCount(path === '/no-such-page' ? 1 : 0);
  };
  for (const path of ['/', '/register', '/login', '/password-reset', '/help', '/help/guide', '/help/qa', '/sandbox', '/no-such-page']) await visit(page, path);

  const person = await registerAccountant(page.request, '周页面');
  await loginAccountant(page, person.mobile, person.password);
  await visit(page, '/identity/manual');
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await visit(page, `/sandbox/alipay/${certifyId}`);
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  expect((await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');
  for (const path of ['/collection/notice', '/collection/basic', '/collection/education', '/collection/work', '/collection/authority', '/collection/result', '/my/account', '/my/reviews']) {
    await visit(page, path);
  }
  const { authorizeUrl } = await (await page.request.post('/api/session/wechat/start', { data: { purpose: 'login' } })).json();
  await visit(page, authorizeUrl);

  const consolePage = await browser.newPage({ baseURL });
  await loginStaff(consolePage, 'sd_admin');
  for (const path of ['/console', '/console/reviews', '/console/reviews/history', '/console/staff', '/console/collection-imports']) await visit(consolePage, path);
  await consolePage.close();
});
