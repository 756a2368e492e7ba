import type { Executor } from '../db/index'
import { achievementsForIndex, needsForIndex, organisationsForIndex } from '../db/repos/search-docs'
import { priceBandOf, type DocType, type SearchDoc } from './types'

// Builds search documents from the database. Only what the public may find is
// indexed: published achievements and needs (they leave results when they
// expire, by expiresAt), verified organisations. Anything else is removed.

type Loaded = { docs: SearchDoc[]; gone: string[] }
type Page = { after: string | null; limit: number }

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

export async function loadAchievementDocs(db: Executor, ids: string[] | Page): Promise<Loaded & { last: string | null }> {
  const rows = await achievementsForIndex(db, ids)
  const docs: SearchDoc[] = []
  for (const a of rows) {
    if (a.status !== 'published') continue
    docs.push({
      type: 'achievement',
      id: a.id,
      title: a.title,
      summary: a.summary,
      body: a.benefit,
      keywords: a.keywords,
      industryCode: a.industry_code,
      industryTop: a.industry_top,
      trl: a.trl,
      modes: a.transaction_modes,
      divisionCode: a.division_code,
      orgId: a.org_id,
      orgName: a.org_name,
      orgType: a.org_type,
      priceBand: priceBandOf(a.price_kind, a.price_min_fen),
      priceMinFen: a.price_min_fen,
      priceMaxFen: a.price_max_fen,
      publishedAt: iso(a.published_at),
      expiresAt: iso(a.expires_at),
      codes: a.ip_numbers,
    })
  }
  return { docs, gone: gone(ids, rows, docs), last: rows.at(-1)?.id ?? null }
}

export async function loadNeedDocs(db: Executor, ids: string[] | Page): Promise<Loaded & { last: string | null }> {
  const rows = await needsForIndex(db, ids)
  const docs: SearchDoc[] = []
  for (const n of rows) {
    if (n.status !== 'published') continue
    docs.push({
      type: 'need',
      id: n.id,
      title: n.title,
      summary: n.problem,
      body: n.desired_outcome,
      keywords: n.keywords,
      industryCode: n.industry_code,
      industryTop: n.industry_top,
      trl: null,
      modes: n.preferred_modes,
      divisionCode: n.division_code,
      orgId: n.org_id,
      orgName: n.org_name,
      orgType: n.org_type,
      priceBand: priceBandOf(n.budget_kind, n.budget_min_fen),
      priceMinFen: n.budget_min_fen,
      priceMaxFen: n.budget_max_fen,
      publishedAt: iso(n.published_at),
      expiresAt: iso(n.expires_at),
      codes: [],
    })
  }
  return { docs, gone: gone(ids, rows, docs), last: rows.at(-1)?.id ?? null }
}

export async function loadOrganisationDocs(db: Executor, ids: string[] | Page): Promise<Loaded & { last: string | null }> {
  const rows = await organisationsForIndex(db, ids)
  const docs: SearchDoc[] = []
  for (const o of rows) {
    if (o.status !== 'verified') continue
    docs.push({
      type: 'organisation',
      id: o.id,
      title: o.name,
      summary: o.description ?? '',
      body: o.name_en ?? '',
      keywords: [],
      industryCode: null,
      industryTop: null,
      trl: null,
      modes: [],
      divisionCode: o.division_code,
      orgId: o.id,
      orgName: o.name,
      orgType: o.type,
      priceBand: null,
      priceMinFen: null,
      priceMaxFen: null,
      publishedAt: iso(o.reviewed_at),
      expiresAt: null,
      codes: [o.credit_code],
    })
  }
  return { docs, gone: gone(ids, rows, docs), last: rows.at(-1)?.id ?? null }
}

/** Ids asked for that are missing or not indexable: they must leave the index. */
function gone(ids: string[] | Page, rows: { id: string }[], docs: SearchDoc[]) {
  if (!Array.isArray(ids)) return rows.filter((r) => !docs.some((d) => d.id === r.id)).map((r) => r.id)
  const kept = new Set(docs.map((d) => d.id))
  return ids.filter((id) => !kept.has(id))
}

export const LOADERS: Record<DocType, (db: Executor, ids: string[] | Page) => Promise<Loaded & { last: string | null }>> = {
  achievement: loadAchievementDocs,
  need: loadNeedDocs,
  organisation: loadOrganisationDocs,
}
