// Builds the app when a build is missing or older than its sources: the Remix
// client and server bundles (remix vite:build) and the compiled server entry
// (build/server-main.js, scripts/build-server.mjs). Used by `npm start`, the
// test harness (the route tests serve the build) and bench:ssr.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const remixBuild = path.join(root, 'build/server/index.js')
const serverMain = path.join(root, 'build/server-main.js')
const sources = ['app', 'server', 'db', 'search', 'vite.config.ts', 'package-lock.json']
const serverSources = ['server', 'db', 'search', 'scripts/build-server.mjs', 'package-lock.json']

function newestMtime(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = 0
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0)
const newestOf = (list) => Math.max(...list.map((s) => path.join(root, s)).filter(existsSync).map(newestMtime))

export function ensureBuild() {
  let built = false
  if (builtAt(remixBuild) < newestOf(sources)) {
    console.log('Building the app (remix vite:build)…')
    const r = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' })
    if (r.status !== 0) throw new Error('remix vite:build failed')
    built = true
  }
  // The Remix build empties build/, so the server entry follows it.
  if (built || builtAt(serverMain) < newestOf(serverSources)) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' })
    if (r.status !== 0) throw new Error('compiling the server entry (scripts/build-server.mjs) failed')
    built = true
  }
  return built
}

if (process.argv[1] === import.meta.filename) ensureBuild()
