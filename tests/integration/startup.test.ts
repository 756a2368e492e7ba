import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../../db/ports'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `npm start` with a port already taken: one line naming the port, the variable
// to set and what holds it, exit 78 (EX_CONFIG) — not a stack, not 'undefined'.
// Runs the compiled entry (build/server-main.js) as `npm start` does; the test
// harness builds it (scripts/ensure-build.mjs).

const root = path.resolve(import.meta.dirname, '../..')
let blocker: Server
let taken: number
let dir: string

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => resolve(s))
  })
}

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'build/server-main.js')], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATABASE_URL: '', EMBEDDED_PG_DIR: path.join(dir, 'pg'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not exit in time; stderr: ${stderr}`))
    }, 30_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tm-startup-'))
  blocker = await listen()
  taken = (blocker.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise((r) => blocker.close(r))
  rmSync(dir, { recursive: true, force: true })
})

describe('starting with a port taken', () => {
  it('the app port: one line naming the port, PORT and the holder', async () => {
    const r = await start({ PORT: String(taken), EMBEDDED_PG_PORT: String(await freePort()) })
    expect(r.code).toBe(78)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`Port ${taken}`)
    expect(lines[0]).toContain('set PORT')
    expect(lines[0]).toContain(`pid ${process.pid}`)
    expect(r.stdout).toBe('')
  })

  it("the embedded PostgreSQL's port: one line naming the port, EMBEDDED_PG_PORT and the holder", async () => {
    const r = await start({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(taken) })
    expect(r.code).toBe(78)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`Port ${taken}`)
    expect(lines[0]).toContain('set EMBEDDED_PG_PORT')
    expect(lines[0]).toContain(`pid ${process.pid}`)
    expect(lines[0]).not.toContain('undefined')
  })
})
