import type { z } from 'zod'
import type { Executor } from '../../db/index'
import { roadshowApiPage } from '../../db/repos/roadshow-api'
import { registrationCount } from '../../db/repos/roadshow-report'
import type { Principal } from '../identity/principal'
import { roadshowRoles } from './access'
import type { RoadshowDto, RoadshowListQuery, RoadshowSummaryDto } from './api-schemas'
import { roadshowLiveState } from './live-state'

// The partner API for roadshows: the list a caller may see (the page's rule,
// as SQL) and one roadshow as its page shows it to the same caller — head,
// agenda, a live summary folded from the stored events, and once it ended the
// judged results and poll tallies. A bearer token sees what its organisation
// sees; a session what the person sees.

type ListRow = Awaited<ReturnType<typeof roadshowApiPage>>['rows'][number]

function summary(
  r: ListRow | (Omit<ListRow, 'item_count' | 'registrations'> & { item_count: number; registrations: number }),
  origin: string
): RoadshowSummaryDto {
  return {
    id: r.id,
    title: r.title,
    theme: r.theme,
    industryCode: r.industry_code,
    organiser: r.org_name,
    status: r.status as RoadshowSummaryDto['status'],
    startsAt: r.starts_at.toISOString(),
    plannedEndAt: r.planned_end_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    venueMode: r.venue_mode,
    audience: r.audience,
    itemCount: Number(r.item_count ?? 0),
    registrations: Number(r.registrations ?? 0),
    peakAudience: r.peak_audience,
    url: `${origin}/roadshows/${r.id}`,
  }
}

export async function apiRoadshowPage(
  db: Executor,
  principal: Principal | null,
  tokenOrgId: string | null,
  q: z.infer<typeof RoadshowListQuery>,
  origin: string
) {
  const memberships = (principal?.memberships ?? []).filter((m) => !tokenOrgId || m.orgId === tokenOrgId)
  const { rows, total } = await roadshowApiPage(
    db,
    {
      userId: principal?.userId ?? null,
      // A token acts for its organisation, not for the whole platform.
      isPlatformAdmin: !!principal?.isPlatformAdmin && !tokenOrgId,
      orgIds: memberships.map((m) => m.orgId),
      verifiedOrgIds: memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId),
    },
    { phase: q.phase, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }
  )
  return { items: rows.map((r) => summary(r, origin)), total }
}

/** One roadshow for the API, or null when the caller may not see it (→ 404; cancelled ones are not served). */
export async function apiRoadshow(
  db: Executor,
  principal: Principal | null,
  roadshowId: string,
  origin: string,
  now = new Date()
): Promise<RoadshowDto | null> {
  const access = await roadshowRoles(db, principal, roadshowId)
  if (!access || access.facts.roadshow.status === 'cancelled') return null
  const { roadshow: r, items } = access.facts
  const [state, counts] = await Promise.all([roadshowLiveState(db, r.id), registrationCount(db, r.id)])
  const ended = state.phase === 'ended' || r.status === 'ended'
  return {
    ...summary({ ...r, item_count: items.length, registrations: counts }, origin),
    venueAddress: r.venue_address,
    recordingUrl: r.recording_url,
    rubric: r.rubric,
    agenda: items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      presenterName: i.presenter_name,
      pitchMinutes: i.pitch_minutes,
      qaMinutes: i.qa_minutes,
      achievementId: i.achievement_id,
      auctionId: i.auction_id,
      startedAt: i.started_at?.toISOString() ?? null,
      endedAt: i.ended_at?.toISOString() ?? null,
    })),
    live: {
      phase: state.phase,
      currentItemId: state.phase === 'live' ? state.currentItemId : null,
      audienceNow: state.phase === 'live' ? state.presence.current : 0,
      peakAudience: Math.max(state.presence.peak, r.peak_audience),
      items: items.map((i) => ({
        itemId: i.id,
        questions: state.questions.filter((q) => q.itemId === i.id).length,
        intents: state.intents[i.id] ?? 0,
        judgesScored: state.scoring[i.id]?.judges ?? 0,
        qaOpen: state.qaOpen.includes(i.id),
      })),
    },
    results: ended
      ? {
          scores: items.flatMap((i) => {
            const result = state.scoring[i.id]?.result
            return result ? [{ itemId: i.id, result }] : []
          }),
          polls: state.polls.map((p) => ({
            id: p.id,
            itemId: p.itemId,
            question: p.question,
            options: p.options,
            multiple: p.multiple,
            counts: p.counts,
            voters: p.voters,
            closedAt: p.closedAt,
          })),
          questions: state.questions.length,
          questionsAnswered: state.questions.filter((q) => q.answeredAt).length,
        }
      : null,
    serverNow: now.toISOString(),
  }
}
