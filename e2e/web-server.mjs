// The server under test, started by Playwright's webServer (playwright.config.ts):
// `npm start`'s script with this run's ports and a scratch folder for the
// embedded PostgreSQL and uploaded files, which is removed when the server
// stops. Playwright sends SIGTERM to the whole process group at the end
// (gracefulShutdown): the server closes the database cleanly, then this removes
// the folder. Plain JS so it needs nothing compiled first.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const runDir = process.env.TM_E2E_RUN_DIR
if (!runDir) {
  console.error('e2e/web-server.mjs: TM_E2E_RUN_DIR is not set (it is started by playwright.config.ts)')
  process.exit(2)
}

const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, stdio: 'inherit', env: process.env })
// Playwright signals the whole group; forward anyway in case only this process was signalled.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => {
  rmSync(runDir, { recursive: true, force: true })
  process.exit(code ?? (signal ? 1 : 0))
})
