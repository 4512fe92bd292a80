import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { formatBeijingDateTime } from '@ausm/domain';
import { makeJpeg } from '../platform/uploads/test-files';
import { basicInfo, JINAN_LIXIA, uploadProof, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from './collection';
import { staffCookies } from './helpers';
import { uploadFile } from './uploads';

type Cookies = Record<string, string>;

/**
 * An accountant whose 信息采集 (历下区) is approved: 基本信息, 山东大学 本科 (verified by the 学信网 sandbox
 * for 张三) and a job with 会计工作经历 from `workFrom` (至今).
 */
export async function approvedAccountant(app: FastifyInstance, opts: { workFrom?: string; realName?: string; education?: Record<string, unknown>; uscc?: string; unitName?: string } = {}) {
  const { cookies, person } = await verifiedAccountant(app, { realName: opts.realName ?? '张三' });
  const put = (path: string, payload: unknown) => app.inject({ method: 'PUT', url: `/api/collection/${path}`, cookies, payload: payload as object });
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/collection/${path}`, cookies, payload: payload as object });
  expect((await put('scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put('basic', await basicInfo(app, cookies))).statusCode).toBe(200);
  expect((await post('education', opts.education ?? ZHANGSAN_BACHELOR)).statusCode).toBe(201);
  const from = opts.workFrom ?? '2015-07-01';
  const work = await workRecord(app, cookies, {
    startDate: from,
    experiences: [{ postLevel: '04', position: '02', startDate: from, endDate: null }],
    ...(opts.uscc ? { uscc: opts.uscc, unitName: opts.unitName ?? '济南某某会计服务有限公司' } : {}),
  });
  const saved = await post('work', work);
  expect(saved.statusCode, saved.body).toBe(201);
  expect((await put('authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const reviewer = await staffCookies(app, 'lx_reviewer');
  for (const n of submitted.json().notices as Array<{ reviewItemId: string }>) {
    const res = await app.inject({ method: 'POST', url: `/api/console/review-items/${n.reviewItemId}/approve`, cookies: reviewer, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { cookies, person };
}

let serial = 0;
/** The exam photo: a 295×413 jpg under 10KB. */
export async function uploadExamPhoto(app: FastifyInstance, cookies: Cookies, o: { width?: number; height?: number; size?: number } = {}) {
  return uploadFile(app, cookies, 'exam_photo', makeJpeg({ width: o.width ?? 295, height: o.height ?? 413, size: o.size ?? 6_000 + (serial++ % 997) }));
}
export { uploadProof };

/** Beijing time `hours` from `now`, as the console's form writes it. */
export const beijing = (now: Date, hours: number) => formatBeijingDateTime(new Date(now.getTime() + hours * 3_600_000));

/** A province's settings of a 初级 exam: the window around `now`, one 报名点 per given authority. */
export function juniorSettings(now: Date, sites: Array<{ authorityId: string; name: string }>, extra: Record<string, unknown> = {}) {
  return {
    signupStart: beijing(now, -1),
    signupEnd: beijing(now, 2),
    payStart: beijing(now, -1),
    payEnd: beijing(now, 3),
    phone: '0531-12345',
    noticeUrl: 'http://www.cpa.gov.cn',
    readingNotice: '报考人员须如实填写报名信息。',
    announcements: [{ title: '关于2025年度全国会计专业技术初级资格考试考务工作的通知', date: '2025-01-02', body: '各市财政局：……' }],
    sites,
    fees: { junior_practice: '56', economic_law_basics: '56' },
    reviewMode: 'manual',
    ...extra,
  };
}
