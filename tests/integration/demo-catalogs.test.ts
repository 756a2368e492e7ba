import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { DEMO_CATALOGS } from '../../db/seed/catalogs'
import { catalogEdition } from '../../server/listings/catalogs/service'
import { testDb } from '../helpers/worker-setup'

// The demo ships two published catalog editions (/catalogs used to say 共 0 版目录),
// each for a different institution with several live achievements, and seeding
// again adds nothing.

describe('the demo seed', () => {
  it('publishes two catalog editions of two institutions, each with several achievements, idempotently', async () => {
    const db = testDb()
    const first = await seedDemo(db, { onlyIfEmpty: false })
    expect(first?.catalogs).toBe(2)
    const editions = await db.selectFrom('catalogs as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(['c.id', 'c.title', 'c.org_id', 'o.type']).execute()
    expect(editions.map((e) => e.title).sort()).toEqual(DEMO_CATALOGS.map((c) => c.title).sort())
    expect(new Set(editions.map((e) => e.org_id)).size).toBe(2)
    for (const e of editions) {
      expect(['university', 'institute']).toContain(e.type)
      const edition = await catalogEdition(db, e.id)
      expect(edition.items.length).toBeGreaterThanOrEqual(5)
      // Only the public part is kept; each item is one of that institution's live achievements.
      expect(JSON.stringify(edition.items)).not.toContain('机密详情】')
      const owners = await db.selectFrom('achievements').select(['org_id', 'status']).where('id', 'in', edition.items.map((i) => i.achievementId)).execute()
      expect(owners.every((o) => o.org_id === e.org_id && o.status === 'published')).toBe(true)
    }

    const again = await seedDemo(db, { onlyIfEmpty: false })
    expect(again?.catalogs).toBe(0)
    const { n } = await db.selectFrom('catalogs').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    expect(n).toBe(2)
  })
})
