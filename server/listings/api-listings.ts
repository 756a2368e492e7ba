import type { AchievementDto, AchievementSummaryDto, NeedDto, NeedSummaryDto } from './api-schemas'
import type { Database } from '../../db/index'
import { countAchievements, listAchievements } from '../../db/repos/achievements'
import { listIndustries } from '../../db/repos/industries'
import { countNeeds, listNeeds } from '../../db/repos/needs'
import { listDivisions } from '../../db/repos/organisations'
import type { ListingStatus } from '../../db/schema'
import { achievementForViewer } from './achievements'
import { needForViewer } from './needs'
import { isLive } from '../identity/permissions'
import type { Principal } from '../identity/principal'

// What the JSON API shows of listings: the public part only. The shapes are
// the zod schemas in server/listings/api-schemas.ts (also the OpenAPI response
// schemas), so the types below keep this file and the document in step.
// Confidential details never leave through here: a detail view reports only
// whether there are any (hasConfidentialDetails).

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
const fen = (v: number | string | null) => (v === null ? null : Number(v))
/** A `date` column comes back as local midnight; read it back in local time. */
const isoDay = (d: Date | string | null) => {
  if (d === null) return null
  if (typeof d === 'string') return d.slice(0, 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
/** Parts per million as a percent string, e.g. 125000 → "12.5" (the form's and the API's input shape). */
const percent = (ppm: number) => String(Math.round(ppm / 100) / 100)

export interface Page<T> {
  items: T[]
  total: number
}

type AchievementRow = Awaited<ReturnType<typeof listAchievements>>[number]
type NeedRow = Awaited<ReturnType<typeof listNeeds>>[number]

/** A listing's industry, or null while a draft has none. */
function industryRef(code: string | null, nameZh: string | null, nameEn: string | null) {
  return code ? { code, nameZh: nameZh ?? '', nameEn: nameEn ?? '' } : null
}

/** The public summary of an achievement (a list row or the head of the detail). */
function achievementSummary(
  a: Pick<AchievementRow, 'id' | 'title' | 'summary' | 'industry_code' | 'industry_name_zh' | 'industry_name_en' | 'trl' | 'transaction_modes' | 'price_kind' | 'price_min_fen' | 'price_max_fen' | 'keywords' | 'org_id' | 'org_name' | 'division_code' | 'status' | 'published_at' | 'expires_at'>,
  live: boolean,
  origin: string,
): AchievementSummaryDto {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    industry: industryRef(a.industry_code, a.industry_name_zh, a.industry_name_en),
    trl: a.trl,
    transactionModes: a.transaction_modes,
    price: { kind: a.price_kind, minFen: fen(a.price_min_fen), maxFen: fen(a.price_max_fen) },
    keywords: a.keywords,
    organisation: { id: a.org_id, name: a.org_name },
    divisionCode: a.division_code,
    status: a.status as ListingStatus,
    live,
    publishedAt: iso(a.published_at),
    expiresAt: iso(a.expires_at),
    url: `${origin}/achievements/${a.id}`,
  }
}

/** The public summary of a need (a list row or the head of the detail). */
function needSummary(
  n: Pick<NeedRow, 'id' | 'title' | 'problem' | 'industry_code' | 'industry_name_zh' | 'industry_name_en' | 'budget_kind' | 'budget_min_fen' | 'budget_max_fen' | 'deadline' | 'preferred_modes' | 'division_code' | 'division_name_zh' | 'division_name_en' | 'org_id' | 'org_name' | 'status' | 'published_at' | 'expires_at'>,
  live: boolean,
  origin: string,
): NeedSummaryDto {
  return {
    id: n.id,
    title: n.title,
    problem: n.problem,
    industry: industryRef(n.industry_code, n.industry_name_zh, n.industry_name_en),
    budget: { kind: n.budget_kind, minFen: fen(n.budget_min_fen), maxFen: fen(n.budget_max_fen) },
    deadline: isoDay(n.deadline),
    preferredModes: n.preferred_modes,
    division: { code: n.division_code, nameZh: n.division_name_zh, nameEn: n.division_name_en },
    organisation: { id: n.org_id, name: n.org_name },
    status: n.status as ListingStatus,
    live,
    publishedAt: iso(n.published_at),
    expiresAt: iso(n.expires_at),
    url: `${origin}/needs/${n.id}`,
  }
}

export async function apiAchievementPage(
  db: Database,
  q: { page: number; pageSize: number; industry?: string; trl?: number; mode?: string },
  origin: string,
): Promise<Page<AchievementSummaryDto>> {
  const filter = { liveOnly: true, industryCode: q.industry, trl: q.trl, mode: q.mode }
  const [rows, total] = await Promise.all([
    listAchievements(db, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countAchievements(db, filter),
  ])
  return {
    total,
    items: rows.map((a) => achievementSummary(a, isLive({ status: a.status, expiresAt: a.expires_at }), origin)),
  }
}

/**
 * One achievement: a published one for anybody; when `viewer` is given (the
 * creator of a draft just made through the API), also one of their own
 * organisation's in any state. Null otherwise.
 */
export async function apiAchievement(db: Database, viewer: Principal | null, id: string, origin: string): Promise<AchievementDto | null> {
  const v = await achievementForViewer(db, viewer, id)
  if (!v) return null
  const a = v.achievement
  return {
    ...achievementSummary(a, v.live, origin),
    benefit: a.benefit,
    ipRights: a.ipRights.map((r) => ({ kind: r.kind, number: r.number, status: r.status, territory: r.territory })),
    contributors: a.contributors.map((c) => ({ name: c.name, kind: c.kind, share: percent(c.share_ppm) })),
    hasConfidentialDetails: a.hasDetails,
    updatedAt: iso(a.updated_at)!,
  }
}

export async function apiNeedPage(
  db: Database,
  q: { page: number; pageSize: number; industry?: string; division?: string },
  origin: string,
): Promise<Page<NeedSummaryDto>> {
  const filter = { liveOnly: true, industryCode: q.industry, divisionCode: q.division }
  const [rows, total] = await Promise.all([
    listNeeds(db, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countNeeds(db, filter),
  ])
  return {
    total,
    items: rows.map((n) => needSummary(n, isLive({ status: n.status, expiresAt: n.expires_at }), origin)),
  }
}

export async function apiNeed(db: Database, viewer: Principal | null, id: string, origin: string): Promise<NeedDto | null> {
  const v = await needForViewer(db, viewer, id)
  if (!v) return null
  const n = v.need
  return {
    ...needSummary(n, v.live, origin),
    desiredOutcome: n.desired_outcome,
    keywords: n.keywords,
    updatedAt: iso(n.updated_at)!,
  }
}

/** The codes a partner needs to fill industryCode and divisionCode. */
export async function apiIndustries(db: Database) {
  return (await listIndustries(db)).map((i) => ({ code: i.code, nameZh: i.name_zh, nameEn: i.name_en, parentCode: i.parent_code }))
}

export async function apiDivisions(db: Database) {
  return (await listDivisions(db)).map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en }))
}
