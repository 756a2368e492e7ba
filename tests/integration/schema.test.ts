import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { testDb } from '../helpers/worker-setup'

// db/schema.ts is written by hand; TypeScript types vanish at run time, so this
// reads the file's text and compares its tables, columns and nullability with
// the catalog of the migrated database. A migration that adds, drops or
// renames a column without the same change in schema.ts fails here.

interface DeclaredColumn {
  name: string
  nullable: boolean
}

/** Splits at `sep` where it is not nested inside <…>, (…), […] or {…}. */
function splitTopLevel(text: string, sep: string) {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of text) {
    if ('<([{'.includes(ch)) depth++
    if ('>)]}'.includes(ch)) depth--
    if (ch === sep && depth === 0) {
      parts.push(current.trim())
      current = ''
    } else current += ch
  }
  parts.push(current.trim())
  return parts
}

/** Whether a column's selected value can be null: follows local type aliases, ColumnType<Select, …> and Generated<T>. */
function isNullableType(type: string, aliases: Map<string, string>, seen = new Set<string>()): boolean {
  const t = type.trim()
  if (aliases.has(t) && !seen.has(t)) return isNullableType(aliases.get(t)!, aliases, new Set([...seen, t]))
  const wrapper = t.match(/^(ColumnType|Generated|GeneratedAlways)<([\s\S]*)>$/)
  if (wrapper) return isNullableType(splitTopLevel(wrapper[2]!, ',')[0]!, aliases, seen)
  return splitTopLevel(t, '|').some((part) => part === 'null' || (aliases.has(part) && isNullableType(part, aliases, seen)))
}

function parseSchemaFile(source: string) {
  const aliases = new Map<string, string>()
  for (const m of source.matchAll(/^\s*(?:export\s+)?type\s+(\w+)\s*=\s*(.+?)\s*;?\s*$/gm)) aliases.set(m[1]!, m[2]!)
  const interfaces = new Map<string, DeclaredColumn[]>()
  for (const m of source.matchAll(/export interface (\w+)\s*\{([^}]*)\}/g)) {
    const columns: DeclaredColumn[] = []
    for (const line of m[2]!.split('\n')) {
      const field = line.replace(/\/\/.*$/, '').match(/^\s*(\w+)\??\s*:\s*(.+?)\s*;?\s*$/)
      if (field) columns.push({ name: field[1]!, nullable: isNullableType(field[2]!, aliases) })
    }
    interfaces.set(m[1]!, columns)
  }
  const dbInterface = interfaces.get('DB')
  if (!dbInterface) throw new Error('db/schema.ts has no `interface DB`')
  const mapping = source.match(/export interface DB\s*\{([^}]*)\}/)![1]!
  const tables = new Map<string, DeclaredColumn[]>()
  for (const [, table, iface] of mapping.matchAll(/^\s*(\w+)\s*:\s*(\w+)\s*;?\s*$/gm)) {
    const columns = interfaces.get(iface!)
    if (!columns) throw new Error(`DB.${table} refers to ${iface}, which db/schema.ts does not declare`)
    tables.set(table!, columns)
  }
  return tables
}

const declared = parseSchemaFile(readFileSync(path.resolve('db/schema.ts'), 'utf8'))

async function liveColumns() {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
    select c.table_name, c.column_name, c.is_nullable
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public'
      and t.table_type = 'BASE TABLE'
      and c.table_name not like 'kysely_migration%'
    order by c.table_name, c.ordinal_position`.execute(testDb())
  const tables = new Map<string, DeclaredColumn[]>()
  for (const r of rows) {
    if (!tables.has(r.table_name)) tables.set(r.table_name, [])
    tables.get(r.table_name)!.push({ name: r.column_name, nullable: r.is_nullable === 'YES' })
  }
  return tables
}

const sortedNames = (cols: DeclaredColumn[] = []) => cols.map((c) => c.name).sort()

describe('db/schema.ts against the migrated database', () => {
  it('parses the schema file (guards the parser itself)', () => {
    expect(declared.size).toBeGreaterThanOrEqual(12)
    expect(sortedNames(declared.get('users'))).toContain('password_hash')
    expect(declared.get('organisations')!.find((c) => c.name === 'rejection_reason')!.nullable).toBe(true)
    expect(declared.get('organisations')!.find((c) => c.name === 'status')!.nullable).toBe(false)
  })

  it('declares exactly the tables the migrations create', async () => {
    const live = await liveColumns()
    expect([...declared.keys()].sort()).toEqual([...live.keys()].sort())
  })

  it('declares exactly the columns of every table', async () => {
    const live = await liveColumns()
    for (const [table, columns] of live) {
      expect(sortedNames(declared.get(table)), `columns of ${table}`).toEqual(sortedNames(columns))
    }
  })

  it('types a column as nullable exactly when the database allows null', async () => {
    const live = await liveColumns()
    const mismatches: string[] = []
    for (const [table, columns] of live) {
      for (const col of columns) {
        const d = declared.get(table)?.find((c) => c.name === col.name)
        if (d && d.nullable !== col.nullable) mismatches.push(`${table}.${col.name}: database ${col.nullable ? 'null' : 'not null'}, schema.ts ${d.nullable ? 'nullable' : 'not nullable'}`)
      }
    }
    expect(mismatches).toEqual([])
  })

  it('would notice a column a migration adds without schema.ts', async () => {
    await sql`alter table mailbox add column schema_test_extra text`.execute(testDb())
    try {
      const live = await liveColumns()
      expect(sortedNames(live.get('mailbox'))).not.toEqual(sortedNames(declared.get('mailbox')))
    } finally {
      await sql`alter table mailbox drop column schema_test_extra`.execute(testDb())
    }
  })
})

describe('parseSchemaFile', () => {
  it('reads interfaces, comments, optional markers and the DB mapping', () => {
    const parsed = parseSchemaFile(`
      type Money = ColumnType<number | null, number | null | undefined, number | null>
      type Stamp = ColumnType<Date, Date | null | undefined, Date>
      export interface ThingTable {
        id: Generated<number>
        // a comment: not a column
        label: string | null // trailing comment
        note?: string
        price: Money
        at: Stamp
        maybe: Generated<string | null>
      }
      export interface DB {
        things: ThingTable
      }`)
    expect([...parsed.keys()]).toEqual(['things'])
    expect(parsed.get('things')).toEqual([
      { name: 'id', nullable: false },
      { name: 'label', nullable: true },
      { name: 'note', nullable: false },
      { name: 'price', nullable: true },
      { name: 'at', nullable: false },
      { name: 'maybe', nullable: true },
    ])
  })
})
