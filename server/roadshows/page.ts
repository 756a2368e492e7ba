import type { Executor } from '../../db/index'
import { countRegistrations } from '../../db/repos/roadshow-schedule'
import { isRegistered, type RoadshowItemRow, type RoadshowRow } from '../../db/repos/roadshows'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { roadshowRoles } from './access'
import { roadshowAuctionViews } from './auction-panel'
import { liveSnapshot } from './live-snapshot'
import { intentOrgsOf } from './intents'
import type { AgendaItem, RoadshowHead, RoadshowLiveProps } from './view-types'

// What /roadshows/:id shows (ADR 033): the head and agenda as plain JSON, the
// live snapshot for the live panel, the lots bid on live, and this viewer's
// registration. A roadshow the viewer may not see does not exist for them.

export function roadshowHead(rs: RoadshowRow): RoadshowHead {
  return {
    id: rs.id,
    title: rs.title,
    theme: rs.theme,
    industryCode: rs.industry_code,
    orgId: rs.org_id,
    orgName: rs.org_name,
    startsAt: new Date(rs.starts_at).toISOString(),
    plannedEndAt: new Date(rs.planned_end_at).toISOString(),
    venueMode: rs.venue_mode,
    venueAddress: rs.venue_address,
    audience: rs.audience,
    status: rs.status,
    streamKind: rs.stream_kind,
    streamUrl: rs.stream_url,
    recordingUrl: rs.recording_url,
    rubric: rs.rubric,
    hostUserId: rs.host_user_id,
  }
}

export function agendaItem(i: RoadshowItemRow): AgendaItem {
  return {
    id: i.id,
    position: i.position,
    title: i.title,
    presenterName: i.presenter_name,
    pitchMinutes: i.pitch_minutes,
    qaMinutes: i.qa_minutes,
    achievementId: i.achievement_id,
    // /files/:id serves slides to whoever may view the roadshow.
    slidesUrl: i.slides_attachment_id ? `/files/${i.slides_attachment_id}` : null,
    auctionId: i.auction_id,
    ownerOrgId: i.owner_org_id,
  }
}

export async function roadshowPage(db: Executor, viewer: Principal | null, id: string, now = new Date()) {
  const access = await roadshowRoles(db, viewer, id)
  if (!access) throw notFound()
  const roadshow = roadshowHead({ ...access.facts.roadshow })
  const items = access.facts.items.map(agendaItem)
  const [live, auctions, registered, registrations] = await Promise.all([
    liveSnapshot(db, viewer, id, access.roles),
    roadshowAuctionViews(db, viewer, items, now),
    viewer ? isRegistered(db, id, viewer.userId) : Promise.resolve(false),
    countRegistrations(db, id),
  ])
  const intentOrgs = viewer ? intentOrgsOf(viewer).map((m) => ({ id: m.orgId, name: m.orgName })) : []
  const props: RoadshowLiveProps = { roadshow, items, live, auctions, intentOrgs, serverNow: now.toISOString() }
  return { props, roles: access.roles, registered, registrations }
}
