// `npm start`: build the app when the build is missing or older than the
// sources, then run the server. Kept in plain JS so it needs nothing compiled.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const buildFile = path.join(root, 'build/server/index.js')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const stale =
  !existsSync(buildFile) ||
  Math.max(newestMtime(path.join(root, 'app')), statSync(path.join(root, 'vite.config.ts')).mtimeMs) > statSync(buildFile).mtimeMs
if (stale) {
  console.log('Building the app (remix vite:build)…')
  const r = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
})
// Ctrl-C reaches the child directly (same process group); just wait for it.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
