import type { APIRequestContext } from '@playwright/test';
import { expect, serverURL, test, type Page } from './fixtures';
import { decideThroughApi, loginStaff, pick, proofImage, staffApi, staffStepsThroughApi, typeDate, upload } from './helpers';
import { approvedAccountant } from './approved-accountant';

// Issue 24: 会计职称管理. An approved accountant whom the national qualification records do not know (李四)
// tries 自动获取 and is told to add the qualification; adds a 初级 row with its proof (级别 初级 preselects
// 助理会计师); it shows 人工审核 until the 历下区 reviewer, who sees the fields, the registry check and the
// proof, approves it; then it shows 已获取. Then 成绩查询 shows the 初级 results the 财政部 administrator imported.

test.describe.configure({ timeout: 240_000 });

/**
 * 历下区's reviewer opens the person's pending item of `kindLabel` in 审核管理, reads `fields` in it (and the image of
 * `attachment`), and approves. The phone project approves through the API: the console is a desktop tool, walked
 * here by the desktop project.
 */
async function approveInConsole(page: Page, request: APIRequestContext, idNumber: string, kindLabel: string, fields: string[], attachment?: string) {
  if (staffStepsThroughApi()) {
    expect(await decideThroughApi(request, 'lx_reviewer', { q: idNumber, kindLabel })).toHaveLength(1);
    return;
  }
  const staff = await page.context().browser()!.newPage({ baseURL: serverURL() });
  await loginStaff(staff, 'lx_reviewer');
  await staff.goto(`/console/reviews?status=pending&q=${idNumber}`);
  const item = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: kindLabel });
  await expect(item).toHaveCount(1);
  await item.getByText('详情').click();
  for (const field of fields) await expect(staff.getByTestId('review-fields')).toContainText(field);
  if (attachment) await expect(staff.getByTestId(`attachment-${attachment}`).locator('img')).toBeVisible();
  await staff.getByTestId('review-approve').click();
  await staff.getByTestId('review-approve-confirm').click();
  await expect(staff.getByTestId('review-status')).toContainText('审核通过');
  await staff.close();
}

test('会计职称管理: 自动获取 finds nothing, a manual 初级 row is reviewed by 历下区 and shows 已获取', async ({ page, request }) => {
  const person = await approvedAccountant(page, request, { realName: '李四' });

  await page.goto('/');
  await page.getByText('会计职称管理', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/titles$/);

  // 自动获取: the national records hold nothing of 李四's.
  await page.getByTestId('titles-fetch').click();
  await expect(page.getByTestId('titles-fetch-message')).toContainText('未获取到数据，您可以通过新增会计专业技术资格录入');
  await expect(page.getByTestId('titles-accounting')).toContainText('暂无数据');

  // 新增会计专业技术资格: nothing chosen → the domain's messages; 级别 初级 preselects 资格级别 and 助理会计师.
  await page.getByTestId('titles-add').click();
  const dialog = page.getByTestId('title-accounting-dialog');
  await dialog.getByTestId('title-accounting-submit').click();
  await expect(dialog.locator('.el-form-item__error', { hasText: '请选择职称层级' })).toBeVisible();
  await pick(page, dialog.getByTestId('title-level'), '初级');
  await expect(dialog.getByTestId('title-rank')).toContainText('助理会计师');
  await expect(dialog.getByTestId('title-qualification-level')).toHaveValue('初级');
  await pick(page, dialog.getByTestId('title-qualification-method'), '考试');
  await typeDate(dialog.getByTestId('title-pass-date'), '2019-09-24');
  await dialog.getByTestId('title-qualification-no').fill('20193710054321');
  await pick(page, dialog.getByTestId('title-method'), '考试');
  await dialog.getByTestId('title-certificate-no').fill('20193710054321');
  await upload(dialog.getByTestId('title-proof-field'), proofImage('title'));
  await dialog.getByTestId('title-accounting-submit').click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('titles-accounting').locator('.el-table__body tr').first();
  await expect(row.getByTestId('title-status')).toHaveText('人工审核');
  await expect(row).toContainText('助理会计师');
  await expect(row).toContainText('20193710054321');

  // 历下区's reviewer reads what a decision needs and approves.
  await approveInConsole(page, request, person.idNumber, '会计专业技术资格', ['助理会计师', '全国会计资格职称库无此人2001年以后的证书'], '会计专业技术资格证书或高评委评审通过证明文件');

  await page.reload();
  const approved = page.getByTestId('titles-accounting').locator('.el-table__body tr').first();
  await expect(approved.getByTestId('title-status')).toHaveText('已获取');
  await expect(approved.getByTestId('title-source')).toHaveText('人工审核');

  // 成绩查询 after the 财政部 administrator imported this year's 初级 results (through the API).
  await staffApi(request, 'mof_admin');
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const csv = `证件号码,科目,成绩,合格线\n${person.idNumber},初级会计实务,72,60\n${person.idNumber},经济法基础,58.5,60\n`;
  const imported = await request.post('/api/console/scores/import', { data: { year, level: 'junior', csv } });
  expect(imported.status(), await imported.text()).toBe(200);
  await page.goto('/');
  await page.getByRole('tab', { name: '考试服务' }).click();
  await page.getByTestId('hall-scores').click();
  await expect(page).toHaveURL(/\/scores$/);
  await expect(page.getByTestId('score-results')).toContainText('初级会计实务');
  await expect(page.getByTestId('score-results')).toContainText('58.5');
  await expect(page.getByTestId('score-standing')).toContainText('尚需合格的科目：经济法基础');
});

// Issue 24's Proof: an accountant whose 初级 results the 财政部 administrator imported (both subjects this year)
// fetches 助理会计师 with 自动获取 (the import entered it into the national records), adds a 税务师 record the 历下区
// reviewer approves, prints the title PDF and opens the electronic certificate's public verification page.
test('成绩导入后自动获取助理会计师, 税务师 reviewed by 历下区, the title PDF and the certificate\'s verification page', async ({ page, request }) => {
  const person = await approvedAccountant(page, request, { realName: '李四' });
  await staffApi(request, 'mof_admin');
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const csv = `证件号码,科目,成绩,合格线\n${person.idNumber},初级会计实务,81,60\n${person.idNumber},经济法基础,77.5,60\n`;
  const imported = await request.post('/api/console/scores/import', { data: { year, level: 'junior', csv } });
  expect(imported.status(), await imported.text()).toBe(200);

  // 自动获取: the national records now hold the 初级 qualification the import completed.
  await page.goto('/titles');
  await page.getByTestId('titles-fetch').click();
  await expect(page.getByTestId('titles-fetch-message')).toContainText('获取更新成功');
  const fetched = page.getByTestId('titles-accounting').locator('.el-table__body tr').first();
  await expect(fetched).toContainText('助理会计师');
  await expect(fetched.getByTestId('title-source')).toHaveText('系统记录');
  await expect(fetched.getByTestId('title-status')).toHaveText('已获取');

  // 新增 税务师: no 级别 for this type; the proof is optional.
  await page.getByRole('tab', { name: '其他专业技术人员职业资格' }).click();
  await page.getByTestId('other-add').click();
  const dialog = page.getByTestId('title-other-dialog');
  await pick(page, dialog.getByTestId('other-type'), '税务师');
  await expect(dialog.getByTestId('other-level')).toHaveCount(0);
  await typeDate(dialog.getByTestId('other-obtained-at'), '2021-03-15');
  await dialog.getByTestId('other-certificate-no').fill('SW2021370100123');
  await dialog.getByTestId('other-submit').click();
  await expect(dialog).toBeHidden();
  const other = page.getByTestId('titles-other').locator('.el-table__body tr').first();
  await expect(other).toContainText('税务师');
  await expect(other.getByTestId('other-status')).toHaveText('人工审核');

  await approveInConsole(page, request, person.idNumber, '其他专业技术人员职业资格', ['税务师', '未上传']);
  await page.reload();
  await page.getByRole('tab', { name: '其他专业技术人员职业资格' }).click();
  await expect(page.getByTestId('titles-other').locator('.el-table__body tr').first().getByTestId('other-status')).toHaveText('资格通过');
  await page.getByRole('tab', { name: '会计专业技术资格' }).click();

  // 打印: the row's one-page PDF (the platform's PDF service), with its verification code.
  const printed = page.context().waitForEvent('response', (r) => /\/api\/titles\/accounting\/[^/]+\/print$/.test(r.url()));
  await page.getByTestId('titles-accounting').locator('.el-table__body tr').first().getByTestId('title-print').click();
  const pdf = await printed;
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['x-verification-code']).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  // 成绩查询 → 电子证书: its PDF carries the QR code's verification code; the public page shows the masked name.
  await page.goto('/scores');
  const certificates = page.getByTestId('score-certificates');
  await expect(certificates).toContainText('助理会计师');
  const certificateNo = (await certificates.locator('.el-table__body tr').first().locator('td').nth(2).innerText()).trim();
  expect(certificateNo).toMatch(new RegExp(`^${year}\\d{10}$`));
  const downloaded = page.context().waitForEvent('response', (r) => /\/api\/scores\/certificates\/[^/]+\/pdf$/.test(r.url()));
  await certificates.getByTestId('certificate-download').click();
  const certificatePdf = await downloaded;
  expect(certificatePdf.status()).toBe(200);
  const code = certificatePdf.headers()['x-verification-code']!;
  await page.goto(`/verify/certificate/${code.replace(/-/g, '')}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('资格证书核验');
  await expect(page.getByTestId('verify-certificate-name')).toHaveText('李**');
  await expect(page.getByTestId('verify-certificate-no')).toHaveText(certificateNo);
  await expect(page.getByTestId('verify-certificate-status')).toHaveText('有效');
  await expect(page.getByTestId('verify-certificate')).not.toContainText(person.idNumber);
});
