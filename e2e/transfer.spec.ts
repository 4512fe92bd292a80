import { expect, serverURL, test, type Page } from './fixtures';
import { decideThroughApi, loginAccountant, loginStaff, pick, proofImage, registerAccountant, staffStepsThroughApi, typeDate, upload } from './helpers';
import { approvedAccountant, LIXIA, uploadFile } from './approved-accountant';

// Issue 20: 属地关系调转. An approved accountant of 山东省-济南市-历下区 applies for 工作单位所在地变动 to
// 北京市-北京市-东城区 with a proof; the 历下区 reviewer approves the move out, the 东城区 reviewer accepts it;
// 调转记录 shows 调入地已接收, the next change goes to 东城区, and the 历下区 reviewer no longer sees it.

test.describe.configure({ timeout: 300_000 });

/** A reviewer opens the person's item of `kind` in 审核管理 and approves it. */
async function approveInConsole(page: Page, username: string, idNumber: string, kindLabel: string) {
  const staff = await page.context().browser()!.newPage({ baseURL: serverURL() });
  await loginStaff(staff, username);
  await staff.goto(`/console/reviews?status=pending&q=${idNumber}`);
  const row = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: kindLabel });
  await expect(row).toHaveCount(1);
  await row.getByText('详情').click();
  await expect(staff.getByTestId('review-fields')).toContainText('北京某某会计服务有限公司');
  await expect(staff.getByTestId('review-fields')).toContainText('北京市-北京市-东城区');
  await expect(staff.getByText('调转内容')).toBeVisible();
  await expect(staff.getByTestId('attachment-调转证明材料').locator('img')).toBeVisible();
  await staff.getByTestId('review-approve').click();
  await staff.getByTestId('review-approve-confirm').click();
  await expect(staff.getByTestId('review-status')).toContainText('审核通过');
  return staff;
}

test('属地关系调转: 历下区 → 东城区, decided by both; the next change goes to 东城区', async ({ page, request }) => {
  const person = await approvedAccountant(page, request);

  // From the home tile; 服务大厅 › 会计人员信息服务 › 属地关系调转 leads to the same page.
  await page.goto('/');
  await page.getByTestId('service-hall').getByTestId('hall-transfer').click();
  await expect(page).toHaveURL(/\/transfer$/);
  await page.goto('/');
  await page.getByText('会计人员属地关系调转', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/transfer$/);
  await expect(page.getByTestId('transfer-current')).toContainText('山东省-济南市-历下区');

  // 调转申请: 工作单位所在地变动 with its fields, 北京市-北京市-东城区, and a proof.
  await page.getByTestId('transfer-apply').click();
  await expect(page).toHaveURL(/\/transfer\/apply$/);
  // Nothing chosen: only the reason is asked for.
  await page.getByTestId('transfer-submit').click();
  await expect(page.locator('.el-form-item__error', { hasText: '请选择调转原因' })).toBeVisible();
  await pick(page, page.getByTestId('transfer-reason'), '工作单位所在地变动');
  await expect(page.getByTestId('transfer-proof-hint')).toContainText('工作岗位变动请上传统一社会信用代码证或工作单位证明');
  await expect(page.getByTestId('transfer-proof-hint')).toContainText('小于200kb');
  await page.getByTestId('transfer-unitName').fill('北京某某会计服务有限公司');
  // A wrong check character is refused by the same rule as the server's.
  await page.getByTestId('transfer-uscc').fill('91110108551385082A');
  await page.getByTestId('transfer-uscc').blur();
  await expect(page.locator('.el-form-item__error', { hasText: '校验' })).toBeVisible();
  await page.getByTestId('transfer-uscc').fill('91110108551385082Q');
  await pick(page, page.getByTestId('transfer-unitType'), '民营企业');
  await pick(page, page.getByTestId('transfer-industry'), '租赁和商务服务业');
  await pick(page, page.getByTestId('transfer-address-province'), '北京市');
  await pick(page, page.getByTestId('transfer-address-city'), '北京市');
  await pick(page, page.getByTestId('transfer-address-county'), '东城区');
  await page.getByTestId('transfer-address-detail').fill('东长安街1号');
  await typeDate(page.getByTestId('transfer-startDate'), '2024-03-01');
  await pick(page, page.getByTestId('transfer-authority-province'), '北京市');
  await pick(page, page.getByTestId('transfer-authority-city'), '北京市');
  await pick(page, page.getByTestId('transfer-authority-county'), '东城区');
  await upload(page.getByTestId('transfer-proof-field'), proofImage('transfer'));
  await page.getByTestId('transfer-submit').click();
  await expect(page).toHaveURL(/\/transfer$/);
  const row = page.getByTestId('transfer-records').locator('.el-table__body tr').first();
  await expect(row).toContainText('调出待审');
  await expect(row).toContainText('跨省调转');
  await expect(row).toContainText('历下区');
  await expect(row).toContainText('东城区');

  // 历下区 approves the move out, then 东城区 accepts it. The phone project decides through the API: the console
  // is a desktop tool, walked here by the desktop project.
  const approve = async (username: string, kindLabel: string) => {
    if (staffStepsThroughApi()) expect(await decideThroughApi(request, username, { q: person.idNumber, kindLabel })).toHaveLength(1);
    else await (await approveInConsole(page, username, person.idNumber, kindLabel)).close();
  };
  await approve('lx_reviewer', '属地关系调转（调出）');
  await page.reload();
  await expect(page.getByTestId('transfer-records').locator('.el-table__body tr').first()).toContainText('调入待审');
  await approve('dc_reviewer', '属地关系调转（调入）');

  // 调转记录: 调入地已接收, with the detail and the proof's preview.
  await page.reload();
  const done = page.getByTestId('transfer-records').locator('.el-table__body tr').first();
  await expect(done.getByTestId('transfer-status')).toHaveText('调入地已接收');
  await expect(page.getByTestId('transfer-current')).toContainText('北京市-北京市-东城区');
  await done.getByTestId('transfer-view').click();
  const detail = page.getByRole('dialog', { name: '调转详情' });
  await expect(detail).toContainText('审核状态：调入地已接收');
  await expect(detail).toContainText('工作单位所在地变动');
  await expect(detail).toContainText('山东省-济南市-历下区');
  await expect(detail).toContainText('91110108551385082Q');
  await expect(detail.getByTestId('transfer-proof').locator('img')).toBeVisible();
  await detail.locator('.el-dialog__headerbtn').click();

  // The next change goes to 东城区: an earlier job, filed through the API.
  const change = await page.request.post('/api/change/work', {
    data: {
      startDate: '2012-01-01',
      endDate: '2014-12-31',
      unitName: '济南早年会计师事务所',
      uscc: '91350100M000100Y43',
      unitType: '09',
      industry: 'L',
      address: { ...LIXIA, detail: '泉城路2号' },
      phone: null,
      hasAccountingExperience: false,
      experiences: [],
      accountingPost: null,
      appointmentDate: null,
      attachments: { employment: await uploadFile(page, 'proof') },
    },
  });
  expect(change.status(), await change.text()).toBe(201);
  expect((await change.json()).authorityName).toBe('北京市-北京市-东城区');

  // 历下区's reviewer no longer sees it; 东城区's does. Console pages only: the desktop project's.
  if (staffStepsThroughApi()) return;
  const lixia = await page.context().browser()!.newPage({ baseURL: serverURL() });
  await loginStaff(lixia, 'lx_reviewer');
  await lixia.goto(`/console/reviews?q=${person.idNumber}`);
  await expect(lixia.getByTestId('review-table').locator('.el-table__body tr', { hasText: '属地关系调转（调出）' })).toHaveCount(1);
  await expect(lixia.getByTestId('review-table').locator('.el-table__body tr', { hasText: '工作经历变更' })).toHaveCount(0);
  // Its list of people transferred out has 张三.
  await lixia.goto('/console/transfers');
  await expect(lixia.getByTestId('transfers-table')).toContainText('调入地已接收');
  await expect(lixia.getByTestId('transfers-table')).toContainText('北京市-北京市-东城区');
  await pick(lixia, lixia.getByTestId('transfers-direction'), '调入');
  await lixia.getByTestId('transfers-search').click();
  await expect(lixia.getByTestId('transfers-table')).not.toContainText('北京市-北京市-东城区');
  await pick(lixia, lixia.getByTestId('transfers-direction'), '调出');
  await lixia.getByTestId('transfers-search').click();
  await expect(lixia.getByTestId('transfers-table')).toContainText('调入地已接收');
  // The console fits 1366 px without sideways scrolling; 导出 downloads the filtered list.
  expect(await lixia.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const download = lixia.waitForEvent('download');
  await lixia.getByTestId('transfers-export').click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await lixia.close();
  const dongcheng = await page.context().browser()!.newPage({ baseURL: serverURL() });
  await loginStaff(dongcheng, 'dc_reviewer');
  await dongcheng.goto(`/console/reviews?status=pending&q=${person.idNumber}`);
  await expect(dongcheng.getByTestId('review-table').locator('.el-table__body tr', { hasText: '工作经历变更' })).toHaveCount(1);
  await dongcheng.close();
});

test('调转 before 信息采集 is approved: the page says why 提交审核 is refused', async ({ page }) => {
  const person = await registerAccountant(page.request, '李四');
  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');
  await page.goto('/transfer');
  await expect(page.getByTestId('transfer-refusal')).toContainText('信息采集未完成或尚未审核通过，不能申请调转');
});

test('调转申请 fits a 375 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const person = await registerAccountant(page.request, '王五');
  await loginAccountant(page, person.mobile, person.password);
  await page.goto('/transfer/apply');
  await pick(page, page.getByTestId('transfer-reason'), '学籍所在地变动');
  await expect(page.getByTestId('transfer-school')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.goto('/transfer');
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow2).toBeLessThanOrEqual(0);
});
