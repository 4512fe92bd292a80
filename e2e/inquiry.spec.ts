import { readFileSync } from 'node:fs';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { APIRequestContext } from '@playwright/test';
import { ACCOUNTING_POSITIONS, POST_LEVELS, UNIT_TYPES, workAttachmentSlots } from '@ausm/domain';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';
import { pdfPages } from '../apps/server/src/platform/pdf/pdf-text';
import { expect, test, serverURL } from './fixtures';
import { loginAccountant, registerAccountant, staffSession } from './helpers';

// Issue 18, 信息查询: an approved accountant opens 服务大厅 › 信息查询, reads the record (masked), downloads
// the 会计人员信息表 and anyone checks its verification code at 文件核验. The wizard has its own journey
// (collection.spec.ts); here 信息采集 is filled in and approved through the API.
test.describe.configure({ timeout: 120_000 });

let serial = 0;
async function uploadImage(request: APIRequestContext, purpose: 'standard_photo' | 'proof'): Promise<string> {
  serial += 1;
  const buffer =
    purpose === 'standard_photo' ? makeJpeg({ width: 295, height: 413, size: 12_000 + serial }) : makeJpeg({ width: 800, height: 600, size: 30_000 + serial });
  const res = await request.post(`/api/files?purpose=${purpose}`, { multipart: { file: { name: `${purpose}.jpg`, mimeType: 'image/jpeg', buffer } } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

const JINAN_LIXIA = { provinceId: '370000', cityId: '370100', countyId: '370102' };
const code = <T extends { code: string; name: string }>(table: readonly T[], name: string) => table.find((t) => t.name === name)?.code ?? table[0]!.code;

/** Every part of 信息采集 of the logged-in 张三, submitted to 历下区; answers the review items. */
async function collect(request: APIRequestContext): Promise<string[]> {
  const ok = async (res: Awaited<ReturnType<APIRequestContext['put']>>, status = 200) => {
    expect(res.status(), await res.text()).toBe(status);
    return (await res.json()) as { notices?: Array<{ reviewItemId: string }> };
  };
  await ok(await request.put('/api/collection/scope', { data: { scope: 'accountant' } }));
  await ok(
    await request.put('/api/collection/basic', {
      data: {
        photoFileId: await uploadImage(request, 'standard_photo'),
        politicalStatus: '13',
        ethnicity: '01',
        email: 'zhangsan@example.com',
        address: { ...JINAN_LIXIA, detail: '经十路100号' },
        postalCode: '250000',
      },
    }),
  );
  // The 学信网 sandbox verifies this 本科 of a 张三 (docs/sandbox.md).
  await ok(
    await request.post('/api/collection/education', {
      data: {
        studyMode: 'full_time',
        school: '山东大学',
        startDate: '2011-09-01',
        endDate: '2015-06-30',
        educationLevel: 'bachelor',
        diplomaNo: '104221201505001234',
        degree: 'bachelor',
        degreeNo: '1042242015001234',
        major: '会计学',
        attachments: {},
      },
    }),
    201,
  );
  const work = {
    startDate: '2015-07-01',
    endDate: null,
    unitName: '济南某某会计服务有限公司',
    uscc: '91350100M000100Y43',
    unitType: code(UNIT_TYPES, '民营企业'),
    industry: 'L',
    address: { ...JINAN_LIXIA, detail: '泉城路1号' },
    phone: '0531-88888888',
    hasAccountingExperience: true,
    experiences: [{ postLevel: code(POST_LEVELS, '一般会计人员'), position: code(ACCOUNTING_POSITIONS, '稽核'), startDate: '2015-07-01', endDate: null }],
    accountingPost: null,
    appointmentDate: null,
    attachments: {} as Record<string, string>,
  };
  for (const slot of workAttachmentSlots(work as Parameters<typeof workAttachmentSlots>[0])) work.attachments[slot.key] = await uploadImage(request, 'proof');
  await ok(await request.post('/api/collection/work', { data: work }), 201);
  await ok(await request.put('/api/collection/authority', { data: JINAN_LIXIA }));
  const state = await ok(await request.post('/api/collection/submit', { data: { promise: true } }));
  return state.notices!.map((n) => n.reviewItemId);
}

test('an approved accountant reads 信息查询, downloads the 会计人员信息表 and its code checks at 文件核验', async ({ page, browser, request }) => {
  const person = await registerAccountant(page.request, '张三');
  await loginAccountant(page, person.mobile, person.password);
  const { certifyId } = await (await page.request.post('/api/identity/alipay')).json();
  await page.request.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await page.request.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');

  // Before 审核通过: the page says so and leads to 信息采集.
  await page.goto('/');
  await page.getByTestId('hall-inquiry').click();
  await expect(page).toHaveURL(/\/inquiry$/);
  await expect(page.getByTestId('inquiry-not-approved')).toContainText('尚未审核通过');
  await expect(page.getByTestId('inquiry-to-collection')).toHaveAttribute('href', '/collection');

  // 信息采集 submitted, then approved by 历下区.
  const items = await collect(page.request);
  const reviewer = await staffSession(browser, request, 'lx_reviewer');
  for (const id of items) {
    const res = await reviewer.api.post(`/api/console/review-items/${id}/approve`, { data: {} });
    expect(res.status(), await res.text()).toBe(200);
  }
  await reviewer.page?.close();

  // 服务大厅 › 信息查询: the record, read-only, identifiers masked, each part with its last change.
  await page.goto('/');
  await page.getByTestId('hall-inquiry').click();
  await expect(page).toHaveURL(/\/inquiry$/);
  const basic = page.getByTestId('inquiry-basic');
  await expect(basic.getByTestId('inquiry-basic-realName')).toHaveText('张**');
  await expect(basic.getByTestId('inquiry-basic-idNumber')).toHaveText(`${person.idNumber.slice(0, 3)}*****${person.idNumber.slice(-4)}`);
  await expect(basic).toContainText('经十路100号');
  await expect(basic).toContainText(/最近变更：\d{4}-\d{2}-\d{2} 信息采集（审核通过）/);
  await expect(page.getByTestId('inquiry-education')).toContainText('山东大学');
  await expect(page.getByTestId('inquiry-education')).toContainText('会计学');
  await expect(page.getByTestId('inquiry-work')).toContainText('济南某某会计服务有限公司');
  await expect(page.getByTestId('inquiry-authority-name')).toContainText('历下区');
  await expect(page.locator('body')).not.toContainText(person.idNumber);
  // Read-only: no form controls on the record.
  await expect(page.locator('.inquiry__part input, .inquiry__part textarea')).toHaveCount(0);

  // 打印 / 下载: a PDF named after the form and the day, with the whole record and a verification code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('inquiry-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^会计人员信息表-\d{8}\.pdf$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeLessThan(200_000);
  expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  const text = (await pdfPages(bytes)).join('\n');
  for (const s of ['会计人员信息表', '张三', person.idNumber, '山东大学', '济南某某会计服务有限公司', '历下区']) expect(text, s).toContain(s);
  const printed = /验证码：([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
  expect(printed).toBeTruthy();

  // 文件核验, as anyone (a fresh browser context without a session): the code is genuine, the name masked.
  const stranger = await browser.newPage({ baseURL: serverURL() });
  await stranger.goto('/verify');
  await stranger.getByTestId('verify-code').fill(printed!.toLowerCase());
  await stranger.getByTestId('verify-submit').click();
  await expect(stranger.getByTestId('verify-ok')).toContainText('姓名：张**');
  await expect(stranger.getByTestId('verify-ok')).toContainText('会计人员信息表');
  await stranger.getByTestId('verify-code').fill('ABCD-EFGH-JKMN-PQRS');
  await stranger.getByTestId('verify-submit').click();
  await expect(stranger.getByTestId('verify-error')).toContainText('未找到该验证码');
  await stranger.close();

  // 375 px: the record fits the width of a phone.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByTestId('inquiry-basic-realName')).toHaveText('张**');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
