import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { expect, serverURL, test } from './fixtures';
import { mainlandIdCheckChar, organizationCodeCheckChar, usccCheckChar } from '@ausm/domain';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';

// Shared steps of the journeys: unique people, reading the sandbox, logging in. The journeys' `test` and
// `expect` are fixtures.ts's.
export { expect, test } from './fixtures';


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
  // After a failed login the image asks for a new captcha and shows the used one dimmed (is-loading) until it comes.
  await expect(img).not.toHaveClass(/is-loading/);
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
  // Each person from an address of their own (198.18.0.0/15, for benchmarks and tests).
  const n = Number(seq.slice(-6)) % 65_536;
  const headers = { 'x-forwarded-for': `198.18.${n >> 8}.${n & 255}` };
  expect((await request.post('/api/sms-codes', { data: { mobile, purpose: 'register' }, headers })).ok()).toBe(true);
  const smsCode = await latestSmsCode(request, mobile);
  const res = await request.post('/api/accounts', { data: { idType: 'mainland_id', idNumber, realName, password, confirmPassword: password, mobile, smsCode }, headers });
  expect(res.status()).toBe(201);
  return { mobile, password, idNumber };
}

/** A valid 统一社会信用代码 of a 历下区 enterprise, new each run. */
export function makeUscc(): string {
  const body = unique().slice(-8);
  const first17 = `91370102${body}${organizationCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/**
 * Registers a 单位法人用户 through the API (employer.spec.ts covers the form); `request`'s context keeps the unit's
 * session. Not yet submitted for review: its pages show 待提交审核.
 */
export async function registerEmployer(request: APIRequestContext, seq = unique()) {
  const uscc = makeUscc();
  const agentMobile = `137${seq.slice(-8)}`;
  const unitName = `济南${seq}财务咨询有限公司`;
  const password = 'Kj#8821abc';
  const n = Number(seq.slice(-6)) % 65_536;
  const headers = { 'x-forwarded-for': `198.18.${n >> 8}.${n & 255}` };
  expect((await request.post('/api/employer/sms-codes', { data: { agentMobile }, headers })).ok()).toBe(true);
  const smsCode = await latestSmsCode(request, agentMobile);
  const res = await request.post('/api/employer/accounts', { data: { uscc, unitName, agentName: '王经办', agentMobile, smsCode, password, confirmPassword: password }, headers });
  expect(res.status(), await res.text()).toBe(201);
  return { uscc, agentMobile, unitName, password };
}

/** 单位登录 on the login page's 单位登录 tab, landing on 单位信息. */
export async function loginEmployer(page: Page, uscc: string, password: string) {
  await page.goto('/login?tab=employer');
  await page.getByTestId('employer-login-uscc').locator('input').fill(uscc);
  await page.getByTestId('employer-login-password').locator('input').fill(password);
  await page.getByTestId('employer-login-captcha').locator('input').fill(await captchaAnswer(page, 'employer-login-captcha-image'));
  await page.getByTestId('employer-login-submit').click();
  await expect(page).toHaveURL(/\/employer$/);
}

export async function loginStaff(page: Page, username: string, password = 'Review@2025') {
  // Staff work at a desk: the console at 1366 px, also when the accountant's side of a journey is a phone.
  if ((page.viewportSize()?.width ?? 1366) < 1280) await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/console/login');
  await page.getByTestId('console-login-username').locator('input').fill(username);
  await page.getByTestId('console-login-password').locator('input').fill(password);
  await page.getByTestId('console-login-captcha').locator('input').fill(await captchaAnswer(page, 'console-login-captcha-image'));
  await page.getByTestId('console-login-submit').click();
  await expect(page.getByTestId('console-header-name')).toBeVisible();
}

/** A console session on `request` of a sandbox staff member, for API decisions (a journey's own decision is in the console). */
export async function staffApi(request: APIRequestContext, username: string): Promise<void> {
  const { id } = await (await request.get('/api/captcha')).json();
  const { answer } = await (await request.get(`/api/sandbox/captcha/${id}`)).json();
  const res = await request.post('/api/console/session', { data: { username, password: 'Review@2025', captchaId: id, captchaAnswer: answer } });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Whether a portal journey does its staff steps (a reviewer's decision, an exam's settings) through the API: in the
 * phone project. The console is a desktop tool (loginStaff widens the page to 1366 px for it), and the desktop
 * project walks the same steps in its pages; through the API they cost the phone project seconds, not a minute.
 */
export const staffStepsThroughApi = (): boolean => !!test.info().project.use.isMobile;

/**
 * `username`'s session for staff steps a journey takes through the API: in the desktop project logged in at the
 * console's login page, in a window of its own (`page`, for the console steps that follow; the caller closes it); in
 * the phone project through the API on `request` (`page` null).
 */
export async function staffSession(browser: Browser, request: APIRequestContext, username: string): Promise<{ page: Page | null; api: APIRequestContext }> {
  if (staffStepsThroughApi()) {
    await staffApi(request, username);
    return { page: null, api: request };
  }
  const page = await browser.newPage({ baseURL: serverURL() });
  await loginStaff(page, username);
  return { page, api: page.request };
}

export type ReviewItemSummary = { id: string; kind: string; kindLabel: string; title: string; applicantName: string };

/**
 * `username` decides through the API the open items of their queue that `find` picks (`q`: a whole ID number or
 * name; `kind`; an exact `kindLabel` or `applicantName`), each as `decide` says: 'approve', or the reason of a
 * refusal. Returns the items decided (the caller says how many it expects).
 */
export async function decideThroughApi(
  request: APIRequestContext,
  username: string,
  find: { q?: string; kind?: string; kindLabel?: string; applicantName?: string },
  decide: (item: ReviewItemSummary) => 'approve' | string = () => 'approve',
): Promise<ReviewItemSummary[]> {
  await staffApi(request, username);
  const query = new URLSearchParams({ state: 'open', pageSize: '100', ...(find.q ? { q: find.q } : {}), ...(find.kind ? { kind: find.kind } : {}) });
  const listed = await request.get(`/api/console/review-items?${query}`);
  expect(listed.status(), await listed.text()).toBe(200);
  const items = ((await listed.json()).items as ReviewItemSummary[]).filter(
    (i) => (!find.kindLabel || i.kindLabel === find.kindLabel) && (!find.applicantName || i.applicantName === find.applicantName),
  );
  for (const item of items) {
    const decision = decide(item);
    const res =
      decision === 'approve'
        ? await request.post(`/api/console/review-items/${item.id}/approve`, { data: {} })
        : await request.post(`/api/console/review-items/${item.id}/reject`, { data: { opinion: decision } });
    expect(res.status(), await res.text()).toBe(200);
  }
  return items;
}

/** `username`'s 审核管理 at `path` in a window of its own, searched for `q` (a whole name) through its filter box. */
export async function searchReviewsInConsole(browser: Browser, username: string, q: string, path = '/console/reviews'): Promise<Page> {
  const staff = await browser.newPage({ baseURL: serverURL() });
  await loginStaff(staff, username);
  await staff.goto(path);
  await staff.getByTestId('review-filter-q').locator('input').fill(q);
  await staff.getByTestId('review-search').click();
  await expect(staff).toHaveURL(new RegExp(`q=${encodeURIComponent(q)}`));
  return staff;
}

/** A 解释 the 财政部 adds and publishes through the API (`api` logged in as mof_admin); returns its id. */
export async function publishStandard(api: APIRequestContext, standard: { title: string; docNumber: string; issuedOn: string; body: string }): Promise<string> {
  const created = await api.post('/api/console/standards', { data: { ...standard, category: 'interpretation' } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  expect((await api.post(`/api/console/standards/${id}/publish`)).status()).toBe(200);
  return id;
}

/** A proof image within the rule for proofs (> 20 KB, ≤ 500 KB). */
export const proofImage = (name: string) => ({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: makeJpeg({ width: 64, height: 40, size: 30 * 1024 }) });

/** Opens an el-select and picks the option with that exact text. */
export async function pick(page: Page, select: Locator, option: string) {
  // Until the select shows it: on a phone the list of the select before may still be closing over this one,
  // and a click then lands on that list rather than opening this select's.
  await expect(async () => {
    if (!((await select.textContent()) ?? '').includes(option)) {
      await select.click({ timeout: 5_000 });
      await page.getByRole('option', { name: option, exact: true }).click({ timeout: 5_000 });
    }
    await expect(select).toContainText(option, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Types a date into an el-date-picker inside `item` and confirms it. */
export async function typeDate(item: Locator, date: string) {
  // el-date-picker puts a test id on its input; a form item holds the input inside.
  const input = item.locator('xpath=self::input | .//input').first();
  await input.fill(date);
  await input.press('Enter');
}

/** Sets a file on an upload widget and waits for its preview. */
export async function upload(field: Locator, file: ReturnType<typeof proofImage>) {
  await field.locator('input[type=file]').setInputFiles(file);
  await expect(field.locator('img')).toBeVisible();
}

/** Fills the 教育经历 dialog with a full-time 山东大学 本科 record (2011-2015, 学士, 会计学). */
export async function fillBachelorEducation(page: Page, dialog: Locator, numbers: { diplomaNo: string; degreeNo: string }) {
  await pick(page, dialog.getByTestId('edu-studyMode'), '全日制');
  await dialog.getByTestId('edu-school').locator('input').fill('山东大学');
  await typeDate(dialog.getByTestId('edu-startDate'), '2011-09-01');
  await typeDate(dialog.getByTestId('edu-endDate'), '2015-06-30');
  await pick(page, dialog.getByTestId('edu-educationLevel'), '本科');
  await dialog.getByTestId('edu-diplomaNo').locator('input').fill(numbers.diplomaNo);
  await pick(page, dialog.getByTestId('edu-degree'), '学士');
  await dialog.getByTestId('edu-degreeNo').locator('input').fill(numbers.degreeNo);
  await pick(page, dialog.getByTestId('edu-major'), '会计学');
}

/**
 * The person's phone (the 沙箱 page, 手机收到的平台通知): opens it in a window of its own, filters by `mobile`
 * and waits until the notices show every text of `texts`; returns the page for more checks (the caller closes it).
 */
export async function phoneNotices(browser: Browser, mobile: string, texts: string[]): Promise<Page> {
  const phone = await browser.newPage({ baseURL: serverURL() });
  await phone.goto('/sandbox');
  await phone.getByTestId('sandbox-notices-filter').fill(mobile);
  await phone.getByTestId('sandbox-notices-filter').press('Enter');
  const table = phone.getByTestId('sandbox-notices-table');
  for (const text of texts) await expect(table).toContainText(text);
  return phone;
}

