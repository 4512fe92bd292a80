import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Journeys run against the real platform in sandbox mode on a fresh PGlite data folder, in
// Debian's Chromium (never a downloaded browser).
const port = Number(process.env.E2E_PORT ?? 3100);
// One platform a worker (fixtures.ts gives each worker's journeys the address of its own): journeys that move the
// sandbox clock or fill a limit do it on their worker's server alone, so the workers run side by side. Two on
// the 2-core CI machine; E2E_WORKERS=1 for one server and one journey at a time.
const workers = Math.max(1, Number(process.env.E2E_WORKERS ?? 2));
const dataDir = mkdtempSync(join(tmpdir(), 'ausm-e2e-'));
// Chinese text must be measured in a Chinese font: the fallback boxes of a machine without one are narrower, and a
// page that fits at 375 px with them may not with the real glyphs. CJK_FONT_DIR adds a folder of fonts (e.g. Noto
// Sans SC) to the browser's for a machine whose fontconfig has none (`fc-list :lang=zh` prints nothing).
const fontEnv: Record<string, string> = {};
if (process.env.CJK_FONT_DIR) {
  const conf = join(dataDir, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${process.env.CJK_FONT_DIR}</dir></fontconfig>\n`);
  fontEnv.FONTCONFIG_FILE = conf;
}
// The journeys of staff work alone (no accountant's page in them), and the test of the accessibility check on
// pages of its own (no portal page, no viewport meta): desktop only.
const consoleJourneys = ['console.spec.ts', 'console-staff.spec.ts', 'audit.spec.ts', 'a11y-check.spec.ts', 'collection-import.spec.ts'];
// And two checks whose subject does not depend on the screen, kept to the desktop to keep CI within its time: the
// keyboard walk (a phone is used by touch; issue 19 asks for one walk) and the time limits (the same clocks at any
// width; their dialogs are min(420px, 92vw) wide, like the 实名认证 dialog the phone journeys open).
const widthIndependent = ['keyboard.spec.ts', 'time-limits.spec.ts'];

const mobileProject = {
  name: 'mobile',
  testIgnore: [...consoleJourneys, ...widthIndependent],
  // And single journeys of that kind, tagged ANY_WIDTH (fixtures.ts).
  grepInvert: /@any-width/,
  use: { viewport: { width: 375, height: 812 }, screen: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

export default defineConfig({
  testDir: '.',
  // SCREENSHOTS=1 (npm run screenshots): the README's pictures instead of the journeys.
  testMatch: process.env.SCREENSHOTS ? 'screenshots.shots.ts' : '*.spec.ts',
  fullyParallel: false,
  workers,
  // In CI (CI, or .ci/run's E2E_REQUIRED=1) one retry, and the report names a journey that passed only on it as flaky: on the loaded 2-core
  // machine a rare race must not hold back the whole landing, but it is still seen and is to be fixed, as the one
  // this was added for was: wechat-login.spec.ts's second scan once found the header logged out (session 16), a
  // session probe answered after the login (fixed in session 17, and held back on purpose by a journey). Locally none.
  retries: process.env.CI || process.env.E2E_REQUIRED === "1" ? 1 : 0,
  // The accessibility check (a11y.ts) adds a second or two for each new page or dialog a journey reaches.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Two projects. 桌面 (desktop): every journey at 1366 × 768, the console's width. 手机 (mobile): every journey
  // that is the accountant's, again at 375 × 812 on a touch screen (issue 19); the console is a desktop tool, so
  // the journeys that are staff work alone stay desktop, a portal journey's staff steps go through the API in the
  // phone project (staffStepsThroughApi, helpers.ts), and the staff pages one still opens are widened to 1366 by
  // loginStaff. In the mobile project fixtures.ts checks that no portal page scrolls
  // sideways.
  projects: [
    { name: 'desktop', use: { viewport: { width: 1366, height: 768 } } },
    // E2E_MOBILE=0 leaves it out (a quicker run while working on something else); `npm test` and CI run both.
    ...(process.env.E2E_MOBILE === '0' ? [] : [mobileProject]),
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // A trace is recorded on a journey's retry only (CI retries once; locally TRACE=retain-on-failure records every
    // journey's and keeps a failed one's). Recording every journey's, as until session 21, cost a third of the
    // suite's time: the browser sends a snapshot of the page for each action (CPU per process, sampled).
    trace: (process.env.TRACE as 'on-first-retry' | undefined) ?? 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      ...(process.env.CJK_FONT_DIR ? { env: { ...process.env, ...fontEnv } } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: Array.from({ length: workers }, (_, i) => ({
    command: 'npm run start -w @ausm/server',
    cwd: '..',
    url: `http://127.0.0.1:${port + i}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // TRUST_PROXY=loopback: the people the helpers register come from addresses of their own (X-Forwarded-For,
    // as behind the production proxy), so that the per-IP SMS limit counts them apart; the browser's own
    // requests carry none and count as 127.0.0.1.
    // ENROLLMENT_ADMISSIONS_PER_SECOND=1: a capacity of one admission a second, so that exam-queue.spec.ts meets the queue.
    env: { PORT: String(port + i), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(dataDir, `server-${i}-`)), LOG_LEVEL: 'warn', AUSM_MODE: 'sandbox', TRUST_PROXY: 'loopback', ENROLLMENT_ADMISSIONS_PER_SECOND: '1' },
  })),
});
