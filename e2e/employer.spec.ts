import { makeJpeg, makePdf } from '../apps/server/src/platform/uploads/test-files';
import type { APIRequestContext } from '@playwright/test';
import { expect, serverURL, test, type Page } from './fixtures';
import { decideThroughApi, latestSmsCode, loginEmployer, loginStaff, makeUscc, pick, publishStandard, staffSession, staffStepsThroughApi, typeDate, unique } from './helpers';
import { approvedAccountant } from './approved-accountant';

// Issue 26: 单位法人用户. A unit registers from the home page's 用户入口 (单位登录 › 注册), submits its 营业执照 and
// address, 历下区's reviewer approves it in the console; it confirms its two accountants' employment, files one
// 公需科目 training for both with one PDF, which the reviewer approves once; each accountant finds the credits in
// their yearly detail, 获得方式 单位申报; it writes a feedback on a standard the 财政部 published, and the 财政部 answers it.

test.describe.configure({ timeout: 300_000 });

const daysAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
const inputOf = (page: Page, testId: string) => page.getByTestId(testId).locator('xpath=self::input | .//input').first();

/**
 * 历下区's reviewer decides the unit's open item of `kind` in the console's detail page; in the phone project
 * (`staff` null) through the API with `request`: the console is a desktop tool, walked here by the desktop project.
 */
async function approveInConsole(staff: Page | null, request: APIRequestContext, unitName: string, kind: string) {
  if (!staff) {
    expect(await decideThroughApi(request, 'lx_reviewer', { kind, applicantName: unitName }), `${kind} of ${unitName} in 历下区's queue`).toHaveLength(1);
    return;
  }
  const list = await (await staff.request.get(`/api/console/review-items?kind=${kind}&state=open&pageSize=100`)).json();
  const item = (list.items as Array<{ id: string; applicantName: string }>).find((i) => i.applicantName === unitName);
  expect(item, `${kind} of ${unitName} in 历下区's queue`).toBeTruthy();
  await staff.goto(`/console/reviews/${item!.id}`);
  await staff.getByTestId('review-approve').click();
  await staff.getByTestId('review-approve-confirm').click();
  await expect(staff.getByTestId('review-status')).toContainText('审核通过');
}

test('单位法人用户: registers, is approved, confirms its staff and files a training the reviewer approves; each accountant is credited once', async ({ page, browser, request }) => {
  const seq = unique();
  const uscc = makeUscc();
  const unitName = `济南${seq}会计服务有限公司`;
  // Two accountants whose approved work record names the unit.
  const people: Array<{ page: Page; mobile: string; password: string }> = [];
  for (const name of ['张三', '李单位']) {
    const p = await browser.newPage({ baseURL: serverURL() });
    const person = await approvedAccountant(p, request, { realName: name, uscc, unitName });
    people.push({ page: p, ...person });
  }

  // 用户入口 › 单位法人用户登录 › 单位法人用户注册.
  await page.goto('/');
  await page.getByTestId('home-entrances').getByRole('link', { name: '单位法人用户登录' }).click();
  await expect(page).toHaveURL(/\/login\?tab=employer$/);
  await page.getByRole('link', { name: '单位法人用户注册' }).click();
  await expect(page).toHaveURL(/\/employer\/register$/);
  const mobile = `136${seq.slice(-8)}`;
  // A wrong check character is said beside the field before anything is sent.
  await page.getByTestId('employer-uscc').locator('input').fill(`${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`);
  await page.getByTestId('employer-unit-name').locator('input').fill(unitName);
  await expect(page.getByTestId('employer-uscc')).toContainText('统一社会信用代码校验位不正确');
  await page.getByTestId('employer-uscc').locator('input').fill(uscc);
  await page.getByTestId('employer-agent-name').locator('input').fill('王经办');
  await page.getByTestId('employer-agent-mobile').locator('input').fill(mobile);
  await page.getByTestId('employer-send-code').click();
  // The shared 免费获取验证码 (SmsCodeButton): the wait on the button, how long the code stays valid under it.
  await expect(page.getByTestId('employer-send-code')).toContainText(/\d+秒后重新获取/);
  await expect(page.getByTestId('employer-send-code-validity')).toContainText('验证码已发送，3分钟内有效');
  await page.getByTestId('employer-sms-code').locator('input').fill(await latestSmsCode(page.request, mobile));
  await page.getByTestId('employer-password').locator('input').fill('Kj#8821abc');
  await page.getByTestId('employer-confirm-password').locator('input').fill('Kj#8821abc');
  await page.getByTestId('employer-register-submit').click();
  await expect(page).toHaveURL(/\/employer$/);
  await expect(page.getByTestId('employer-status')).toHaveText('待提交审核');

  // 提交审核: the address (历下区 reviews it) and the 营业执照.
  await pick(page, page.getByTestId('employer-address-province'), '山东省');
  await pick(page, page.getByTestId('employer-address-city'), '济南市');
  await pick(page, page.getByTestId('employer-address-county'), '历下区');
  await page.getByTestId('employer-address-detail').locator('input').fill('泉城路1号');
  await page
    .getByTestId('employer-license')
    .locator('input[type=file]')
    .setInputFiles({ name: '营业执照.jpg', mimeType: 'image/jpeg', buffer: makeJpeg({ width: 1200, height: 900, size: 40 * 1024 }) });
  await expect(page.getByTestId('employer-license').locator('img')).toBeVisible();
  await page.getByTestId('employer-submit').click();
  await expect(page.getByTestId('employer-status')).toHaveText('待审核');

  const staff = staffStepsThroughApi() ? null : await browser.newPage({ baseURL: serverURL() });
  if (staff) await loginStaff(staff, 'lx_reviewer');
  await approveInConsole(staff, request, unitName, 'employer_registration');

  // Approved: 单位会计人员信息管理 lists the two, masked; the unit confirms both.
  await page.reload();
  await expect(page.getByTestId('employer-status')).toHaveText('审核通过');
  await page.getByTestId('employer-tab-staff').click();
  const rows = page.getByTestId('employer-staff-table').locator('.el-table__body-wrapper tr');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('employer-staff-table')).toContainText('出纳');
  for (const name of ['张三', '李单位']) {
    await page.getByRole('button', { name: `确认在职：${name}` }).click();
    await expect(rows.filter({ hasText: name }).getByTestId('employer-staff-decision')).toHaveText('已确认在职');
  }

  // 单位会计人员继续教育管理: one 公需科目 training of 450 minutes (10 credits) for both, one PDF.
  await page.getByTestId('employer-tab-ce').click();
  await page.getByTestId('employer-ce-new').click();
  const form = page.getByTestId('employer-ce-form');
  await form.getByText('张三（').click();
  await form.getByText('李单位（').click();
  const start = daysAgo(6);
  await typeDate(page.getByTestId('employer-ce-start'), start);
  await typeDate(page.getByTestId('employer-ce-end'), start);
  await page.getByTestId('employer-ce-provider').locator('input').fill('山东省会计人员继续教育基地');
  await inputOf(page, 'employer-ce-row-content').fill('会计职业道德');
  await inputOf(page, 'employer-ce-row-minutes').fill('450');
  await inputOf(page, 'employer-ce-row-credits').fill('10');
  const proof = page.getByTestId('employer-ce-proof');
  await proof.locator('input[type=file]').setInputFiles({ name: '培训证明.pdf', mimeType: 'application/pdf', buffer: makePdf(4000) });
  await expect(proof).toContainText('培训证明.pdf');
  await page.getByTestId('employer-ce-submit').click();
  await expect(page.getByTestId('employer-ce-status')).toHaveText('待审核');

  await approveInConsole(staff, request, unitName, 'employer_ce');
  await staff?.close();
  await page.reload();
  await expect(page.getByTestId('employer-ce-status')).toHaveText('审核通过');

  // Each accountant: the year's detail holds the credits once, 获得方式 单位申报.
  const year = start.slice(0, 4);
  for (const person of people) {
    // Still logged in from approvedAccountant.
    await person.page.goto(`/ce/years/${year}`);
    const entry = person.page.locator('tr', { hasText: '单位申报' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('10');
    await person.page.close();
  }

  // 单位会计准则制度反馈意见: on a standard the 财政部 published; the 财政部 answers in the console; the unit sees it.
  // In the phone project the 财政部 works through the API (the console is a desktop tool).
  const { page: mof, api: mofApi } = await staffSession(browser, request, 'mof_admin');
  const title = `企业会计准则解释第${seq}号`;
  await publishStandard(mofApi, { title, docNumber: `财会〔2026〕${seq}号`, issuedOn: '2026-01-05', body: '一、关于收入确认的问题。' });
  await page.goto('/employer/feedback');
  const standard = page.getByTestId('feedback-standard').locator('input');
  await standard.fill(title);
  await page.getByRole('option', { name: new RegExp(title) }).click();
  await page.getByTestId('feedback-clause').locator('input').fill('一');
  await page.getByTestId('feedback-content').locator('textarea').fill('建议补充合同变更的示例');
  await page.getByTestId('feedback-submit').click();
  await expect(page.getByTestId('feedback-status')).toHaveText('待答复');
  if (mof) {
    await mof.goto('/console/employer-feedback');
    await mof.getByTestId('console-feedback-table').locator('tr', { hasText: unitName }).getByTestId('console-feedback-answer').click();
    await mof.getByTestId('console-feedback-answer-text').locator('textarea').fill('感谢反馈，将在后续解释中补充示例。');
    await mof.getByTestId('console-feedback-answer-submit').click();
    await expect(mof.getByTestId('console-feedback-table')).toContainText('感谢反馈，将在后续解释中补充示例。');
    await mof.close();
  } else {
    const { items } = await (await mofApi.get('/api/console/employer-feedback')).json();
    const mine = (items as Array<{ id: string; unitName: string; standardTitle: string }>).filter((f) => f.unitName === unitName && f.standardTitle === title);
    expect(mine).toHaveLength(1);
    const answered = await mofApi.post(`/api/console/employer-feedback/${mine[0]!.id}/answer`, { data: { answer: '感谢反馈，将在后续解释中补充示例。' } });
    expect(answered.status(), await answered.text()).toBe(200);
  }
  await page.reload();
  await expect(page.getByTestId('feedback-status')).toHaveText('已答复');
  await expect(page.getByTestId('feedback-answer')).toHaveText('感谢反馈，将在后续解释中补充示例。');

  // The unit's session opens no personal page: /ce asks for a person's login.
  await page.goto('/ce');
  await expect(page).toHaveURL(/\/login\?redirect=/);
  // And its login works from the 单位登录 tab.
  // The header names the unit and offers its 退出.
  await page.goto('/employer');
  await expect(page.getByTestId('header-unit-name')).toHaveText(unitName);
  await page.getByTestId('header-logout').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-unit-name')).toHaveCount(0);
  await loginEmployer(page, uscc, 'Kj#8821abc');
  await expect(page.getByTestId('employer-unit')).toHaveText(unitName);
});
