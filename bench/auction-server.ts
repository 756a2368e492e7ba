import { spawn } from 'node:child_process'
import path from 'node:path'

// The compiled server (build/server-main.js) as `npm start` runs it, for
// bench:auction and test:crash. It gets a process group of its own, so `kill()`
// can SIGKILL the primary and its workers at once, as a machine crash would.

const root = path.resolve(import.meta.dirname, '..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startServer(o: { databaseUrl: string; filesDir: string; port: number; env?: Record<string, string> }) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(o.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATABASE_URL: o.databaseUrl, FILES_DIR: o.filesDir, ...o.env }
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): node options for the primary and, through cluster, its workers.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'build/server-main.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  const url = `http://127.0.0.1:${o.port}`
  const exited = new Promise((r) => child.once('exit', r))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await exited
  }
  /** SIGKILL to the whole group: no shutdown hook runs, open transactions die with the connections. */
  const kill = async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
    await exited
  }
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break
    if (i > 1200) {
      await kill()
      throw new Error('the server did not become healthy in time')
    }
    await sleep(100)
  }
  return { child, url, stop, kill }
}
