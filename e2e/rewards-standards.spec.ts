import { makePdf } from '../apps/server/src/platform/uploads/test-files';
import { expect, serverURL, test } from './fixtures';
import { decideThroughApi, loginAccountant, loginStaff, pick, publishStandard, registerAccountant, staffApi, staffStepsThroughApi, typeDate, unique } from './helpers';
import { approvedAccountant } from './approved-accountant';

// Issue 26 (part B): 会计准则制度学习, 会计人员奖惩记录 and 高端会计人才培养项目, each a journey of its own.

test.describe.configure({ timeout: 240_000 });

/** The text field of an el-input, wherever its test id landed (the wrapper, or the input or textarea itself). */
const FIELD = 'xpath=self::input | self::textarea | .//input | .//textarea';

test('会计准则制度学习: the 财政部 publishes a standard; an accountant finds it by two Chinese words, reads it and marks it 已学习', async ({ page, request, browser }) => {
  const u = unique();
  const title = `企业会计准则解释第${u}号`;

  const text = '一、关于企业数据资源相关会计处理的规定。\n二、企业应当在客户取得相关商品控制权时，按照履约义务的履行情况确认收入。';
  // The 财政部's administrator adds the document (unpublished), then publishes it.
  // The phone project publishes it through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    await staffApi(request, 'mof_admin');
    await publishStandard(request, { title, docNumber: `财会〔2025〕${u}号`, issuedOn: '2025-12-01', body: text });
  } else {
    const staff = await browser.newPage({ baseURL: serverURL() });
    await loginStaff(staff, 'mof_admin');
    await staff.getByTestId('console-menu-standards').click();
    await expect(staff).toHaveURL(/\/console\/standards$/);
    await staff.getByTestId('standard-new').click();
    const editor = staff.getByTestId('standard-editor');
    await editor.getByTestId('standard-save').click();
    await expect(editor.locator('.el-form-item__error', { hasText: '请填写标题' })).toBeVisible();
    await editor.getByTestId('standard-title-input').fill(title);
    await editor.getByTestId('standard-number-input').fill(`财会〔2025〕${u}号`);
    await typeDate(editor.getByTestId('standard-date-input'), '2025-12-01');
    await pick(staff, editor.getByTestId('standard-category-input'), '解释');
    await editor
      .getByTestId('standard-body-input')
      .locator(FIELD)
      .first()
      .fill(text);
    await editor.getByTestId('standard-save').click();
    await expect(staff.locator('.el-message', { hasText: '已保存' })).toBeVisible();
    await editor.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click();
    const row = staff.getByTestId('console-standards').locator('.el-table__body tr', { hasText: title });
    await expect(row.getByTestId('console-standard-state')).toHaveText('未发布');
    await row.getByTestId('console-standard-publish').click();
    await staff.locator('.el-message-box').getByRole('button', { name: '发布' }).click();
    await expect(row.getByTestId('console-standard-state')).toHaveText('已发布');
    await staff.close();
  }

  // An accountant comes from the home tile; two words far apart in the body, in the other order, find it.
  const person = await registerAccountant(request, '钱学习');
  await loginAccountant(page, person.mobile, person.password);
  await page.getByText('会计准则制度学习', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/standards/);
  await page.getByTestId('standards-query').locator(FIELD).first().fill(`履约义务 数据资源 ${u}`);
  await page.getByTestId('standards-search').click();
  const hit = page.getByTestId('standard-item').filter({ hasText: title });
  await expect(hit).toHaveCount(1);
  await expect(page.getByTestId('standard-item')).toHaveCount(1);
  // Characters of the document in an order it never has find nothing.
  await page.getByTestId('standards-query').locator(FIELD).first().fill(`义务履约 ${u}`);
  await page.getByTestId('standards-search').click();
  await expect(page.getByTestId('standards-list')).toContainText('没有找到');

  await page.getByTestId('standards-query').locator(FIELD).first().fill(`控制权 ${u}`);
  await page.getByTestId('standards-search').click();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('standard-title')).toHaveText(title);
  await expect(page.getByTestId('standard-body')).toContainText('数据资源');
  await page.getByTestId('standard-mark').click();
  await expect(page.getByTestId('standard-studied-at')).toContainText('已学习');

  // 个人中心 · 个人档案 lists it.
  await page.goto('/my/account');
  await expect(page.getByTestId('profile-studied')).toContainText(title);
});

test('会计人员奖惩记录: an accountant applies to add a reward, 历下区 approves it, and it is in their list', async ({ page, request, browser }) => {
  const name = `孙${String.fromCodePoint(0x4e00 + (Number(unique()) % 0x5000))}奖`;
  await approvedAccountant(page, request, { realName: name });
  const docNumber = `鲁财会〔2025〕${unique()}号`;

  await page.goto('/');
  await page.getByText('会计人员奖惩记录', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/rewards$/);
  await expect(page.getByTestId('reward-records')).toContainText('暂无奖惩记录');
  await page.getByTestId('reward-apply').click();
  const dialog = page.getByTestId('reward-apply-dialog');
  await dialog.getByTestId('reward-submit').click();
  await expect(dialog.locator('.el-form-item__error', { hasText: '请填写奖惩事由' })).toBeVisible();
  await dialog.getByTestId('reward-reason').locator(FIELD).first().fill('全省会计基础工作规范化先进个人');
  await typeDate(dialog.getByTestId('reward-occurred-on'), '2025-01-20');
  await dialog.getByTestId('reward-doc-number').locator(FIELD).first().fill(docNumber);
  await dialog.getByTestId('reward-issuer').locator(FIELD).first().fill('山东省财政厅');
  const proof = dialog.getByTestId('reward-proof');
  await proof.locator('input[type=file]').setInputFiles({ name: '表彰决定.pdf', mimeType: 'application/pdf', buffer: makePdf(4000) });
  await expect(proof).toContainText('表彰决定.pdf');
  await dialog.getByTestId('reward-submit').click();
  await expect(page.getByTestId('reward-application-status').first()).toHaveText('待审核');

  // While it is in review, 属地关系调转 says why it cannot be filed.
  await page.goto('/transfer');
  await expect(page.getByText('您有审核中的奖惩申请，请待审核完成后再申请调转')).toBeVisible();

  // 历下区's reviewer finds it in 审核管理 and approves it.
  // The phone project approves through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    expect(await decideThroughApi(request, 'lx_reviewer', { q: name, kindLabel: '奖惩申请' })).toHaveLength(1);
  } else {
    const staff = await browser.newPage({ baseURL: serverURL() });
    await loginStaff(staff, 'lx_reviewer');
    await staff.goto('/console/reviews?status=pending');
    await staff.getByTestId('review-filter-q').locator(FIELD).first().fill(name);
    await staff.getByTestId('review-search').click();
    const item = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: '奖惩申请' });
    await expect(item).toHaveCount(1);
    await item.getByText('详情').click();
    await expect(staff.getByTestId('review-fields')).toContainText(docNumber);
    await staff.getByTestId('review-approve').click();
    await staff.getByTestId('review-approve-confirm').click();
    await expect(staff.getByTestId('review-status')).toContainText('审核通过');
    // And sees it among 历下区's records.
    await staff.getByTestId('console-menu-rewards').click();
    await expect(staff.getByTestId('console-rewards').locator('.el-table__body tr', { hasText: docNumber })).toContainText('本人申请');
    await staff.close();
  }

  await page.goto('/rewards');
  const record = page.getByTestId('reward-records').locator('.el-table__body tr', { hasText: docNumber });
  await expect(record).toContainText('奖励');
  await expect(record).toContainText('本人申请');
  await expect(page.getByTestId('reward-application-status').first()).toHaveText('审核通过');
});

test('高端会计人才培养项目: the 财政部 edits a year’s page and its notices; the portal shows them', async ({ page, browser }) => {
  const u = unique();
  const year = new Date().getFullYear();
  const staff = await browser.newPage({ baseURL: serverURL() });
  await loginStaff(staff, 'mof_admin');
  await staff.getByTestId('console-menu-talent').click();
  await expect(staff).toHaveURL(/\/console\/talent$/);
  await staff.getByTestId('console-talent-title').locator(FIELD).first().fill(`${year}年度全国高端会计人才培养项目（${u}）`);
  await staff.getByTestId('console-talent-intro').locator(FIELD).first().fill('全国高端会计人才培养项目面向企业、行政事业单位和会计师事务所选拔培养高端会计人才。');
  await staff.getByTestId('console-talent-add-notice').click();
  const notice = staff.getByTestId('console-talent-notice').last();
  await notice.getByTestId('console-talent-notice-title').locator(FIELD).first().fill(`关于${year}年度选拔考试的通知${u}`);
  await notice.getByTestId('console-talent-notice-body').locator(FIELD).first().fill('报名时间为3月10日至3月31日。');
  await staff.getByTestId('console-talent-save').click();
  await expect(staff.locator('.el-message', { hasText: '已保存' })).toBeVisible();
  await staff.close();

  await page.goto('/');
  await page.getByText('高端会计人才培养项目', { exact: true }).first().click();
  await expect(page).toHaveURL(/\/talent/);
  await page.goto(`/talent/${year}`);
  await expect(page.getByTestId('talent-title')).toContainText(u);
  await expect(page.getByTestId('talent-notices')).toContainText(`关于${year}年度选拔考试的通知${u}`);
  await expect(page.getByTestId('talent-notices')).toContainText('报名时间为3月10日至3月31日。');
});
