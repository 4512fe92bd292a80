import { expect, test } from './fixtures';
import { decideThroughApi, loginAccountant, phoneNotices, pick, proofImage, registerAccountant, searchReviewsInConsole, staffStepsThroughApi, typeDate, unique, upload } from './helpers';
import { approvedAccountant } from './approved-accountant';

// Issue 18: 信息变更. An accountant whose 信息采集 历下区 approved changes 通讯地址 (approved at once,
// 自动审核) and adds a work record, which 历下区's reviewer approves with the diff in red before them;
// 变更记录 shows both, each 详情 with its changed values in red.

test.describe.configure({ timeout: 180_000 });

test('信息变更: 通讯地址 approved at once, a new work record reviewed by 历下区, both in 变更记录 with red values', async ({ page, browser, request }) => {
  // A name no other journey uses, so that 历下区's search by the whole name finds this person alone.
  const name = `张${String.fromCodePoint(0x4e00 + (Number(unique()) % 0x5000))}变`;
  const person = await approvedAccountant(page, request, { realName: name });

  // From the home tile: 会计人员信息采集 › 信息变更; 基本信息 shows the approved record, masked.
  await page.goto('/');
  await page.getByTestId('tile-change').click();
  await expect(page).toHaveURL(/\/change$/);
  const current = page.getByTestId('change-current-basic');
  await expect(current).toContainText('张**');
  await expect(current).not.toContainText(name);
  await expect(current).not.toContainText(person.idNumber);
  await expect(page.getByTestId('current-address')).toContainText('经十路100号');

  // 进行变更: the address only, so 自动审核 applies it at once.
  await page.getByTestId('basic-change-open').click();
  const dialog = page.getByTestId('basic-change-dialog');
  await expect(dialog.getByTestId('basic-change-mode')).toContainText('自动审核');
  await dialog.getByTestId('change-address-detail').fill('经十路200号');
  await dialog.getByTestId('basic-change-save').click();
  await expect(page.getByText('基本信息变更已自动审核通过')).toBeVisible();
  await expect(page.getByTestId('current-address')).toContainText('经十路200号');
  const basicRecords = page.getByTestId('change-records-basic');
  const basicRow = basicRecords.locator('.el-table__body tr').first();
  await expect(basicRow).toContainText('自动审核');
  await expect(basicRow).toContainText('审核通过');
  await expect(basicRow).toContainText('基本信息变更');
  await expect(basicRow).toContainText('修改');
  await basicRow.getByTestId('change-records-basic-detail').click();
  const detail = page.getByTestId('change-detail-dialog');
  const redAddress = detail.locator('.is-changed', { hasText: '经十路200号' });
  await expect(redAddress).toBeVisible();
  await expect(redAddress).toHaveCSS('color', 'rgb(201, 42, 42)');
  await expect(detail.locator('.is-changed', { hasText: '经十路100号' })).toBeVisible();
  await expect(detail.locator('[data-testid=diff-changed]')).toHaveCount(1);
  // The files of both sides (seed 001 §4.2): the photo on each, not changed.
  await expect(detail.getByTestId('change-file-before')).toContainText('照片');
  await expect(detail.getByTestId('change-file-after')).toContainText('照片');
  await expect(detail.getByTestId('change-attachments').locator('.is-changed')).toHaveCount(0);
  await detail.getByRole('button', { name: 'Close' }).or(detail.locator('.el-dialog__headerbtn')).first().click();

  // 工作经历 › 新增: an earlier job, without 会计工作经历: it goes to 历下区 (人工审核).
  await page.getByTestId('change-menu-work').click();
  await expect(page).toHaveURL(/\/change\/work$/);
  await page.getByTestId('work-change-add').click();
  const work = page.getByTestId('work-dialog');
  await typeDate(work.getByTestId('work-startDate'), '2012-01-01');
  await typeDate(work.getByTestId('work-endDate'), '2014-12-31');
  await work.getByTestId('work-unitName').locator('input').fill('济南早年会计师事务所');
  await work.getByTestId('work-uscc').locator('input').fill('91350100M000100Y43');
  await pick(page, work.getByTestId('work-unitType'), '民营企业');
  await pick(page, work.getByTestId('work-industry'), '制造业');
  await pick(page, work.getByTestId('work-address-province'), '山东省');
  await pick(page, work.getByTestId('work-address-city'), '济南市');
  await pick(page, work.getByTestId('work-address-county'), '历下区');
  await work.getByTestId('work-has-no').click();
  await upload(work.getByTestId('work-attachment-employment'), proofImage('employment'));
  await work.getByTestId('work-save').click();
  await expect(page.getByText('变更已提交，请等待会计管理部门审核')).toBeVisible();
  await expect(work).toBeHidden();
  const workRow = page.getByTestId('change-records-work').locator('.el-table__body tr').first();
  await expect(workRow).toContainText('人工审核');
  await expect(workRow).toContainText('待审核');
  await expect(workRow).toContainText('工作经历变更');
  await expect(workRow).toContainText('新增');
  // Until approved, the record is as it was; 个人档案 names the change in review and where.
  await expect(page.getByTestId('work-current-table')).not.toContainText('济南早年会计师事务所');
  await page.goto('/my/account');
  await expect(page.getByTestId('profile-change-open')).toContainText('审核中的变更 1 项：工作经历变更（山东省-济南市-历下区）');
  await expect(page.getByTestId('profile-change-latest')).toContainText('工作经历变更，待审核');

  // 历下区's reviewer finds it by the whole name, sees the new values in red, approves. The phone project decides
  // through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    expect(await decideThroughApi(request, 'lx_reviewer', { q: name, kindLabel: '工作经历变更' })).toHaveLength(1);
  } else {
    const staff = await searchReviewsInConsole(browser, 'lx_reviewer', name, '/console/reviews?status=pending');
    const item = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: '工作经历变更' });
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId('review-applicant-name')).toHaveText(name);
    await item.getByText('详情').click();
    await expect(staff.locator('.is-changed', { hasText: '济南早年会计师事务所' })).toBeVisible();
    await staff.getByTestId('review-approve').click();
    await staff.getByTestId('review-approve-confirm').click();
    await expect(staff.getByTestId('review-status')).toContainText('审核通过');
    await staff.close();
  }

  // The decision reaches the person: by SMS (no WeChat bound), on the sandbox phone.
  const phone = await phoneNotices(browser, person.mobile, ['工作经历变更', '审核通过', '短信']);
  await phone.close();

  // Back in 信息变更: the record has the job, 变更记录 says 审核通过, 详情 shows it in red.
  await page.goto('/change/work');
  await expect(page.getByTestId('work-current-table')).toContainText('济南早年会计师事务所');
  const approvedRow = page.getByTestId('change-records-work').locator('.el-table__body tr').first();
  await expect(approvedRow).toContainText('审核通过');
  await approvedRow.getByTestId('change-records-work-detail').click();
  const workDetail = page.getByTestId('change-detail-dialog');
  await expect(workDetail.locator('.is-changed', { hasText: '济南早年会计师事务所' })).toHaveCSS('color', 'rgb(201, 42, 42)');
  // A 新增 has no files before; its proof is new, in red, and opens as an image.
  await expect(workDetail.getByTestId('change-file-before')).toHaveCount(0);
  await expect(workDetail.getByTestId('change-file-after').first().locator('a.is-changed')).toBeVisible();
  await expect(workDetail.getByTestId('change-file-after').first().locator('img')).toBeVisible();
  await expect.poll(() => workDetail.getByTestId('change-file-after').first().locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // Both changes are in the person's 变更记录: 基本信息 still shows its own.
  await page.goto('/change/basic');
  await expect(page.getByTestId('change-records-basic').locator('.el-table__body tr')).toHaveCount(1);
  // The wizard's record is the approved one: 信息采集 stays 审核通过.
  expect((await (await page.request.get('/api/collection')).json()).collectionStatus).toBe('approved');
});

test('信息变更 before 信息采集 is approved says so and leads back', async ({ page }) => {
  const person = await registerAccountant(page.request, '李四');
  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');
  await page.goto('/');
  await page.getByTestId('service-hall').getByTestId('hall-change').click();
  await expect(page.getByTestId('change-not-allowed')).toContainText('仅在信息采集审核通过状态下允许变更');
  await page.getByRole('button', { name: '返回信息采集' }).click();
  await expect(page).toHaveURL(/\/collection/);
});

test('信息变更 fits a 375 px screen', async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await approvedAccountant(page, request);
  await page.goto('/change/work');
  await expect(page.getByTestId('work-current-table')).toContainText('济南某某会计服务有限公司');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
