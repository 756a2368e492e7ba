import type { Executor } from '../../db/index'
import { agendaLots, distinctViewerCount, intentsOfRoadshow, itemViewerCounts, registrationCount } from '../../db/repos/roadshow-report'
import type { Principal } from '../identity/principal'
import { forbidden, notFound } from '../platform/errors'
import { roadshowRoles } from './access'
import { agendaOf, headOf } from './after-view'
import type { RoadshowPoll, RoadshowQuestion, RoadshowScoreResult } from './live-events'
import { roadshowTimeline } from './replay'
import type { RoadshowHead } from './view-types'

// 路演报告: what a session came to, for its organisers and platform admins
// (everyone else who may see the roadshow is refused, 403; who may not see it
// finds nothing, 404). Audience and peaks come from the presence tables, the
// questions, polls and scores from the stored events (as the replay shows
// them), intents and deal rooms and auction lots from their tables.

const TOP_QUESTIONS = 5

export interface ReportQuestions {
  count: number
  answered: number
  top: RoadshowQuestion[]
}

export interface ReportIntent {
  id: string
  orgName: string
  userName: string
  mode: string
  note: string
  at: string
  deal: { id: string; title: string; stage: string } | null
}

export interface ReportLot {
  id: string
  title: string
  status: string
  bidCount: number
  priceFen: number | null
  hammerPriceFen: number | null
}

export interface ReportItem {
  id: string
  position: number
  title: string
  presenterName: string
  startedAt: string | null
  endedAt: string | null
  peakAudience: number
  viewers: number
  questions: ReportQuestions
  polls: RoadshowPoll[]
  score: RoadshowScoreResult | null
  intents: ReportIntent[]
  lot: ReportLot | null
}

export interface RoadshowReport {
  roadshow: RoadshowHead
  startedAt: string | null
  endedAt: string | null
  registrations: number
  peakAudience: number
  viewers: number
  chatLines: number
  items: ReportItem[]
  /** Questions and polls about the session as a whole. */
  general: { questions: ReportQuestions; polls: RoadshowPoll[] }
  totals: { questions: number; answered: number; polls: number; intents: number; dealRooms: number; bids: number }
}

function questionsOf(list: RoadshowQuestion[]): ReportQuestions {
  const sorted = [...list].sort((a, b) => b.votes - a.votes || a.at.localeCompare(b.at))
  return { count: list.length, answered: list.filter((q) => q.answeredAt).length, top: sorted.slice(0, TOP_QUESTIONS) }
}

/** The report, or a DomainError: not_found for who may not see the roadshow, forbidden for who may see it but does not organise it. */
export async function roadshowReport(db: Executor, viewer: Principal | null, roadshowId: string): Promise<RoadshowReport> {
  const access = await roadshowRoles(db, viewer, roadshowId)
  if (!access) throw notFound()
  if (!access.roles.organiser) throw forbidden()
  const { roadshow, items } = access.facts
  const [timeline, registrations, viewers, perItem, intents, lots] = await Promise.all([
    roadshowTimeline(db, roadshow.id),
    registrationCount(db, roadshow.id),
    distinctViewerCount(db, roadshow.id),
    itemViewerCounts(db, roadshow.id),
    intentsOfRoadshow(db, roadshow.id),
    agendaLots(
      db,
      items.map((i) => i.auction_id).filter((x): x is string => !!x)
    ),
  ])
  const itemIds = new Set(items.map((i) => i.id))
  const intentView = (r: (typeof intents)[number]): ReportIntent => ({
    id: r.id,
    orgName: r.org_name,
    userName: r.user_name,
    mode: r.mode,
    note: r.note,
    at: r.created_at.toISOString(),
    deal: r.deal_id ? { id: r.deal_id, title: r.deal_title ?? '', stage: r.deal_stage ?? '' } : null,
  })
  const lotView = (id: string | null): ReportLot | null => {
    const l = id ? lots.find((x) => x.id === id) : undefined
    if (!l) return null
    return {
      id: l.id,
      title: l.title,
      status: l.status,
      bidCount: l.bid_count,
      priceFen: l.current_price_fen === null ? null : Number(l.current_price_fen),
      hammerPriceFen: l.hammer_price_fen === null ? null : Number(l.hammer_price_fen),
    }
  }
  const agenda = agendaOf(items)
  const reportItems: ReportItem[] = items.map((i, n) => ({
    id: i.id,
    position: i.position,
    title: agenda[n]!.title,
    presenterName: i.presenter_name,
    startedAt: i.started_at?.toISOString() ?? null,
    endedAt: i.ended_at?.toISOString() ?? null,
    peakAudience: i.peak_audience,
    viewers: perItem.get(i.id) ?? 0,
    questions: questionsOf(timeline.questions.filter((q) => q.itemId === i.id)),
    polls: timeline.polls.filter((p) => p.itemId === i.id),
    score: timeline.scores[i.id] ?? null,
    intents: intents.filter((r) => r.item_id === i.id).map(intentView),
    lot: lotView(i.auction_id),
  }))
  const general = {
    questions: questionsOf(timeline.questions.filter((q) => q.itemId === null || !itemIds.has(q.itemId))),
    polls: timeline.polls.filter((p) => p.itemId === null || !itemIds.has(p.itemId)),
  }
  return {
    roadshow: headOf(roadshow),
    startedAt: roadshow.started_at?.toISOString() ?? null,
    endedAt: roadshow.ended_at?.toISOString() ?? null,
    registrations,
    peakAudience: roadshow.peak_audience,
    viewers,
    chatLines: timeline.chatLines,
    items: reportItems,
    general,
    totals: {
      questions: timeline.questions.length,
      answered: timeline.questions.filter((q) => q.answeredAt).length,
      polls: timeline.polls.length,
      intents: intents.length,
      dealRooms: new Set(intents.map((r) => r.deal_id).filter(Boolean)).size,
      bids: lots.reduce((s, l) => s + l.bid_count, 0),
    },
  }
}
