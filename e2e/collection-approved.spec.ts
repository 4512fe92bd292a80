import type { Page } from './fixtures';
import { expect, test } from './fixtures';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';
import { ACCOUNTING_POSITIONS, POST_LEVELS, UNIT_TYPES } from '../packages/domain/src';
import { decideThroughApi, loginAccountant, registerAccountant, searchReviewsInConsole, staffStepsThroughApi, unique } from './helpers';

// Issue 18, "what an approved record must not do": an accountant whose 信息采集 历下区 approved walks the
// six steps and finds every one read-only (no 编辑 / 删除 / 新增 / 提交审核), pointed to 信息变更, and stays
// 审核通过; 历下区's reviewer finds the person in the queue by the whole name, at 1366 px. Each step's
// 下一步 says what the step lacks. The person's own parts are entered through the API (the collection
// journey walks the forms); what this journey proves is what the pages offer afterwards.

test.describe.configure({ timeout: 180_000 });

const photo = () => ({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: makeJpeg({ width: 300, height: 420, size: 12 * 1024 }) });
const proof = (name: string) => ({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: makeJpeg({ width: 64, height: 40, size: 30 * 1024 + Math.floor(Math.random() * 500) }) });
const code = (table: ReadonlyArray<{ code: string; name: string }>, name: string) => table.find((t) => t.name === name)!.code;

/** A name no other journey uses, so that the search by it finds this person alone. */
const uniqueName = () => `欧阳${String.fromCodePoint(0x4e00 + (Number(unique()) % 0x5000))}`;

/** Registers and logs in; 实名认证 through the Alipay sandbox, by the API. */
async function verified(page: Page, realName: string) {
  const person = await registerAccountant(page.request, realName);
  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');
  return person;
}

async function uploaded(page: Page, purpose: string, file: ReturnType<typeof proof>): Promise<string> {
  const res = await page.request.post(`/api/files?purpose=${purpose}`, { multipart: { file } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

async function call(page: Page, method: 'put' | 'post', url: string, data: unknown, status: number) {
  const res = await page.request[method](url, { data });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(status);
  return res.json();
}

const JINAN_LIXIA = { provinceId: '370000', cityId: '370100', countyId: '370102' };

/** Every part of a 会计人员's collection, submitted to 历下区. */
async function submitCollection(page: Page) {
  await call(page, 'put', '/api/collection/scope', { scope: 'accountant' }, 200);
  await call(page, 'put', '/api/collection/basic', {
    photoFileId: await uploaded(page, 'standard_photo', photo()),
    politicalStatus: '13',
    ethnicity: '01',
    address: { ...JINAN_LIXIA, detail: '经十路100号' },
  }, 200);
  // 高中: no 学信网 check, its 学历证书 instead.
  await call(page, 'post', '/api/collection/education', {
    studyMode: 'full_time',
    school: '济南第一中学',
    startDate: '2008-09-01',
    endDate: '2011-06-30',
    educationLevel: 'high_school',
    diplomaNo: 'GZ2011001',
    degree: 'none',
    major: '普通高中',
    attachments: { diploma: await uploaded(page, 'proof', proof('diploma')) },
  }, 201);
  await call(page, 'post', '/api/collection/work', {
    startDate: '2015-07-01',
    endDate: null,
    unitName: '济南历下会计服务有限公司',
    uscc: '91350100M000100Y43',
    unitType: code(UNIT_TYPES, '民营企业'),
    industry: 'L',
    address: { ...JINAN_LIXIA, detail: '泉城路1号' },
    hasAccountingExperience: true,
    experiences: [{ postLevel: code(POST_LEVELS, '一般会计人员'), position: code(ACCOUNTING_POSITIONS, '出纳'), startDate: '2015-07-01', endDate: null }],
    attachments: {
      uscc: await uploaded(page, 'proof', proof('uscc')),
      employment: await uploaded(page, 'proof', proof('employment')),
      experience: await uploaded(page, 'proof', proof('experience')),
    },
  }, 201);
  await call(page, 'put', '/api/collection/authority', JINAN_LIXIA, 200);
  const state = await call(page, 'post', '/api/collection/submit', { promise: true }, 200);
  expect(state.collectionStatus).toBe('pending');
}

test('历下区 finds the person by the whole name and approves; the approved wizard is read-only and stays 审核通过', async ({ page, browser, request }) => {
  const name = uniqueName();
  const person = await verified(page, name);
  await submitCollection(page);

  // The phone project decides through the API: the console is a desktop tool, walked here by the desktop project.
  if (staffStepsThroughApi()) {
    const decided = await decideThroughApi(request, 'lx_reviewer', { q: name });
    expect(decided.map((i) => i.kindLabel).sort()).toEqual(['信息采集·基本信息', '信息采集·工作经历', '信息采集·教育经历'].sort());
  } else {
    // 历下区's reviewer, at 1366 px: the whole name finds the person's three items, each naming them whole.
    const staff = await searchReviewsInConsole(browser, 'lx_reviewer', name);
    const rows = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: '信息采集' });
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) await expect(row.getByTestId('review-applicant-name')).toHaveText(name);
    // 审核状态 and 提交时间 are in view without scrolling sideways.
    for (const header of ['审核状态', '提交时间']) {
      const box = await staff.getByTestId('review-table').locator('th', { hasText: header }).first().boundingBox();
      expect(box, header).not.toBeNull();
      expect(box!.x + box!.width, header).toBeLessThanOrEqual(1366);
    }
    expect(await staff.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const queue = staff.url();
    for (let left = 3; left > 0; left--) {
      await staff.goto(queue);
      const open = staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: '待审核' });
      await expect(open).toHaveCount(left);
      await open.first().getByText('详情').click();
      await staff.getByTestId('review-approve').click();
      await staff.getByTestId('review-approve-confirm').click();
      await expect(staff.getByTestId('review-status')).toContainText('审核通过');
    }
    // Finished items stay findable under 已办结.
    await staff.goto(`/console/reviews?status=finished&q=${encodeURIComponent(name)}`);
    await expect(staff.getByTestId('review-table').locator('.el-table__body tr', { hasText: '审核通过' })).toHaveCount(3);
    await staff.close();
  }

  // The accountant: 审核告知 first, 审核通过, the department named once, the way to 信息变更.
  await page.goto('/collection');
  await expect(page).toHaveURL(/\/collection\/result$/);
  await expect(page.getByTestId('collection-approved')).toContainText('信息采集审核通过');
  await expect(page.getByText('所属会计管理部门', { exact: false })).toHaveCount(1);
  await expect(page.getByTestId('collection-readonly')).toContainText('如需修改，请办理');
  await expect(page.getByTestId('collection-to-change')).toHaveAttribute('href', '/change');

  // 01 采集须知: the scope shows, not to be changed; 下一步 only goes on.
  await page.getByTestId('step-notice').click();
  await expect(page.getByTestId('scope-accountant').locator('input')).toBeDisabled();
  await expect(page.getByTestId('scope-accountant').locator('input')).toBeChecked();
  await page.getByTestId('step-next').click();

  // 02 基本信息: every field disabled, no upload; 下一步 saves nothing (no 基本信息已保存).
  await expect(page).toHaveURL(/\/collection\/basic$/);
  await expect(page.getByTestId('basic-status')).toContainText('审核通过');
  await expect(page.getByTestId('basic-political').locator('input')).toBeDisabled();
  await expect(page.getByTestId('basic-address-detail')).toBeDisabled();
  await page.getByTestId('step-next').click();
  await expect(page).toHaveURL(/\/collection\/education$/);
  await expect(page.getByText('基本信息已保存')).toHaveCount(0);

  // 03 教育经历 and 04 工作经历: 详情 only; no 新增, 编辑, 删除.
  await expect(page.getByTestId('education-add')).toHaveCount(0);
  await expect(page.getByTestId('education-edit')).toHaveCount(0);
  await expect(page.getByTestId('education-delete')).toHaveCount(0);
  await page.getByTestId('education-detail').click();
  await expect(page.getByText('审核状态：审核通过')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('step-next').click();
  await expect(page).toHaveURL(/\/collection\/work$/);
  await expect(page.getByTestId('work-add')).toHaveCount(0);
  await expect(page.getByTestId('work-edit')).toHaveCount(0);
  await expect(page.getByTestId('work-delete')).toHaveCount(0);
  await expect(page.getByTestId('work-table')).toContainText('审核通过');
  await page.getByTestId('step-next').click();

  // 05 会计管理部门: shown, no 提交审核.
  await expect(page).toHaveURL(/\/collection\/authority$/);
  await expect(page.getByTestId('authority-submit')).toHaveCount(0);
  await expect(page.getByTestId('authority-county').locator('input')).toBeDisabled();
  await page.getByTestId('authority-to-result').click();

  // Still 审核通过, in the wizard, on the server and in 个人档案.
  await expect(page.getByTestId('collection-status')).toContainText('信息采集审核通过');
  expect((await (await page.request.get('/api/collection')).json()).collectionStatus).toBe('approved');
  // A write sent anyway is refused, with the way to 信息变更.
  const refused = await page.request.put('/api/collection/scope', { data: { scope: 'accountant' } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).message).toBe('信息采集已审核通过，如需修改请办理信息变更');
  await page.goto('/my/account');
  await expect(page.getByTestId('profile-collection-status')).toHaveText('信息采集审核通过');
  await expect(page.getByTestId('profile-collection-authority')).toContainText('山东省-济南市-历下区');
  await expect(page.getByTestId('profile-collection-decision')).toContainText('审核通过');
  await expect(page.getByTestId('profile-to-change')).toHaveAttribute('href', '/change');
  await page.getByTestId('profile-to-transfer').click();
  await expect(page.getByTestId('transfer-current')).toContainText('山东省-济南市-历下区');
  expect(person.idNumber).toHaveLength(18);
});

test('下一步 says what a step lacks: 教育经历 without a record stays where it is', async ({ page }) => {
  await verified(page, uniqueName());
  await call(page, 'put', '/api/collection/scope', { scope: 'accountant' }, 200);
  await page.goto('/collection/education');
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-problem-education')).toContainText('请至少填写一条教育经历');
  await expect(page).toHaveURL(/\/collection\/education$/);
  // 工作经历 for a 会计人员 without 会计工作经历: named at the step, with nothing else.
  await page.goto('/collection/work');
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-problem-work')).toContainText('须填写会计工作经历');
  await expect(page).toHaveURL(/\/collection\/work$/);
});
