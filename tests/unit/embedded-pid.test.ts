import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePostmasterPid, readPostmaster } from '../../db/ports'

// db:* and search:reindex connect to the app's embedded PostgreSQL when it is
// already running on the data folder: its port comes from postmaster.pid.

const pidFile = (pid: number, dir: string, port: number) =>
  `${pid}\n${dir}\n1764800000\n${port}\n/tmp\n127.0.0.1\n  5432001    123456\nready   \n`

describe('postmaster.pid', () => {
  const dirs: string[] = []
  const children: ChildProcess[] = []
  afterEach(() => {
    children.splice(0).forEach((c) => c.kill())
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
  })
  const folder = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'tm-pid-'))
    dirs.push(d)
    return d
  }
  /** A live process whose command line names postgres, as a postmaster's does. */
  const fakePostmaster = () => {
    const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'postgres'], { stdio: 'ignore' })
    children.push(c)
    return c.pid!
  }

  it('reads pid, data folder and port from the file PostgreSQL writes', () => {
    expect(parsePostmasterPid(pidFile(4242, '/srv/pg', 54329))).toEqual({ pid: 4242, dataDir: '/srv/pg', port: 54329 })
    expect(parsePostmasterPid('garbage')).toBeNull()
    expect(parsePostmasterPid('4242\n/srv/pg\n1\nnot-a-port\n')).toBeNull()
  })

  it('gives the running server’s port for a live postmaster', async () => {
    const dir = folder()
    const pid = fakePostmaster()
    writeFileSync(path.join(dir, 'postmaster.pid'), pidFile(pid, dir, 55123))
    expect(await readPostmaster(dir)).toEqual({ pid, dataDir: dir, port: 55123 })
  })

  it('ignores a folder without the file, a dead pid and a pid now used by another program', async () => {
    const dir = folder()
    expect(await readPostmaster(dir)).toBeNull()
    // A pid that is certainly gone: a child that has exited.
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    await new Promise((r) => gone.once('exit', r))
    writeFileSync(path.join(dir, 'postmaster.pid'), pidFile(gone.pid!, dir, 55124))
    expect(await readPostmaster(dir)).toBeNull()
    // After a reboot the recorded pid may belong to something else (here: this test runner).
    writeFileSync(path.join(dir, 'postmaster.pid'), pidFile(process.pid, dir, 55125))
    expect(await readPostmaster(dir)).toBeNull()
  })
})
