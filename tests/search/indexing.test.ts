import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedHandle } from '../../db/embedded'
import { createDatabase, type Database } from '../../db/index'
import { migrateToLatest } from '../../db/migrate'
import { pendingOutboxCount } from '../../db/repos/outbox'
import { createNeed } from '../../server/listings/needs'
import { transitionListing } from '../../server/listings/workflow'
import { createLogger } from '../../server/platform/logger'
import { drainOutbox } from '../../server/platform/outbox-worker'
import { SEARCH_INDEX_KIND, searchIndexHandler } from '../../search/indexer'
import { createPostgresEngine } from '../../search/pg-engine'
import { createMember, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'
import { freePort } from '../../db/ports'

// Indexing that loses nothing: the search engine runs on its own PostgreSQL,
// which the test stops in the middle of a stream of publications. Updates wait
// in the outbox and all land once the engine is back.

let pg: EmbeddedHandle
let searchDb: Database
const dir = `.data/test-search-engine-${process.pid}`
const port = await freePort()
const log = createLogger('silent')

async function startSearchPg() {
  pg = await startEmbeddedPostgres({ dir, port, database: 'search' })
  searchDb = createDatabase(pg.url, { max: 2 })
  await migrateToLatest(searchDb)
}

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await startSearchPg()
}, 120_000)

afterAll(async () => {
  await searchDb?.destroy()
  await pg?.stop()
  await rm(dir, { recursive: true, force: true })
})

async function publishNeed(n: number, owner: Awaited<ReturnType<typeof createMember>>) {
  const id = await createNeed(
    testDb(),
    owner.principal,
    {
      orgId: owner.org.id, title: `第${n}号需求：电池包液冷板焊接工艺改进`, problem: '现有液冷板钎焊后泄漏率偏高，需要改进焊接工艺并建立检测方法。',
      desiredOutcome: '泄漏率降至 0.5% 以下', industryCode: 'auto.thermal', budgetKind: 'negotiable', budgetMin: null, budgetMax: null,
      budgetMinFen: null, budgetMaxFen: null, deadline: null, preferredModes: ['service'], divisionCode: '450204', keywords: ['液冷板'],
    },
    testMeta,
  )
  await transitionListing(testDb(), owner.principal, 'need', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(testDb(), owner.principal, 'need', id, 'approve', { ttlMonths: 12 }, testMeta)
  return id
}

describe('search indexing through the outbox', () => {
  it('keeps every update while the engine is down and applies them all when it returns', async () => {
    const owner = await createMember(testDb(), { type: 'enterprise', role: 'owner' })
    let engine = createPostgresEngine(searchDb)
    const handlers = { [SEARCH_INDEX_KIND]: searchIndexHandler(testDb(), () => engine), email: async () => {} }
    const published: string[] = []

    for (let i = 0; i < 3; i++) published.push(await publishNeed(i, owner))
    await drainOutbox(testDb(), handlers, log)
    expect((await engine.search({ q: '液冷板', types: ['need'] })).total).toBe(3)

    // The engine's database goes away mid-stream.
    await searchDb.destroy()
    await pg.stop()
    for (let i = 3; i < 8; i++) published.push(await publishNeed(i, owner))
    await drainOutbox(testDb(), handlers, log) // every item fails and is rescheduled
    expect(await pendingOutboxCount(testDb())).toBeGreaterThanOrEqual(5)

    // It comes back; the retries (made due now rather than after their backoff) catch up.
    await startSearchPg()
    engine = createPostgresEngine(searchDb)
    await testDb().updateTable('outbox').set({ available_at: new Date() }).where('done_at', 'is', null).execute()
    while ((await drainOutbox(testDb(), handlers, log)) > 0) {
      /* drain */
    }
    expect(await pendingOutboxCount(testDb())).toBe(0)
    const hits = await engine.search({ q: '液冷板', types: ['need'], pageSize: 50 })
    expect(hits.hits.map((h) => h.id).sort()).toEqual([...published].sort())
  }, 120_000)

  it('removes a listing from results when it is taken down', async () => {
    const owner = await createMember(testDb(), { type: 'enterprise', role: 'owner' })
    const admin = (await import('../helpers/factories')).createUser
    const engine = createPostgresEngine(searchDb)
    const handlers = { [SEARCH_INDEX_KIND]: searchIndexHandler(testDb(), () => engine), email: async () => {} }
    const id = await publishNeed(99, owner)
    await drainOutbox(testDb(), handlers, log)
    expect((await engine.search({ q: '第99号需求' })).hits.map((h) => h.id)).toContain(id)
    const platformAdmin = await admin(testDb(), { platformAdmin: true })
    const { principalFor } = await import('../helpers/factories')
    await transitionListing(testDb(), await principalFor(testDb(), platformAdmin.id), 'need', id, 'takedown', { ttlMonths: 12, reason: '信息不实，已核查' }, testMeta)
    await drainOutbox(testDb(), handlers, log)
    expect((await engine.search({ q: '第99号需求' })).hits.map((h) => h.id)).not.toContain(id)
  })
})
