import type { APIRequestContext, Page } from '@playwright/test';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';
import { expect } from './fixtures';
import { loginAccountant, registerAccountant, staffApi } from './helpers';

// The starting point of every journey about what comes after 信息采集 (信息变更, 属地关系调转, 考试报名...): a person
// whose 信息采集 历下区 approved, set up through the API (collection.spec.ts walks the wizard itself).

export const LIXIA = { provinceId: '370000', cityId: '370100', countyId: '370102' };

/** A file uploaded through the API with the page's session: a standard photo or a proof. */
export async function uploadFile(page: Page, purpose: 'standard_photo' | 'proof'): Promise<string> {
  const buffer =
    purpose === 'standard_photo'
      ? makeJpeg({ width: 300, height: 420, size: 12 * 1024 + Math.floor(Math.random() * 500) })
      : makeJpeg({ width: 800, height: 600, size: 30 * 1024 + Math.floor(Math.random() * 500) });
  const res = await page.request.post(`/api/files?purpose=${purpose}`, { multipart: { file: { name: 'f.jpg', mimeType: 'image/jpeg', buffer } } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/**
 * A person (张三 unless `realName` says otherwise) verified through the Alipay sandbox, with 信息采集 submitted to
 * 历下区 through the API and approved there: 通讯地址 经十路100号, 山东大学 本科 2011–2015, a job in 济南 with 会计工作
 * since `workFrom` (2015-07-01), at the unit `uscc` names (济南某某会计服务有限公司 by default). The 学信网 sandbox knows 张三's certificates; for another name they are uploaded.
 */
export async function approvedAccountant(page: Page, request: APIRequestContext, opts: { realName?: string; workFrom?: string; email?: string; uscc?: string; unitName?: string } = {}) {
  const realName = opts.realName ?? '张三';
  const workFrom = opts.workFrom ?? '2015-07-01';
  const person = await registerAccountant(page.request, realName);
  await loginAccountant(page, person.mobile, person.password);
  const api = page.request;
  const { certifyId } = await (await api.post('/api/identity/alipay')).json();
  await api.post(`/api/sandbox/alipay/${certifyId}`, { data: { action: 'confirm' } });
  await expect.poll(async () => (await (await api.get(`/api/identity/alipay/${certifyId}`)).json()).state).toBe('passed');
  const ok = async (p: Promise<{ status(): number; text(): Promise<string> }>, status = 200) => {
    const res = await p;
    expect(res.status(), await res.text()).toBe(status);
  };
  await ok(api.put('/api/collection/scope', { data: { scope: 'accountant' } }));
  await ok(
    api.put('/api/collection/basic', {
      data: {
        photoFileId: await uploadFile(page, 'standard_photo'),
        politicalStatus: '13',
        ethnicity: '01',
        address: { ...LIXIA, detail: '经十路100号' },
        postalCode: '250000',
        ...(opts.email ? { email: opts.email } : {}),
      },
    }),
  );
  const certificates = realName === '张三' ? {} : { diploma: await uploadFile(page, 'proof'), degree: await uploadFile(page, 'proof') };
  await ok(
    api.post('/api/collection/education', {
      data: { studyMode: 'full_time', school: '山东大学', startDate: '2011-09-01', endDate: '2015-06-30', educationLevel: 'bachelor', diplomaNo: '104221201505001234', degree: 'bachelor', degreeNo: '1042242015001234', major: '会计学', attachments: certificates },
    }),
    201,
  );
  await ok(
    api.post('/api/collection/work', {
      data: {
        startDate: workFrom,
        endDate: null,
        unitName: opts.unitName ?? '济南某某会计服务有限公司',
        uscc: opts.uscc ?? '91350100M000100Y43',
        unitType: '09',
        industry: 'L',
        address: { ...LIXIA, detail: '泉城路1号' },
        phone: null,
        hasAccountingExperience: true,
        experiences: [{ postLevel: '04', position: '02', startDate: workFrom, endDate: null }],
        accountingPost: null,
        appointmentDate: null,
        attachments: { uscc: await uploadFile(page, 'proof'), employment: await uploadFile(page, 'proof'), experience: await uploadFile(page, 'proof') },
      },
    }),
    201,
  );
  await ok(api.put('/api/collection/authority', { data: LIXIA }));
  const submitted = await api.post('/api/collection/submit', { data: { promise: true } });
  expect(submitted.status(), await submitted.text()).toBe(200);
  await staffApi(request, 'lx_reviewer');
  for (const n of (await submitted.json()).notices as Array<{ reviewItemId: string }>) {
    await ok(request.post(`/api/console/review-items/${n.reviewItemId}/approve`, { data: {} }));
  }
  expect((await (await api.get('/api/collection')).json()).collectionStatus).toBe('approved');
  return person;
}
