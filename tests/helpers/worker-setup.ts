import { afterAll, beforeAll, inject } from 'vitest'
import { createDatabase, type Database } from '../../db/index'
import { cloneDatabase, dropDatabase } from './pg-admin'

// Each test file gets its own database cloned from the migrated template, so
// files never see each other's rows and no test has to clean up after another.

let db: Database | null = null
let url: string | null = null
let dbName: string | null = null

beforeAll(async () => {
  const adminUrl = inject('pgAdminUrl')
  const name = `techmarket_test_${process.env.VITEST_POOL_ID ?? '0'}_${Math.random().toString(36).slice(2, 8)}`
  dbName = name
  await cloneDatabase(adminUrl, name, inject('pgTemplate'))
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  url = u.toString()
  db = createDatabase(url, { max: 5 })
})

afterAll(async () => {
  await db?.destroy()
  db = null
  if (dbName) await dropDatabase(inject('pgAdminUrl'), dbName)
})

/** The current test file's own database. */
export function testDb(): Database {
  if (!db) throw new Error('testDb() is available inside tests and hooks only')
  return db
}

export function testDbUrl(): string {
  if (!url) throw new Error('testDbUrl() is available inside tests and hooks only')
  return url
}
