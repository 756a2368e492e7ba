import type { Executor } from '../../db/index'
import { listRoadshowCards, organisedRoadshowCards, roadshowThemes, type RoadshowCardRow } from '../../db/repos/roadshow-list'
import type { Principal } from '../identity/principal'
import { accessFacts, rolesFrom } from './access'
import { maySchedule } from './schedule'

// /roadshows (ADR 033): live now, upcoming and past sessions the visitor may
// see, filtered by theme and industry, and an organiser's own roadshows
// (whatever their state). Public ones are anyone's; the registered-enterprise
// ones anyone signed in may see (taking part is the page's question); an
// invitation-only one appears only to those access.ts lets view it.

const PER_SECTION = 30

export interface RoadshowCard {
  id: string
  title: string
  theme: string
  industryName: { zh: string; en: string } | null
  orgName: string
  status: RoadshowCardRow['status']
  audience: RoadshowCardRow['audience']
  venueMode: RoadshowCardRow['venue_mode']
  venueAddress: string
  startsAt: string
  plannedEndAt: string
  itemCount: number
  registrations: number
}

function card(r: RoadshowCardRow): RoadshowCard {
  return {
    id: r.id,
    title: r.title,
    theme: r.theme,
    industryName: r.industry_name_zh ? { zh: r.industry_name_zh, en: r.industry_name_en ?? r.industry_name_zh } : null,
    orgName: r.org_name,
    status: r.status,
    audience: r.audience,
    venueMode: r.venue_mode,
    venueAddress: r.venue_address,
    startsAt: new Date(r.starts_at).toISOString(),
    plannedEndAt: new Date(r.planned_end_at).toISOString(),
    itemCount: Number(r.item_count ?? 0),
    registrations: Number(r.registration_count ?? 0),
  }
}

async function visible(db: Executor, viewer: Principal | null, rows: RoadshowCardRow[]) {
  const out: RoadshowCard[] = []
  for (const r of rows) {
    if (r.audience === 'public' || (viewer && r.audience === 'enterprises')) out.push(card(r))
    else if (viewer) {
      const facts = await accessFacts(db, r.id)
      if (facts && rolesFrom(viewer, facts).view) out.push(card(r))
    }
  }
  return out
}

export async function roadshowList(db: Executor, viewer: Principal | null, filter: { theme?: string; industry?: string }) {
  const f = { theme: filter.theme || undefined, industryCode: filter.industry || undefined, limit: PER_SECTION }
  const [live, upcoming, past, themes, mayNew] = await Promise.all([
    listRoadshowCards(db, { ...f, statuses: ['live'], order: 'asc' }),
    listRoadshowCards(db, { ...f, statuses: ['scheduled'], order: 'asc' }),
    listRoadshowCards(db, { ...f, statuses: ['ended'], order: 'desc' }),
    roadshowThemes(db),
    maySchedule(db, viewer),
  ])
  const adminOrgs = viewer ? viewer.memberships.filter((m) => m.role === 'owner' || m.role === 'admin').map((m) => m.orgId) : []
  const mine = viewer ? (await organisedRoadshowCards(db, viewer.userId, viewer.isPlatformAdmin ? [] : adminOrgs, PER_SECTION)).map(card) : []
  return {
    live: await visible(db, viewer, live),
    upcoming: await visible(db, viewer, upcoming),
    past: await visible(db, viewer, past),
    mine,
    themes,
    maySchedule: mayNew,
  }
}
