import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// /my/needs overflowed a 390 px screen. Every table in the app now sits in a
// .table-wrap, and on narrow screens (≤ 760 px) the stylesheet turns every
// .table-wrap's rows into cards (no header row, cells wrap), as /my/achievements did.

const root = join(__dirname, '../..')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : []))
}

describe('tables on narrow screens', () => {
  const tsx = files(join(root, 'app'))
  const withTables = tsx.filter((f) => readFileSync(f, 'utf8').includes('<table'))

  it('every <table> is the only child of a .table-wrap', () => {
    expect(withTables.length).toBeGreaterThanOrEqual(10)
    for (const f of withTables) {
      const src = readFileSync(f, 'utf8')
      const tables = src.split('<table').length - 1
      const wrapped = src.match(/className="table-wrap">\s*<table/g)?.length ?? 0
      expect(wrapped, f).toBe(tables)
    }
  })

  it('the narrow-screen rules turn every .table-wrap table into cards', () => {
    const css = readFileSync(join(root, 'app/styles/app.css'), 'utf8')
    const narrow = css.slice(css.indexOf('@media (max-width: 760px) {\n  .listing-grid'))
    const block = narrow.slice(0, narrow.indexOf('\n}\n'))
    expect(block).toContain(':where(.table-wrap) thead { display: none; }')
    expect(block).toMatch(/:where\(\.table-wrap\) tr \{ display: flex; flex-wrap: wrap;/)
    expect(block).toContain(':where(.table-wrap) { overflow-x: visible; }')
  })
})
