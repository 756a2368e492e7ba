import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

// Browser tests run Debian's Chromium (/usr/bin/chromium; CI installs it with
// apt-get): Playwright never downloads a browser here. The server under test is
// `npm start` (through e2e/web-server.mjs) with a scratch embedded PostgreSQL,
// seeded with the demo data, so every run starts from the same state.
//
// Two runs on one host must not collide (docs/decisions/018-browser-tests-on-a-busy-machine.md):
// the app's port, the embedded PostgreSQL's port and the data folder are picked
// when the config loads. Playwright loads this file again in each worker
// process; the choice is kept in environment variables, which the workers
// inherit from the runner, so every process agrees on it.

/** A TCP port that is free right now (the OS picks it). */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim())
}

process.env.TM_E2E_PORT ??= String(freePort())
process.env.TM_E2E_PG_PORT ??= String(freePort())
if (!process.env.TM_E2E_RUN_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'techmarket-e2e-'))
  // As root the embedded PostgreSQL runs as the `postgres` user, which must reach its folder inside.
  chmodSync(dir, 0o755)
  process.env.TM_E2E_RUN_DIR = dir
}

const PORT = Number(process.env.TM_E2E_PORT)
const RUN_DIR = process.env.TM_E2E_RUN_DIR
export const BASE_URL = `http://localhost:${PORT}`
const CI = !!process.env.CI

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  forbidOnly: CI,
  // A safety net only: .ci/run prints how many tests needed it (flaky), and that number should be 0.
  retries: CI ? 1 : 0,
  workers: 2,
  // Sized for a loaded 2-core CI machine (Chromium, the server and PostgreSQL share the cores with
  // everything else); a test that waits for a condition ends as soon as it holds.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // list for people; json so .ci/run can print a plain 'N passed, N flaky, N failed' line.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    headless: true,
    navigationTimeout: 30_000,
    actionTimeout: 20_000,
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
    command: 'node e2e/web-server.mjs',
    env: {
      PORT: String(PORT),
      EMBEDDED_PG_DIR: path.join(RUN_DIR, 'postgres'),
      EMBEDDED_PG_PORT: process.env.TM_E2E_PG_PORT!,
      FILES_DIR: path.join(RUN_DIR, 'files'),
      TM_E2E_RUN_DIR: RUN_DIR,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      // Every browser test signs up from 127.0.0.1: lift the per-address limit on account mails (ADR 014).
      ACCOUNT_MAIL_MAX_PER_ADDRESS: '1000',
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    // Includes building the app when the build is older than the sources.
    timeout: 300_000,
    // The server stops the embedded PostgreSQL cleanly; e2e/web-server.mjs then removes the run's folder.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
