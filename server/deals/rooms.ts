import type { Executor } from '../../db/index'
import { partiesOfDeals, unreadCounts } from '../../db/repos/deal-rooms'
import { dealListings, dealMembers, dealsForUser, stageChanges } from '../../db/repos/deals'
import type { DealStage } from '../../db/schema'
import { roomLastSeq } from '../../db/repos/realtime'
import type { Principal } from '../identity/principal'
import { roomName } from '../realtime/publish'
import type { DealAccess } from './access'
import { DEAL_STAGES, manualNext, mayCloseFrom } from './stage-rules'

// What the deal-room pages show: the signed-in user's rooms (/deals) and a
// room's header (its parties, listings, managers, source and stage).

export type RoomFilter = DealStage | 'open' | 'all'

export function parseRoomFilter(v: string | null): RoomFilter {
  return v === 'all' || v === 'open' || (DEAL_STAGES as readonly string[]).includes(v ?? '') ? (v as RoomFilter) : 'open'
}

export async function myRooms(db: Executor, viewer: Principal, filter: RoomFilter) {
  const adminOrgIds = viewer.memberships.filter((m) => m.orgStatus === 'verified' && (m.role === 'owner' || m.role === 'admin')).map((m) => m.orgId)
  const deals = await dealsForUser(db, viewer.userId, adminOrgIds, { stage: filter === 'all' ? undefined : filter })
  const ids = deals.map((d) => d.id)
  const [parties, unread] = await Promise.all([partiesOfDeals(db, ids), unreadCounts(db, viewer.userId, ids)])
  return deals.map((d) => ({
    id: d.id,
    title: d.title,
    stage: d.stage,
    source: d.source_kind,
    closedReason: d.closed_reason,
    lastActivity: d.updated_at.toISOString(),
    unread: unread.get(d.id) ?? 0,
    parties: parties.filter((p) => p.deal_id === d.id).map((p) => ({ orgId: p.org_id, side: p.side, name: p.name })),
  }))
}

export async function roomHeader(db: Executor, access: DealAccess) {
  const [listings, members] = await Promise.all([dealListings(db, access.deal.id), dealMembers(db, access.deal.id)])
  const d = access.deal
  // How far a lost deal had got: the stage bar shows the steps it reached.
  const lostAt = d.stage === 'closed_lost' ? ((await stageChanges(db, d.id)).filter((c) => c.to_stage === 'closed_lost').pop()?.from_stage ?? null) : null
  return {
    id: d.id,
    title: d.title,
    stage: d.stage,
    lostAt,
    source: d.source_kind,
    closedReason: d.closed_reason,
    closedNote: d.closed_note,
    createdAt: d.created_at.toISOString(),
    parties: access.parties.map((p) => ({ orgId: p.org_id, side: p.side, name: p.name })),
    listings: listings.map((l) => (l.achievement_id ? { kind: 'achievement' as const, id: l.achievement_id, title: l.title } : { kind: 'need' as const, id: l.need_id!, title: l.title })),
    managers: members.filter((m) => m.role === 'manager').map((m) => ({ userId: m.user_id, name: m.name, agency: m.org_name })),
    viewer: { side: access.side, isPartyAdmin: access.isPartyAdmin },
    next: manualNext(d.stage),
    mayClose: mayCloseFrom(d.stage),
  }
}

/** The room's last event number: read before the page's data, so no event falls between. */
export const roomSeq = (db: Executor, dealId: string) => roomLastSeq(db, roomName('deal', dealId))
