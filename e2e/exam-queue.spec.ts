import { expect, test, ANY_WIDTH } from './fixtures';
import { approvedAccountant } from './approved-accountant';
import { openExam, reachCategory } from './exam-setup';
import { loginStaff, registerAccountant } from './helpers';

// Issue 22, "The peak": at capacity a candidate entering the enrollment steps gets a place in the queue, sees
// the position and the estimated wait, and the page asks again until admitted. The journeys' servers admit one
// candidate a second (ENROLLMENT_ADMISSIONS_PER_SECOND=1, playwright.config.ts); the queue's turns run on the
// platform clock, so the journey holds them by setting the sandbox clock back, and lets them run by resetting it.

test.describe.configure({ timeout: 180_000 });

test('考试报名统计 for a city\'s reviewer: reached from the console menu, 山东省\'s statistics without its settings', ANY_WIDTH, async ({ page, request }) => {
  const exam = await openExam(request, 'junior');
  await loginStaff(page, 'jn_reviewer');
  await page.getByTestId('console-menu-exams').click();
  await expect(page.getByTestId(`exam-enrollments-370000`).first()).toBeVisible();
  await expect(page.getByTestId('exam-settings-370000')).toHaveCount(0);
  await expect(page.getByTestId('exam-create')).toHaveCount(0);
  await page.goto(`/console/exams/${exam.id}/370000/enrollments`);
  await expect(page.getByRole('heading', { level: 1, name: '考试报名统计' })).toBeVisible();
  await expect(page.getByTestId('enrollment-counts')).toBeVisible();
});

test('考试报名 at the peak: a candidate past capacity sees the queue place and the wait, and is admitted when a turn comes', async ({ page, request }) => {
  const exam = await openExam(request, 'junior');
  await approvedAccountant(page, request, { email: 'zhangsan@example.com' });

  // Another candidate enters first and takes this second's admission.
  const first = await registerAccountant(request, '李四');
  const { id } = await (await request.get('/api/captcha')).json();
  const { answer } = await (await request.get(`/api/sandbox/captcha/${id}`)).json();
  expect((await request.post('/api/session', { data: { identifier: first.mobile, password: first.password, captchaId: id, captchaAnswer: answer } })).status()).toBe(200);
  await request.get(`/api/enrollment/start?examId=${exam.id}&provinceId=370000`);
  // The clock set back: no turn comes until it is reset.
  const { now } = await (await request.get('/api/sandbox/clock')).json();
  await request.put('/api/sandbox/clock', { data: { now: new Date(Date.parse(now) - 30_000).toISOString() } });
  try {
    await reachCategory(page, 'junior');
    const queue = page.getByTestId('admission-queue');
    await expect(queue).toBeVisible();
    await expect(queue).toContainText('排队中');
    await expect(queue).toContainText('预计等待');
    expect(Number(await page.getByTestId('admission-position').textContent())).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('exam-category-next')).toHaveCount(0);
  } finally {
    await request.delete('/api/sandbox/clock');
  }
  // The turns run again: the page, asking after each Retry-After, is admitted and goes on.
  await expect(page.getByTestId('admission-queue')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('eligibility-summary')).toBeVisible();
  await expect(page.getByTestId('exam-category-next')).toBeVisible();
});
