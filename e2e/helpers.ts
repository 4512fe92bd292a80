import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { mainlandIdCheckChar } from '@ausm/domain';

// Shared steps of the journeys: unique people, reading the sandbox, logging in.

export const unique = () => String(Date.now()).slice(-8) + String(Math.floor(Math.random() * 10));

/** A valid mainland ID from `unique()`: its digits pick the birth date as well, so two runs seldom collide. */
export const idNumberFor = (seq: string) => {
  const n = Number(seq.slice(-8));
  const birth = `${1960 + (Math.floor(n / 1000) % 40)}${String(1 + (Math.floor(n / 40_000) % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 480_000) % 28)).padStart(2, '0')}`;
  const first17 = `110105${birth}${seq.slice(-3).padStart(3, '0')}`;
  return first17 + mainlandIdCheckChar(first17);
};

export async function latestSmsCode(request: APIRequestContext, mobile: string): Promise<string> {
  await expect.poll(async () => (await (await request.get(`/api/sandbox/sms?mobile=${mobile}`)).json()).length).toBeGreaterThan(0);
  const [msg] = await (await request.get(`/api/sandbox/sms?mobile=${mobile}`)).json();
  return msg.code;
}

/** The answer of the captcha a page shows, read from the sandbox by its id. */
export async function captchaAnswer(page: Page, testId: string): Promise<string> {
  const img = page.getByTestId(testId);
  await expect(img).toHaveAttribute('data-captcha-id', /.+/);
  const id = await img.getAttribute('data-captcha-id');
  const { answer } = await (await page.request.get(`/api/sandbox/captcha/${id}`)).json();
  return answer;
}

export async function loginAccountant(page: Page, identifier: string, password: string) {
  await page.goto('/login');
  await page.getByTestId('login-identifier').locator('input').fill(identifier);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-captcha').locator('input').fill(await captchaAnswer(page, 'login-captcha-image'));
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/$/);
}

/** Registers an accountant through the API (the account journey covers the form). */
export async function registerAccountant(request: APIRequestContext, realName = '周审核', seq = unique()) {
  const mobile = `135${seq.slice(-8)}`;
  const password = 'Kj#8821abc';
  const idNumber = idNumberFor(seq);
  expect((await request.post('/api/sms-codes', { data: { mobile, purpose: 'register' } })).ok()).toBe(true);
  const smsCode = await latestSmsCode(request, mobile);
  const res = await request.post('/api/accounts', { data: { idType: 'mainland_id', idNumber, realName, password, confirmPassword: password, mobile, smsCode } });
  expect(res.status()).toBe(201);
  return { mobile, password, idNumber };
}

export async function loginStaff(page: Page, username: string, password = 'Review@2025') {
  await page.goto('/console/login');
  await page.getByTestId('console-login-username').locator('input').fill(username);
  await page.getByTestId('console-login-password').locator('input').fill(password);
  await page.getByTestId('console-login-captcha').locator('input').fill(await captchaAnswer(page, 'console-login-captcha-image'));
  await page.getByTestId('console-login-submit').click();
  await expect(page.getByTestId('console-header-name')).toBeVisible();
}
