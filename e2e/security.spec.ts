import { expect, loginAccountant, registerAccountant, test } from './helpers';

// Issue 17 item 15 in Chromium: the portal and the API documentation run under the platform's
// Content-Security-Policy (the journeys' `test` fails on any violation), and a form of another site
// posting to the platform is refused with the browser's own Origin header.

test('the portal and /api/docs work under the CSP', async ({ page }) => {
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

test('a form of another site posting to the platform is refused', async ({ page, baseURL }) => {
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
