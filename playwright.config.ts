// End-to-end tests (npm run test:e2e): Debian's Chromium (/usr/bin/chromium) driven by Playwright, one
// worker (the machine has 2 cores and each test starts a console with 13 demo sub-centres). WebGL runs
// on SwiftShader so the deck.gl map renders without a GPU. The Electron shell test launches Electron
// itself (and skips where its binary is missing).
// Playwright reads the default export: the one place besides electron.vite.config.ts where we keep one.
import { defineConfig } from '@playwright/test';

const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: /.*\.spec\.ts$/,
  outputDir: 'artifacts/e2e-output',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  // One retry: on a 2-core machine whose GPU is software, a frame can take seconds and a test can lose a
  // race with the live demo. A test that passes only on its retry is counted and named as flaky by
  // scripts/test.mjs, so it is seen, not hidden.
  retries: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: jsonReport ? [['list'], ['json', { outputFile: jsonReport }]] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.SUPERBRAIN_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-swiftshader',
        '--use-angle=swiftshader',
        '--ignore-gpu-blocklist',
      ],
    },
  },
});
