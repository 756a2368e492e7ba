import type { Executor } from '../../db/index'
import { countRegistrations } from '../../db/repos/roadshow-schedule'
import { isRegistered } from '../../db/repos/roadshows'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { roadshowRoles } from './access'
import { agendaOf, headOf } from './after-view'
import { roadshowAuctionViews } from './auction-panel'
import { liveSnapshot } from './live-snapshot'
import { intentOrgsOf } from './intents'
import type { RoadshowLiveProps } from './view-types'

// What /roadshows/:id shows (ADR 033): the head and agenda as plain JSON, the
// live snapshot for the live panel, the lots bid on live, and this viewer's
// registration. A roadshow the viewer may not see does not exist for them.

export async function roadshowPage(db: Executor, viewer: Principal | null, id: string, now = new Date()) {
  const access = await roadshowRoles(db, viewer, id)
  if (!access) throw notFound()
  const roadshow = headOf(access.facts.roadshow)
  const items = agendaOf(access.facts.items)
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
