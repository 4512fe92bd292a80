import { expect, type Page } from './fixtures';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';
import { fillBachelorEducation, loginAccountant, pick, proofImage, registerAccountant, typeDate, upload } from './helpers';

// The steps of 信息采集 that several journeys walk (collection.spec.ts, the screenshots): a person verified through
// the Alipay sandbox, and the six steps of the wizard.

const photo = () => ({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: makeJpeg({ width: 300, height: 420, size: 12 * 1024 }) });

/** Registers 张三, logs in and verifies through the Alipay sandbox phone; the wizard opens. */
export async function verifiedAccountant(page: Page) {
  const person = await registerAccountant(page.request, '张三');
  await loginAccountant(page, person.mobile, person.password);
  await page.getByRole('button', { name: '会计人员信息采集' }).click();
  const dialog = page.getByTestId('identity-dialog');
  await dialog.getByTestId('identity-alipay-start').click();
  const [phone] = await Promise.all([page.context().waitForEvent('page'), dialog.getByTestId('identity-sandbox-phone').click()]);
  await phone.getByTestId('phone-confirm').click();
  await expect(phone.getByTestId('phone-done')).toBeVisible();
  await phone.close();
  await expect(page.getByText('实名认证成功')).toBeVisible({ timeout: 15_000 });
  // Verified: the wizard opens at its first step.
  await expect(page).toHaveURL(/\/collection\/notice$/);
  await expect(page.getByTestId('collection-steps')).toContainText('采集须知');
  return person;
}

/**
 * Walks the six steps. With `degreeNo` other than 张三's, 学信网 does not verify the record and the
 * certificates must be uploaded.
 */
export async function completeWizard(page: Page, unitName: string, degreeNo = '1042242015001234') {
  // 01 采集须知
  await expect(page.getByTestId('collection-territorial')).toContainText('王某某');
  await expect(page.getByText('注意：平台所有要求上传的附件均为原件照片！！！')).toBeVisible();
  await page.getByTestId('step-next').click();
  await expect(page.getByRole('alert').filter({ hasText: '请选择采集范围' })).toBeVisible();
  await page.getByTestId('scope-accountant').click();
  await page.getByTestId('step-next').click();

  // 02 基本信息: registration's fields are fixed and masked; the rest is filled in.
  await expect(page).toHaveURL(/\/collection\/basic$/);
  await expect(page.getByTestId('basic-status')).toContainText('未提交审核');
  await expect(page.getByTestId('basic-name')).toHaveValue('张**');
  await page.getByTestId('step-next').click();
  await expect(page.getByRole('alert').filter({ hasText: '请上传照片' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '请选择政治面貌' })).toBeVisible();
  await page.getByTestId('basic-photo').locator('input[type=file]').setInputFiles(photo());
  await expect(page.getByTestId('basic-photo').locator('img')).toBeVisible();
  await pick(page, page.getByTestId('basic-political'), '群众');
  await pick(page, page.getByTestId('basic-ethnicity'), '汉族');
  await pick(page, page.getByTestId('basic-address-province'), '山东省');
  await pick(page, page.getByTestId('basic-address-city'), '济南市');
  await pick(page, page.getByTestId('basic-address-county'), '历下区');
  await page.getByTestId('basic-address-detail').fill('经十路100号');
  await page.getByTestId('basic-postalCode').locator('input').fill('250000');
  await page.getByTestId('step-next').click();

  // 03 教育经历: 学信网 verifies the record, so no certificate is needed.
  await expect(page).toHaveURL(/\/collection\/education$/);
  await page.getByTestId('education-add').click();
  const edu = page.getByTestId('education-dialog');
  await expect(edu.getByText('2.尚未毕业的在校生毕业时间须勾选至今')).toBeVisible();
  await edu.getByTestId('education-save').click();
  await expect(edu.getByRole('alert').filter({ hasText: '请选择培养方式' })).toBeVisible();
  await fillBachelorEducation(page, edu, { diplomaNo: '104221201505001234', degreeNo: degreeNo });
  await expect(edu.getByTestId('edu-attachment-diploma')).toBeVisible();
  await edu.getByTestId('education-save').click();
  if (degreeNo === '1042242015001234') {
    await expect(page.getByText('教育经历已保存，学信网核验通过')).toBeVisible();
  } else {
    // 400 collection/degree_check_failed: the server's message, and both certificates become required.
    await expect(edu.getByRole('alert').filter({ hasText: '学信网核验未通过，请核对证书编号，或上传学历证书、学位证书' })).toBeVisible();
    await expect(edu.getByTestId('edu-attachment-diploma').getByRole('alert').filter({ hasText: '请上传学历证书' })).toBeVisible();
    await expect(edu.getByTestId('edu-attachment-degree')).toContainText('*学位证书');
    await upload(edu.getByTestId('edu-attachment-diploma'), proofImage('diploma'));
    await upload(edu.getByTestId('edu-attachment-degree'), proofImage('degree'));
    await edu.getByTestId('education-save').click();
    await expect(page.getByText('教育经历已保存', { exact: true })).toBeVisible();
  }
  await expect(edu).toBeHidden();
  const eduRow = page.getByTestId('education-table').locator('tr', { hasText: '山东大学' });
  await expect(eduRow).toContainText('未提交审核');
  await expect(eduRow).toContainText('会计学');
  await page.getByTestId('step-next').click();

  // 04 工作经历: 至今 with 会计工作经历 needs three proofs.
  await expect(page).toHaveURL(/\/collection\/work$/);
  await page.getByTestId('work-add').click();
  const work = page.getByTestId('work-dialog');
  await typeDate(work.getByTestId('work-startDate'), '2015-07-01');
  await work.getByTestId('work-untilNow').click();
  await work.getByTestId('work-unitName').locator('input').fill(unitName);
  await work.getByTestId('work-uscc').locator('input').fill('91350100M000100Y44');
  await pick(page, work.getByTestId('work-unitType'), '民营企业');
  await pick(page, work.getByTestId('work-industry'), '制造业');
  await pick(page, work.getByTestId('work-address-province'), '山东省');
  await pick(page, work.getByTestId('work-address-city'), '济南市');
  await pick(page, work.getByTestId('work-address-county'), '历下区');
  await work.getByTestId('work-has-yes').click();
  await work.getByTestId('work-save').click();
  // Each message beside its field: the check character, the row's cells, the missing proofs.
  await expect(work.getByRole('alert').filter({ hasText: '统一社会信用代码校验位不正确' })).toBeVisible();
  await expect(work.getByRole('alert').filter({ hasText: '请选择会计人员岗位层级' })).toBeVisible();
  await expect(work.getByRole('alert').filter({ hasText: '请上传统一社会信用代码证' })).toBeVisible();
  await work.getByTestId('work-uscc').locator('input').fill('91350100M000100Y43');
  const row = work.getByTestId('experience-0');
  await pick(page, row.getByTestId('experience-postLevel'), '一般会计人员');
  await pick(page, row.getByTestId('experience-position'), '出纳');
  await typeDate(row.getByTestId('experience-startDate'), '2015-07-01');
  await row.getByTestId('experience-untilNow').click();
  await upload(work.getByTestId('work-attachment-uscc'), proofImage('uscc'));
  await upload(work.getByTestId('work-attachment-employment'), proofImage('employment'));
  await upload(work.getByTestId('work-attachment-experience'), proofImage('experience'));
  await work.getByTestId('work-save').click();
  await expect(page.getByText('工作经历已保存')).toBeVisible();
  await expect(work).toBeHidden();
  await expect(page.getByTestId('work-table').locator('tr', { hasText: unitName })).toContainText('至今');
  await page.getByTestId('step-next').click();

  // 05 会计管理部门: 济南市, no county (市直属); the promise is required.
  await expect(page).toHaveURL(/\/collection\/authority$/);
  await expect(page.getByTestId('authority-reminder')).toContainText('请按属地原则认真核对后');
  await pick(page, page.getByTestId('authority-province'), '山东省');
  await pick(page, page.getByTestId('authority-city'), '济南市');
  await page.getByTestId('authority-submit').click();
  await expect(page.getByRole('alert').filter({ hasText: '请勾选承诺所提供信息真实有效' })).toBeVisible();
  await page.getByTestId('authority-promise').click();
  await page.getByTestId('authority-submit').click();

  // 06 审核告知
  await expect(page).toHaveURL(/\/collection\/result$/);
  await expect(page.getByTestId('collection-status')).toContainText('审核中');
  await expect(page.getByTestId('notice-basic')).toContainText('济南市');
  await expect(page.getByTestId('notice-education')).toContainText('待审核');
  await expect(page.getByTestId('notice-work')).toContainText(unitName);
}

