import { rm } from 'node:fs/promises'
import type { TestProject } from 'vitest/node'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedHandle } from '../../db/embedded'
import { createDatabase } from '../../db/index'
import { migrateToLatest } from '../../db/migrate'
import { seedReference } from '../../db/seed/reference'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../../scripts/ensure-build.mjs'
import { dropDatabase } from './pg-admin'
import { freePort } from '../../db/ports'

// One real PostgreSQL for the run: DATABASE_URL's server when set, otherwise
// an embedded one in a scratch folder. A migrated template database is made
// once; each worker clones it (CREATE DATABASE … TEMPLATE), so workers never
// see each other's rows.

export const TEMPLATE_DB = 'techmarket_test_template'
let embedded: EmbeddedHandle | null = null
let dir: string | null = null

export default async function setup(project: TestProject) {
  ensureBuild()
  let adminUrl: string
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL)
    u.pathname = '/postgres'
    adminUrl = u.toString()
    console.log(`[tests] using external PostgreSQL at ${u.host}`)
  } else {
    // A folder and port of this run's own, so two runs side by side never collide.
    dir = `.data/test-postgres/${process.pid}`
    await rm(dir, { recursive: true, force: true })
    embedded = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres' })
    adminUrl = embedded.url
    console.log('[tests] using embedded PostgreSQL')
  }
  await dropDatabase(adminUrl, TEMPLATE_DB)
  await ensureDatabase(adminUrl, TEMPLATE_DB)
  const u = new URL(adminUrl)
  u.pathname = `/${TEMPLATE_DB}`
  const db = createDatabase(u.toString(), { max: 2 })
  await migrateToLatest(db)
  await seedReference(db)
  await db.destroy()
  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', TEMPLATE_DB)
  return async () => {
    await embedded?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    pgTemplate: string
  }
}
