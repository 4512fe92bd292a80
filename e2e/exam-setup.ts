import type { APIRequestContext } from '@playwright/test';
import { expect, type Page } from './fixtures';
import { staffApi } from './helpers';

// The exam journeys' shared set-up (exam.spec.ts, exam-queue.spec.ts): next year's exam with 山东省's 报名时间
// open now, through the API (exam.spec.ts's first journey walks the console instead), and the steps from the home
// page to 选择报考条件.

const BEIJING_MS = 8 * 3_600_000;
/** A Beijing date-time `hoursFromNow` hours from now, as the console's settings take it (`YYYY-MM-DD HH:mm:ss`). */
export const beijing = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * 3_600_000 + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');

const FEES = {
  junior: { junior_practice: '56', economic_law_basics: '56' },
  intermediate: { intermediate_practice: '80', financial_management: '80', economic_law: '80' },
} as const;

/**
 * Next year's 初级 or 中级 exam, created by 财政部 (409 when the worker's server has it already) and set by 山东省:
 * 报名 and 缴费 open since yesterday, one 报名点 at 济南市, the fees, manual review, the `announcements` given (none
 * by default). `request` ends logged in as sd_admin.
 */
export async function openExam(
  request: APIRequestContext,
  level: 'junior' | 'intermediate',
  announcements: Array<{ title: string; date: string; body: string }> = [],
): Promise<{ id: string; name: string }> {
  const year = new Date().getFullYear() + 1;
  await staffApi(request, 'mof_admin');
  const created = await request.post('/api/console/exams', { data: { year, level } });
  expect([201, 409]).toContain(created.status());
  const exam = (await (await request.get('/api/exams')).json()).find((e: { level: string; year: number }) => e.level === level && e.year === year);
  expect(exam, `the ${year} ${level} exam`).toBeTruthy();
  await staffApi(request, 'sd_admin');
  const set = await request.put(`/api/console/exams/${exam.id}/provinces/370000`, {
    data: {
      signupStart: beijing(-24),
      signupEnd: beijing(24 * 20),
      payStart: beijing(-24),
      payEnd: beijing(24 * 25),
      phone: '0531-12345',
      noticeUrl: 'http://czt.shandong.gov.cn',
      readingNotice: level === 'junior' ? '初级资格考试阅读须知' : '中级资格考试阅读须知',
      announcements,
      sites: [{ authorityId: '370100', name: '济南市报名点' }],
      fees: FEES[level],
      reviewMode: 'manual',
    },
  });
  expect(set.status(), await set.text()).toBe(200);
  return exam as { id: string; name: string };
}

/** 选择考试 → 省份选择 → 阅读须知 → 通知公告 → 选择报考条件, from the home page's tile. */
export async function reachCategory(page: Page, level: 'junior' | 'intermediate') {
  await page.goto('/');
  await page.getByRole('button', { name: '会计专业技术资格考试' }).click();
  await expect(page).toHaveURL(/\/exam$/);
  await page.getByTestId(`exam-enter-${level}`).click();
  await expect(page.getByTestId('province-table')).toContainText('山东省');
  await page.getByTestId('province-enter-370000').click();
  await page.getByTestId('exam-agree').click();
  await page.getByTestId('exam-reading-done').click();
  await page.getByTestId('exam-announcements-done').click();
  await expect(page).toHaveURL(/\/category$/);
}
