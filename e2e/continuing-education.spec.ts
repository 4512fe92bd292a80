import { makePdf } from '../apps/server/src/platform/uploads/test-files';
import { expect, serverURL, test, type Locator, type Page } from './fixtures';
import { decideThroughApi, loginStaff, pick, staffStepsThroughApi, typeDate, unique } from './helpers';
import { approvedAccountant } from './approved-accountant';

// Issue 25: 会计人员继续教育. An accountant whose 信息采集 历下区 approved files a 会议 of 3 days (30 credits by the
// rule) and a 公需科目 training; 历下区's reviewer approves both in 继续教育学分审核; 查看继续教育情况 shows the
// year with 30 专业 + 10 公需 credits and the progress bar with what is missing.

test.describe.configure({ timeout: 240_000 });

/** A China calendar date `days` before today (`YYYY-MM-DD`): the activities lie in the past, never in a closed year. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

/** The input of an el-input-number, wherever its test id landed. */
const inputOf = (item: Locator) => item.locator('xpath=self::input | .//input').first();

/** The PDF proof: a real one-page PDF, under 2 MB. */
async function uploadProof(page: Page, name: string) {
  const field = page.getByTestId('ce-proof');
  await field.locator('input[type=file]').setInputFiles({ name: `${name}.pdf`, mimeType: 'application/pdf', buffer: makePdf(4000) });
  await expect(field).toContainText(`${name}.pdf`);
}

test('继续教育: a 会议 of 3 days and a 公需科目 training, approved by 历下区, counted in the year with its progress bar', async ({ page, request }) => {
  const name = `孙${String.fromCodePoint(0x4e00 + (Number(unique()) % 0x5000))}学`;
  await approvedAccountant(page, request, { realName: name });
  // Both activities in one year: the meeting from six to four days ago, the training six days ago.
  const start = daysAgo(6);
  const year = start.slice(0, 4);

  // From the home tile (no longer 建设中).
  await page.goto('/');
  await page.getByText('会计人员继续教育管理', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/ce$/);
  await page.getByTestId('ce-tab-applications').click();
  await expect(page).toHaveURL(/\/ce\/applications$/);

  // 专业科目 › 会议: the year comes from the start date; 3 days make 30 credits.
  await page.getByTestId('ce-add-professional').click();
  await pick(page, page.getByTestId('ce-form'), '会议');
  await page.getByTestId('ce-submit').click();
  await expect(page.locator('.el-form-item__error', { hasText: '请选择会议开始时间' })).toBeVisible();
  await typeDate(page.getByTestId('ce-startDate'), start);
  await typeDate(page.getByTestId('ce-endDate'), daysAgo(4));
  await expect(page.getByTestId('ce-year')).toHaveValue(year);
  await inputOf(page.getByTestId('ce-days')).fill('3');
  await page.getByTestId('ce-place').fill('山东省会计学会（济南）');
  await page.getByTestId('ce-content').fill('企业会计准则实施问题研讨会');
  await uploadProof(page, '会议通知与签到');
  await expect(page.getByTestId('ce-preview')).toContainText('按规则折算 30 学分');
  await page.getByTestId('ce-submit').click();
  await expect(page).toHaveURL(/\/ce\/applications$/);
  await expect(page.getByTestId('ce-applications').locator('.el-table__body tr').first()).toContainText('待审核');

  // 公需科目: one training row of 450 minutes and 10 credits.
  await page.getByTestId('ce-add-public').click();
  await typeDate(page.getByTestId('ce-startDate'), start);
  await typeDate(page.getByTestId('ce-endDate'), start);
  await page.getByTestId('ce-unitName').fill('山东省会计人员继续教育基地');
  await page.getByTestId('ce-row-add').click();
  const row = page.getByTestId('ce-row-dialog');
  await inputOf(row.getByTestId('ce-row-minutes')).fill('450');
  await inputOf(row.getByTestId('ce-row-credits')).fill('10');
  await row.getByTestId('ce-row-content').fill('会计职业道德与法规');
  await row.getByTestId('ce-row-save').click();
  await expect(page.getByTestId('ce-rows')).toContainText('会计职业道德与法规');
  await uploadProof(page, '培训证明');
  await expect(page.getByTestId('ce-preview')).toContainText('按规则折算 10 学分');
  await page.getByTestId('ce-submit').click();
  await expect(page).toHaveURL(/\/ce\/applications$/);
  await expect(page.getByTestId('ce-applications').locator('.el-table__body tr')).toHaveCount(2);

  // 历下区's reviewer approves both, the rule's figure beside each claim.
  // The phone project approves through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    expect(await decideThroughApi(request, 'lx_reviewer', { q: name, kindLabel: '继续教育学分申请' })).toHaveLength(2);
  } else {
    const staff = await page.context().browser()!.newPage({ baseURL: serverURL() });
    await loginStaff(staff, 'lx_reviewer');
    await staff.getByTestId('console-menu-ce').click();
    for (const form of ['会议', '公需科目']) {
      const item = staff.getByTestId('console-ce-items').locator('.el-table__body tr', { hasText: name }).filter({ hasText: form }).first();
      await expect(item).toBeVisible();
      await item.getByTestId('console-ce-open').click();
      await expect(staff.getByTestId('ce-detail-computed')).toHaveText(form === '会议' ? '30' : '10');
      await staff.getByTestId('console-ce-approve').click();
      await staff.getByTestId('console-ce-approve-confirm').click();
      await expect(staff.getByTestId('console-ce-status')).toContainText('审核通过');
      await staff.goto('/console/ce');
    }
    await staff.close();
  }

  // 查看继续教育情况: the year with 40 credits, 30 专业 and 10 公需, and the bar saying what is missing.
  await page.getByTestId('ce-tab-records').click();
  const yearRow = page.getByTestId('ce-years').locator('.el-table__body tr', { hasText: year });
  await expect(yearRow).toContainText('40');
  await expect(yearRow.locator('td').nth(3)).toHaveText('10');
  await expect(yearRow.locator('td').nth(4)).toHaveText('30');
  await yearRow.getByTestId(`ce-year-view-${year}`).click();
  await expect(page.getByTestId('ce-year-title')).toHaveText(`${year}年继续教育明细`);
  await expect(page.getByTestId('ce-progress-bar')).toContainText('44%');
  await expect(page.getByTestId('ce-progress-summary')).toContainText('总学分还差50学分，专业科目学分还差30学分');
  const entries = page.getByTestId('ce-entries').locator('.el-table__body tr');
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: '专业科目申请（会议）' })).toContainText('个人申请');
  await expect(entries.filter({ hasText: '公需科目申请' })).toContainText('10');
});
