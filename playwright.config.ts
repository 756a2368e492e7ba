import { defineConfig, devices } from '@playwright/test'

// Browser tests run Debian's Chromium (/usr/bin/chromium; CI installs it with
// apt-get): Playwright never downloads a browser here. The server under test is
// `npm start` on its own port with a scratch embedded PostgreSQL, seeded with
// the demo data, so every run starts from the same state.

const PORT = 3100
export const BASE_URL = `http://localhost:${PORT}`
const CI = !!process.env.CI

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  // list for people; json so .ci/run can print a plain 'N passed, N failed' line.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'rm -rf .data/e2e-postgres && npm start',
    env: {
      PORT: String(PORT),
      EMBEDDED_PG_DIR: '.data/e2e-postgres',
      EMBEDDED_PG_PORT: '54349',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      // Every browser test signs up from 127.0.0.1: lift the per-address limit on account mails (ADR 014).
      ACCOUNT_MAIL_MAX_PER_ADDRESS: '1000',
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
