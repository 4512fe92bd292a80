import { expect, test, serverURL } from './fixtures';
import { idNumberFor, loginAccountant, loginStaff, registerAccountant, unique } from './helpers';

// Issue 5: 历史教育经历 (seed 001 §3.3). A provincial administrator imports what the earlier platform
// collected; the person, registering later, finds the record in 教育经历 with its original fields locked
// (红框内容不可编辑) and only the missing ones to fill in.
test('an imported 历史教育经历 shows its original fields locked', async ({ page, browser }) => {
  const seq = unique();
  const idNumber = idNumberFor(seq);
  const csv = [
    '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业',
    `内地居民身份证,${idNumber},教育经历,全日制,山东大学,2011-09-01,2015-06-30,本科,,学士,,会计学`,
  ].join('\r\n');

  const consolePage = await browser.newPage({ baseURL: serverURL() });
  await loginStaff(consolePage, 'sd_admin');
  await consolePage.getByRole('menuitem', { name: '导入历史采集信息' }).click();
  await consolePage.getByTestId('import-file').setInputFiles({ name: '历史采集.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
  await consolePage.getByTestId('import-submit').click();
  await expect(consolePage.getByTestId('import-result')).toContainText('新增1条');
  // A file with any bad row is refused whole (issue 17 item 14): each problem is listed with its
  // line, column and the form's own message.
  const bad = [
    csv.replace('本科', '大本'),
    `内地居民身份证,${idNumber},教育经历,全日制,<b>山东大学</b>,2099-13-45,0000-00-00,本科,,学士,,会计学`,
  ].join('\r\n');
  await consolePage.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await consolePage.getByTestId('import-submit').click();
  await expect(consolePage.getByTestId('import-error')).toContainText('导入文件有2行数据不正确，未导入任何数据');
  const problems = consolePage.getByTestId('import-errors');
  await expect(problems.locator('tr', { hasText: '学历“大本”不在代码表中' })).toContainText('2学历');
  await expect(problems.locator('tr', { hasText: '学校名称不能包含' })).toContainText('3学校名称');
  await expect(problems.locator('tr', { hasText: '入学时间格式不正确' })).toContainText('3入学时间');
  await expect(problems.locator('tr', { hasText: '毕业时间格式不正确' })).toContainText('3毕业时间');
  await consolePage.close();

  const person = await registerAccountant(page.request, '张三', seq);
  expect(person.idNumber).toBe(idNumber);
  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  expect((await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');

  await page.goto('/collection/education');
  const row = page.getByTestId('education-table').locator('tr', { hasText: '山东大学' });
  await expect(row).toContainText('本科');
  await row.getByTestId('education-edit').click();
  const dialog = page.getByTestId('education-dialog');
  await expect(dialog.getByTestId('education-locked-hint')).toHaveText('红框内容不可编辑');
  await expect(dialog.getByTestId('edu-school').locator('input')).toBeDisabled();
  await expect(dialog.getByTestId('edu-school').locator('input')).toHaveValue('山东大学');
  await expect(dialog.getByTestId('edu-diplomaNo').locator('input')).toBeEnabled();
});
