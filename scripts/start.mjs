// `npm start`: build when needed, then run the compiled server (build/server-main.js)
// in production mode. Plain JS so it needs nothing compiled first.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ensureBuild } from './ensure-build.mjs'

const root = path.resolve(import.meta.dirname, '..')
try {
  ensureBuild()
} catch (err) {
  console.error(err.message)
  process.exit(1)
}
const child = spawn(process.execPath, ['build/server-main.js'], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
})
// Ctrl-C in a terminal reaches the child too (same process group); forward
// signals sent to this process alone, then leave with the child's status.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
