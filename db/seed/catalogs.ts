import type { Executor } from '../index'
import { catalogSnapshotOf, insertCatalog, insertCatalogItems, listLiveAchievementsForCatalog } from '../repos/catalogs'

// Two published catalog editions for the demo (成果目录), so /catalogs shows
// what an institution's dated edition looks like: each lists the institution's
// live achievements as they were when it was seeded, exactly as publishing
// from /catalogs/manage would. Idempotent: an edition already there (same
// organisation and title) is left alone.

export const DEMO_CATALOGS = [
  { org: 'lzut', title: '柳州理工大学 2026 年度可转化科技成果目录', daysAgo: 20 },
  { org: 'auto', title: '柳州汽车工程研究院新能源汽车技术成果目录（2026 年第二期）', daysAgo: 6 },
] as const

/** Seeds the demo editions; returns how many were added. */
export async function seedDemoCatalogs(db: Executor, orgIds: Map<string, string>, creators: Map<string, string>, fallbackCreator: string) {
  let added = 0
  for (const c of DEMO_CATALOGS) {
    const orgId = orgIds.get(c.org)
    if (!orgId) continue
    const createdBy = creators.get(c.org) ?? fallbackCreator
    const exists = await db.selectFrom('catalogs').select('id').where('org_id', '=', orgId).where('title', '=', c.title).executeTakeFirst()
    if (exists) continue
    const live = await listLiveAchievementsForCatalog(db, orgId)
    if (!live.length) continue
    const editionDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - c.daysAgo * 86_400_000))
    const id = await insertCatalog(db, { orgId, title: c.title, editionDate, createdBy })
    await insertCatalogItems(db, id, live.map((a, i) => ({ achievementId: a.id, position: i + 1, snapshot: catalogSnapshotOf(a) })))
    await db
      .insertInto('audit_log')
      .values({ actor_id: createdBy, action: 'catalog.published', entity_type: 'catalog', entity_id: id, org_id: orgId, details: JSON.stringify({ title: c.title, editionDate, items: live.length, demo: true }) })
      .execute()
    added++
  }
  return added
}
