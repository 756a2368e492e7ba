// npm run bench:search — the search and recommendation figures of issue 4,
// printed, never asserted. Builds 100,000 achievements and 20,000 needs of
// believable Chinese text in a scratch database, indexes them with the
// PostgreSQL engine, then runs rotating queries at a fixed rate against the
// engine and against a naive ILIKE scan of the same rows.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../db/embedded'
import { createDatabase } from '../db/index'
import { migrateToLatest } from '../db/migrate'
import { insertMembership, insertOrganisation } from '../db/repos/organisations'
import { insertUser } from '../db/repos/users'
import { analyze, bulkInsertAchievements, bulkInsertNeeds, groundTruthIds, naiveIlikeSearch, type BulkListing } from '../db/seed/bulk'
import { seedReference } from '../db/seed/reference'
import { makeCreditCode } from '../server/identity/credit-code'
import { recommendAchievementsForNeed } from '../server/engagement/matching/recommend'
import { reindexAll } from '../search/indexer'
import { createPostgresEngine } from '../search/pg-engine'
import { BENCH_QUERIES as QUERIES, generateListing, rng } from './search-data'
import { freePort } from '../db/ports'

const ACHIEVEMENTS = Number(process.env.BENCH_ACHIEVEMENTS ?? 100_000)
const NEEDS = Number(process.env.BENCH_NEEDS ?? 20_000)
const QPS = Number(process.env.BENCH_QPS ?? 25)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`
const line = (label: string, xs: number[]) =>
  console.log(`  ${label.padEnd(34)} n=${String(xs.length).padStart(4)}  p50 ${fmt(pct(xs, 50)).padStart(9)}  p95 ${fmt(pct(xs, 95)).padStart(9)}  p99 ${fmt(pct(xs, 99)).padStart(9)}`)

async function main() {
  let stop = async () => {}
  let adminUrl: string
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL)
    u.pathname = '/postgres'
    adminUrl = u.toString()
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tm-bench-'))
    await chmod(dir, 0o755) // mkdtemp makes it 0700; the server may run as the `postgres` user (db/embedded.ts)
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'postgres' })
    adminUrl = pg.url
    stop = async () => {
      await pg.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
  // A fresh database each run, unless BENCH_REUSE=1 (an external server that
  // already holds an indexed corpus: only the queries run, for quick iteration).
  const reuse = process.env.BENCH_REUSE === '1' && Boolean(process.env.DATABASE_URL)
  if (!reuse) await dropDatabase(adminUrl, 'techmarket_bench')
  await ensureDatabase(adminUrl, 'techmarket_bench')
  const url = new URL(adminUrl)
  url.pathname = '/techmarket_bench'
  const db = createDatabase(url.toString(), { max: 4 })
  try {
    await migrateToLatest(db)
    await seedReference(db)
    console.log(`Search benchmark · ${ACHIEVEMENTS.toLocaleString()} achievements, ${NEEDS.toLocaleString()} needs · ${os.cpus().length} cores · node ${process.version}`)

    const engine = createPostgresEngine(db)
    await engine.init([['新能源汽车', '电动汽车'], ['热管理', '温控'], ['人工智能', 'ai']])
    if (!reuse) {
      // Organisations and an owner for the generated listings.
      const user = await insertUser(db, { email: `bench-${Date.now()}@example.test`, name: '基准', passwordHash: 'x' })
      const orgs: { id: string; type: 'university' | 'enterprise' }[] = []
      for (let i = 0; i < 120; i++) {
        const type = i < 60 ? 'university' : 'enterprise'
        const o = await insertOrganisation(db, {
          name: `${type === 'university' ? '基准研究院' : '基准企业'}${i}`, nameEn: null, type, creditCode: makeCreditCode('91', '450204', `BENCH${String(1000 + i)}`),
          divisionCode: '450204', address: null, contactName: '联系人', contactPhone: '0772-2800000', contactEmail: 'b@example.test', website: null,
          description: null, createdBy: user.id, status: 'verified',
        })
        await insertMembership(db, { orgId: o.id, userId: user.id, role: 'owner' })
        orgs.push({ id: o.id, type })
      }
      const r = rng(20261126)
      const t0 = performance.now()
      for (const [kind, count] of [['achievement', ACHIEVEMENTS], ['need', NEEDS]] as const) {
        const pool = orgs.filter((o) => o.type === (kind === 'achievement' ? 'university' : 'enterprise'))
        for (let done = 0; done < count; done += 5000) {
          const batch: BulkListing[] = []
          for (let i = 0; i < Math.min(5000, count - done); i++) {
            const g = generateListing(r, kind)
            const published = Date.now() - g.publishedDaysAgo * 86_400_000
            batch.push({ ...g, orgId: pool[Math.floor(r() * pool.length)]!.id, createdBy: user.id, publishedAt: new Date(published).toISOString(), expiresAt: new Date(published + 365 * 86_400_000).toISOString() })
          }
          await (kind === 'achievement' ? bulkInsertAchievements(db, batch) : bulkInsertNeeds(db, batch))
        }
      }
      await analyze(db)
      console.log(`  generated and stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

      // Indexing: read from the tables, segment with jieba, upsert into the engine.
      const ti = performance.now()
      let lastPrint = 0
      const { indexed } = await reindexAll(db, engine, (done, total) => {
        if (performance.now() - lastPrint > 2000) {
          lastPrint = performance.now()
          process.stdout.write(`  indexing ${done.toLocaleString()}/${total.toLocaleString()}\r`)
        }
      })
      const indexSeconds = (performance.now() - ti) / 1000
      await analyze(db)
      console.log(`\nIndexing: ${indexed.toLocaleString()} documents in ${indexSeconds.toFixed(1)} s = ${Math.round(indexed / indexSeconds).toLocaleString()} documents/s (target ≥ 2,000)`)
    }

    // Warm up, then queries at a fixed rate.
    for (const q of QUERIES) await engine.search({ ...q, types: ['achievement'], facets: true })
    const engineMs: number[] = []
    const withFacets: number[] = []
    const interval = 1000 / QPS
    const start = performance.now()
    for (let i = 0; i < QUERIES.length * ROUNDS; i++) {
      const due = start + i * interval
      const wait = due - performance.now()
      if (wait > 0) await new Promise((res) => setTimeout(res, wait))
      const q = QUERIES[i % QUERIES.length]!
      const s = performance.now()
      await engine.search({ ...q, types: ['achievement'], facets: true, pageSize: 20 })
      const ms = performance.now() - s
      engineMs.push(ms)
      if (q.filters || q.q) withFacets.push(ms)
    }
    const ilikeMs: number[] = []
    for (let round = 0; round < 2; round++) {
      for (const q of QUERIES) {
        const term = (q.q || '技术').split(/\s+/)[0]!
        const s = performance.now()
        await naiveIlikeSearch(db, term, { industryTop: q.filters?.industry, trl: q.filters?.trl }, q.sort === 'price_asc' ? 'price' : 'newest')
        ilikeMs.push(performance.now() - s)
      }
    }
    console.log(`\nQueries (${QUERIES.length} rotating, ${QPS}/s, keyword + facets + filters/ORDER BY, 20 per page):`)
    line('PostgreSQL engine (tsvector+trgm)', engineMs)
    line('naive ILIKE scan (no facets)', ilikeMs)
    console.log(`  engine vs ILIKE at p50: ${(pct(ilikeMs, 50) / pct(engineMs, 50)).toFixed(0)}× faster (target ≥ 50×); engine p95 ${fmt(pct(engineMs, 95))} (target ≤ 20 ms)`)

    // Recommendations for needs.
    const needIds = (await db.selectFrom('needs').select('id').orderBy('id').limit(200).execute()).map((n) => n.id)
    for (const id of needIds.slice(0, 10)) await recommendAchievementsForNeed(db, engine, id)
    const recMs: number[] = []
    for (const id of needIds) {
      const s = performance.now()
      await recommendAchievementsForNeed(db, engine, id, 10)
      recMs.push(performance.now() - s)
    }
    console.log('\nRecommendations (top 10 achievements for a need, with reasons):')
    line('recommendAchievementsForNeed', recMs)
    console.log(`  target p95 ≤ 50 ms`)

    // Recall on Chinese substrings: every listing whose title or summary contains the substring must be found.
    const SUBSTRINGS = ['能源汽', '冷板', '压铸', '处理', '保鲜', '螺蛳', '酸笋', '脱硫', '寿命', '梯次', '热失控', '动平衡', '旋压', '随形', '黄精']
    let expected = 0
    let found = 0
    for (const sub of SUBSTRINGS) {
      const truth = new Set(await groundTruthIds(db, sub))
      const got = new Set<string>()
      for (let page = 1; ; page++) {
        const res = await engine.search({ q: sub, types: ['achievement'], pageSize: 100, page })
        res.hits.forEach((h) => got.add(h.id))
        if (res.hits.length < 100 || page * 100 >= truth.size + 500) break
      }
      expected += truth.size
      found += [...truth].filter((id) => got.has(id)).length
    }
    console.log(`\nRecall on the Chinese substring set (${SUBSTRINGS.length} substrings, ${expected.toLocaleString()} expected hits): ${((found / expected) * 100).toFixed(2)}% (target 100%)`)
  } finally {
    await db.destroy()
    await stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
