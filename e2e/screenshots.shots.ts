import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from './fixtures';
import { completeWizard, verifiedAccountant } from './collection-steps';

// The portal at 375 px, as the README shows it (issue 19): `npm run screenshots -w @ausm/e2e` runs this file in
// the mobile project (playwright.config.ts picks it when SCREENSHOTS is set) and writes docs/screenshots/*.png.
// The fixtures watch these pages as every phone journey's: no sideways scrolling, no CSP violation.

test.describe.configure({ timeout: 240_000 });

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

async function shot(page: Page, name: string) {
  // No passing message (已提交审核) over the header.
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 });
  // Fonts and images settled, no caret blinking, no animation half done.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

test('the portal at 375 px: home, register, login, 教育经历 and 审核告知', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: '会计人员登录' })).toBeVisible();
  await shot(page, 'home-375');

  await page.goto('/register');
  await expect(page.getByTestId('register-submit')).toBeVisible();
  await shot(page, 'register-375');

  await page.goto('/login');
  await expect(page.getByTestId('login-captcha-image')).toHaveAttribute('data-captcha-id', /.+/);
  await shot(page, 'login-375');

  await verifiedAccountant(page);
  await completeWizard(page, `济南示例会计服务有限公司`);
  await shot(page, 'collection-result-375');

  await page.getByTestId('step-education').click();
  await expect(page.getByTestId('education-table')).toContainText('山东大学');
  await shot(page, 'collection-education-375');

  // 长辈版 at 375 px.
  await page.goto('/');
  await page.getByTestId('header-elder-mode').click();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
  await shot(page, 'home-elder-375');
});
