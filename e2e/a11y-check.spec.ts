import { test, expect, checkA11y } from './fixtures';

// The accessibility check itself (a11y.ts): pages with known violations must be caught, automatically on the
// way through a journey and by checkA11y, with rule, impact, selector and address in the report.

const badPage = `<!doctype html><html lang="zh-CN"><head><title>坏页面</title></head><body>
<main><h1>坏页面</h1>
<p class="faint">浅灰色的字</p>
<input id="nolabel" type="text">
<a href="/a11y-fixture/next">下一页</a>
</main>
<style>.faint { color: #ddd; background: #fff; }</style>
</body></html>`;

const goodPage = `<!doctype html><html lang="zh-CN"><head><title>好页面</title></head><body>
<main><h1>好页面</h1><p>清楚的字</p><label for="x">姓名</label><input id="x" type="text"></main></body></html>`;

test.beforeEach(async ({ page }) => {
  await page.route('**/a11y-fixture/bad', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: badPage }));
  await page.route('**/a11y-fixture/next', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: goodPage }));
});

test('the automatic check records the violations of a page the journey passes through', async ({ page, a11yWatch }) => {
  await page.goto('/a11y-fixture/bad');
  // The next action on the page checks it first.
  await page.getByRole('link', { name: '下一页' }).click();
  await expect(page.getByRole('heading', { name: '好页面' })).toBeVisible();
  const rules = a11yWatch.violations.map((v) => `${v.rule}/${v.impact}`).sort();
  expect(rules).toEqual(['color-contrast/serious', 'label/critical']);
  const label = a11yWatch.violations.find((v) => v.rule === 'label')!;
  expect(label.url).toMatch(/\/a11y-fixture\/bad$/);
  expect(label.selectors).toEqual(['#nolabel']);
  // Taken off so that this journey's end passes; the good page adds nothing at the end.
  a11yWatch.violations.splice(0);
});

test('the check at the end of a journey sees the page it was left on', async ({ page, a11yWatch }) => {
  await page.goto('/a11y-fixture/next');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    img.width = 10;
    img.height = 10;
    document.querySelector('main')!.append(img);
  });
  // What the fixture does after the journey's last step:
  await a11yWatch.visitContext(page.context());
  expect(a11yWatch.violations.map((v) => v.rule)).toEqual(['image-alt']);
  a11yWatch.violations.splice(0);
});

test('checkA11y fails with rule, impact, selector and address', async ({ page, a11yWatch }) => {
  await page.goto('/a11y-fixture/bad');
  const error = await checkA11y(page).then(
    () => null,
    (e: Error) => e,
  );
  expect(error?.message).toContain('[critical] label at http://127.0.0.1:');
  expect(error?.message).toContain('/a11y-fixture/bad');
  expect(error?.message).toContain('#nolabel');
  expect(error?.message).toContain('[serious] color-contrast');
  await page.goto('/a11y-fixture/next');
  await checkA11y(page);
  a11yWatch.violations.splice(0);
});

test('a page without its one h1 and one main is caught too', async ({ page, a11yWatch }) => {
  await page.route('**/a11y-fixture/headless', (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="zh-CN"><head><title>无标题</title></head><body><div><p>没有一级标题，也没有主体区域</p></div></body></html>' }),
  );
  await page.goto('/a11y-fixture/headless');
  await a11yWatch.visitContext(page.context());
  expect(a11yWatch.violations.map((v) => `${v.rule}/${v.impact}`).sort()).toEqual(['one-h1/serious', 'one-main/serious']);
  a11yWatch.violations.splice(0);
});

test.describe('a journey that leaves a violation behind fails', () => {
  test.fail();
  test('fails at its end', async ({ page }) => {
    await page.goto('/a11y-fixture/bad');
  });
});
