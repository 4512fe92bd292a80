import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Journeys run against the real platform in sandbox mode on a fresh PGlite data folder, in
// Debian's Chromium (never a downloaded browser).
const port = Number(process.env.E2E_PORT ?? 3100);
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
const consoleJourneys = ['console.spec.ts', 'console-staff.spec.ts', 'audit.spec.ts', 'a11y-check.spec.ts'];

const mobileProject = {
  name: 'mobile',
  testIgnore: consoleJourneys,
  use: { viewport: { width: 375, height: 812 }, screen: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

export default defineConfig({
  testDir: '.',
  // SCREENSHOTS=1 (npm run screenshots): the README's pictures instead of the journeys.
  testMatch: process.env.SCREENSHOTS ? 'screenshots.shots.ts' : '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The accessibility check (a11y.ts) adds a second or two for each new page or dialog a journey reaches.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Two projects. 桌面 (desktop): every journey at 1366 × 768, the console's width. 手机 (mobile): every journey
  // that is the accountant's, again at 375 × 812 on a touch screen (issue 19); the console is a desktop tool, so
  // the journeys that are staff work alone stay desktop, and the staff pages a portal journey opens are widened
  // to 1366 by loginStaff (helpers.ts). In the mobile project fixtures.ts checks that no portal page scrolls
  // sideways.
  projects: [
    { name: 'desktop', use: { viewport: { width: 1366, height: 768 } } },
    // Not yet in `npm test`: its first whole run after the merges of issue 19 had not finished green (the
    // step bar's names failed axe on phones, since fixed); E2E_MOBILE=1 (npm run test:mobile -w @ausm/e2e) runs it.
    ...(process.env.E2E_MOBILE === '1' ? [mobileProject] : []),
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      ...(process.env.CJK_FONT_DIR ? { env: { ...process.env, ...fontEnv } } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npm run start -w @ausm/server',
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // TRUST_PROXY=loopback: the people the helpers register come from addresses of their own (X-Forwarded-For,
    // as behind the production proxy), so that the per-IP SMS limit counts them apart; the browser's own
    // requests carry none and count as 127.0.0.1.
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', AUSM_MODE: 'sandbox', TRUST_PROXY: 'loopback' },
  },
});
