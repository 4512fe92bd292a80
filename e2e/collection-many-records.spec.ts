import { expect, test } from './fixtures';
import { fillBachelorEducation, loginAccountant, pick, proofImage, registerAccountant, staffSession, typeDate, upload } from './helpers';

// Issue 5: "the wizard keeps working with 200 education and work rows and a slow degree check". A province
// imported 200 历史教育经历 and 200 历史工作经历 of one person; the person pages through both tables, opens a
// record far down, and adds one more education record while 学信网 does not answer (a certificate number
// ending in TIMEOUT, docs/sandbox.md): the platform gives up after DEGREE_CHECK_TIMEOUT_MS (5 s) and asks for
// the certificates instead.
test.describe.configure({ timeout: 120_000 });

const ROWS = 200;
// One month each, one after the other since 1990 (work periods of one person may not overlap).
const month = (i: number) => `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

test('200 education and 200 work records page through, and a slow 学信网 falls back to the certificates', async ({ page, browser, request }) => {
  const person = await registerAccountant(page.request, '张三');
  const admin = await staffSession(browser, request, 'sd_admin');
  const education = [
    '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业',
    ...Array.from({ length: ROWS }, (_, i) => `内地居民身份证,${person.idNumber},教育经历,全日制,学校${i + 1},${month(i)}-01,${month(i)}-28,本科,,学士,,会计学`),
  ].join('\n');
  const work = [
    '证件类型,证件号码,记录类型,工作开始时间,工作结束时间,单位名称,统一社会信用代码,单位类型,所属行业',
    ...Array.from({ length: ROWS }, (_, i) => `内地居民身份证,${person.idNumber},工作经历,${month(i)}-01,${month(i)}-28,单位${i + 1},,地方事业单位,教育`),
  ].join('\n');
  for (const csv of [education, work]) {
    const res = await admin.api.post('/api/console/collection-imports', { data: { csv } });
    expect(res.status(), await res.text()).toBe(200);
    expect((await res.json()).imported).toBe(ROWS);
  }
  await admin.page?.close();

  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');

  // 教育经历: 200 rows, 20 to a page; the last page holds the last records, and one opens for editing.
  await page.goto('/collection/education');
  const eduPager = page.getByTestId('education-pager');
  await expect(eduPager).toContainText(`共 ${ROWS} 条`);
  await expect(page.getByTestId('education-table').locator('tbody tr')).toHaveCount(20);
  await eduPager.locator('.el-pager li', { hasText: /^10$/ }).click();
  const farRow = page.getByTestId('education-table').locator('tr', { hasText: '学校200' });
  await expect(farRow).toBeVisible();
  await farRow.getByTestId('education-edit').click();
  const edu = page.getByTestId('education-dialog');
  await expect(edu.getByTestId('edu-school').locator('input')).toHaveValue('学校200');
  await expect(edu.getByTestId('edu-school').locator('input')).toBeDisabled();
  await edu.getByRole('button', { name: '取消' }).click();
  await expect(edu).toBeHidden();

  // One more record while 学信网 does not answer: the save waits, then asks for both certificates.
  await page.getByTestId('education-add').click();
  await fillBachelorEducation(page, edu, { diplomaNo: '104221201505TIMEOUT', degreeNo: '1042242015TIMEOUT' });
  await edu.getByTestId('education-save').click();
  // While the check runs the button says so and cannot be pressed twice.
  await expect(edu.getByTestId('education-save')).toHaveClass(/is-loading/);
  await expect(edu.getByRole('alert').filter({ hasText: '学信网核验服务暂时无法访问，请上传学历证书、学位证书' })).toBeVisible({ timeout: 20_000 });
  await expect(edu.getByTestId('education-save')).not.toHaveClass(/is-loading/);
  await upload(edu.getByTestId('edu-attachment-diploma'), proofImage('diploma'));
  await upload(edu.getByTestId('edu-attachment-degree'), proofImage('degree'));
  await edu.getByTestId('education-save').click();
  await expect(page.getByText('教育经历已保存', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(edu).toBeHidden();
  await expect(eduPager).toContainText(`共 ${ROWS + 1} 条`);

  // 工作经历: the same paging over 200 imported periods.
  await page.getByTestId('step-work').click();
  await expect(page).toHaveURL(/\/collection\/work$/);
  const workPager = page.getByTestId('work-pager');
  await expect(workPager).toContainText(`共 ${ROWS} 条`);
  await expect(page.getByTestId('work-table').locator('tbody tr')).toHaveCount(20);
  await workPager.locator('.el-pager li', { hasText: /^10$/ }).click();
  await expect(page.getByTestId('work-table').locator('tr', { hasText: '单位200' })).toBeVisible();
});
