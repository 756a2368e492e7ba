import type { CatalogInput } from './schemas'
import type { Database } from '../../../db/index'
import {
  countCatalogs,
  findCatalog,
  insertCatalog,
  insertCatalogItems,
  listCatalogItems,
  listCatalogPublishers,
  listCatalogs,
  listLiveAchievementsForCatalog,
  catalogSnapshotOf,
} from '../../../db/repos/catalogs'
import type { TransactionMode } from '../../../db/schema'
import { audit } from '../../platform/audit'
import { forbidden, invalid, notFound } from '../../platform/errors'
import { can } from '../../identity/permissions'
import type { Principal, RequestMeta } from '../../identity/principal'

// 成果目录: an institution admin publishes a dated edition of the
// organisation's live achievements. Each item is a snapshot of the public
// part of the achievement as it was then, so an edition never changes later,
// whatever happens to the achievements afterwards. Editions are public.

/** What an edition keeps of each achievement: its public part only (never the confidential details). */
export interface CatalogSnapshot {
  title: string
  summary: string
  benefit: string
  trl: number
  transactionModes: TransactionMode[]
  priceKind: 'amount' | 'range' | 'negotiable'
  priceMinFen: number | null
  priceMaxFen: number | null
  keywords: string[]
  industryCode: string
  industryNameZh: string
  industryNameEn: string
  /** The top-level industry the catalog groups by. */
  sectorCode: string
  sectorNameZh: string
  sectorNameEn: string
  ipRights: { kind: string; number: string; status: string; territory: string }[]
  publishedAt: string | null
}

export interface CatalogItem {
  achievementId: string
  /** 1-based entry number in the edition. */
  number: number
  snapshot: CatalogSnapshot
}

export const PAGE_SIZE = 30

/** Organisations whose catalogs `actor` may publish. */
export function publishableOrgs(actor: Principal) {
  return actor.memberships
    .filter((m) => can(actor, { action: 'catalog:publish', orgId: m.orgId }))
    .map((m) => ({ id: m.orgId, name: m.orgName }))
}

export async function publishCatalog(db: Database, actor: Principal, input: CatalogInput, meta: RequestMeta) {
  if (!can(actor, { action: 'catalog:publish', orgId: input.orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    const live = await listLiveAchievementsForCatalog(trx, input.orgId)
    if (!live.length) throw invalid({}, 'catalogs.errors.noLive')
    const id = await insertCatalog(trx, { orgId: input.orgId, title: input.title, editionDate: input.editionDate, createdBy: actor.userId })
    await insertCatalogItems(
      trx,
      id,
      live.map((a, i) => ({
        achievementId: a.id,
        position: i + 1,
        snapshot: catalogSnapshotOf(a) satisfies CatalogSnapshot,
      })),
    )
    await audit(trx, meta, actor.userId, 'catalog.published', { type: 'catalog', id, orgId: input.orgId }, {
      title: input.title,
      editionDate: input.editionDate,
      items: live.length,
    })
    return { id, items: live.length }
  })
}

/** An edition with its items; editions are public. */
export async function catalogEdition(db: Database, id: string) {
  const catalog = await findCatalog(db, id)
  if (!catalog) throw notFound()
  const rows = await listCatalogItems(db, id)
  const items: CatalogItem[] = rows.map((r) => ({ achievementId: r.achievement_id, number: r.position, snapshot: r.snapshot as CatalogSnapshot }))
  return { catalog, items }
}

export type CatalogEdition = Awaited<ReturnType<typeof catalogEdition>>

/** The public list: every edition, newest first, optionally of one institution. */
export async function catalogList(db: Database, f: { orgId?: string; page: number }) {
  const [catalogs, total, publishers] = await Promise.all([
    listCatalogs(db, { orgId: f.orgId, limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE }),
    countCatalogs(db, { orgId: f.orgId }),
    listCatalogPublishers(db),
  ])
  return { catalogs, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), publishers }
}

/** What /catalogs/manage shows for one organisation: its live achievements now and its past editions. */
export async function catalogDesk(db: Database, actor: Principal, orgId: string) {
  if (!can(actor, { action: 'catalog:publish', orgId })) throw forbidden()
  const [live, editions] = await Promise.all([listLiveAchievementsForCatalog(db, orgId), listCatalogs(db, { orgId, limit: 100 })])
  return {
    live: live.map((a) => ({ id: a.id, title: a.title, sectorNameZh: a.sector_name_zh, sectorNameEn: a.sector_name_en, trl: a.trl })),
    editions,
  }
}
