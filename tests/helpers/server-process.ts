import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { freePort } from '../../db/ports'
import { TEST_FILES_DIR } from './http'

// The compiled production server (build/server-main.js, made by global-setup)
// as a child process on this test file's database: a primary with the
// background work and WEB_CONCURRENCY workers that serve, as `npm start` runs it.

export interface ServerProcess {
  url: string
  child: ChildProcess
  output: () => string
  stop(): Promise<void>
}

export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const child = spawn(process.execPath, [path.resolve('build/server-main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      WEB_CONCURRENCY: '1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      FILES_DIR: TEST_FILES_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const end = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server process exited (${child.exitCode}):\n${output}`)
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() > end) {
      child.kill('SIGKILL')
      throw new Error(`server process did not come up:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      const killLater = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(killLater)
    },
  }
}
