// Compiles the server entry (server/index.ts and what it imports from server/,
// search/ and db/) to one plain-JS file, build/server-main.js, so production
// runs no TypeScript loader. npm packages stay external (node_modules); the
// Remix build (build/server/index.js) is loaded by it at run time.
// esbuild is pinned to the version @remix-run/dev brings (one copy); tsx stays for dev and scripts.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const require = createRequire(path.join(root, 'package.json'))

// Node's ESM loader wants file extensions in deep imports of packages that have no
// "exports" map (`@node-rs/jieba/dict` → `@node-rs/jieba/dict.js`); Vite and tsx
// fill them in. This does the same, keeping every package external.
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const spec = args.path
      if (spec.startsWith('node:')) return { path: spec, external: true }
      const parts = spec.split('/')
      const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
      const sub = spec.slice(name.length + 1)
      if (!sub || path.extname(sub)) return { path: spec, external: true }
      try {
        const pkgJson = require.resolve(`${name}/package.json`)
        if (JSON.parse(readFileSync(pkgJson, 'utf8')).exports) return { path: spec, external: true }
        const file = require.resolve(spec)
        return { path: `${name}/${path.relative(path.dirname(pkgJson), file).split(path.sep).join('/')}`, external: true }
      } catch {
        return { path: spec, external: true }
      }
    })
  },
}
export const serverMain = path.join(root, 'build/server-main.js')

export async function buildServer() {
  await build({
    absWorkingDir: root,
    entryPoints: ['server/index.ts'],
    outfile: serverMain,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externalPackages],
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  })
}

if (process.argv[1] === import.meta.filename) await buildServer()
