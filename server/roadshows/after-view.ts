import type { RoadshowItemRow, RoadshowRow } from '../../db/repos/roadshows'
import type { AgendaItem, RoadshowHead } from './view-types'

// The head and agenda of a roadshow as plain JSON, for its page and the pages
// after the session (replay, report).

export function headOf(r: RoadshowRow): RoadshowHead {
  return {
    id: r.id,
    title: r.title,
    theme: r.theme,
    industryCode: r.industry_code,
    orgId: r.org_id,
    orgName: r.org_name,
    startsAt: new Date(r.starts_at).toISOString(),
    plannedEndAt: new Date(r.planned_end_at).toISOString(),
    venueMode: r.venue_mode,
    venueAddress: r.venue_address,
    audience: r.audience,
    status: r.status,
    streamKind: r.stream_kind,
    streamUrl: r.stream_url,
    recordingUrl: r.recording_url,
    rubric: r.rubric,
    hostUserId: r.host_user_id,
  }
}

/** The agenda; slides are linked for viewers of the roadshow (/files serves them to whoever may view it). */
export function agendaOf(items: RoadshowItemRow[]): AgendaItem[] {
  return items.map((i) => ({
    id: i.id,
    position: i.position,
    title: i.title,
    presenterName: i.presenter_name,
    pitchMinutes: i.pitch_minutes,
    qaMinutes: i.qa_minutes,
    achievementId: i.achievement_id,
    slidesUrl: i.slides_attachment_id ? `/files/${i.slides_attachment_id}` : null,
    auctionId: i.auction_id,
    ownerOrgId: i.owner_org_id,
  }))
}
