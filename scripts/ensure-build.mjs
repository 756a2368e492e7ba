// Builds the Remix app when the build is missing or older than its sources.
// Used by `npm start` and by the test harness (the route tests serve the build).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const buildFile = path.join(root, 'build/server/index.js')
const sources = ['app', 'server', 'db', 'vite.config.ts', 'package-lock.json']

function newestMtime(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = 0
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

export function ensureBuild() {
  const builtAt = existsSync(buildFile) ? statSync(buildFile).mtimeMs : 0
  const newest = Math.max(...sources.map((s) => path.join(root, s)).filter(existsSync).map(newestMtime))
  if (builtAt >= newest) return false
  console.log('Building the app (remix vite:build)…')
  const r = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('remix vite:build failed')
  return true
}

if (process.argv[1] === import.meta.filename) ensureBuild()
