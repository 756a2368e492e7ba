import type { Executor } from '../../db/index'
import { findRoadshow, invitedOrgIdsOf, judgeIdsOf, roadshowItems } from '../../db/repos/roadshows'
import { removedUserIdsOf } from '../../db/repos/roadshow-chat'
import { isOrgAdmin, membershipRole } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { refuse } from './answers'

// Who may do what in a roadshow (ADR 033). One function answers for the page,
// its room `roadshow:<id>`, every socket command and the report:
// - organisers: the host, whoever scheduled it, admins of the organising
//   organisation, platform admins — run the session and read the report;
// - judges: invited users — score items;
// - presenters and the items' owners (members of the achievement's
//   organisation) — see intents for their items;
// - the audience: `public` anyone (watching live needs a sign-in, as every
//   socket does), `enterprises` members of verified enterprises,
//   `invitation` members of invited organisations.
// A roadshow that is cancelled, or invitation-only for someone not invited,
// does not exist for those who may not see it (404, never 403).

export interface RoadshowRoles {
  /** May see the page (agenda, time, stream when live). */
  view: boolean
  /** May join the room and take part: chat, ask, vote, answer polls, register intent. */
  participate: boolean
  organiser: boolean
  judge: boolean
  /** Presenter of, or member of the organisation owning, at least one item. */
  presenter: boolean
}

const NONE: RoadshowRoles = {
  view: false,
  participate: false,
  organiser: false,
  judge: false,
  presenter: false,
}

export interface RoadshowAccessFacts {
  roadshow: {
    org_id: string
    created_by: string
    host_user_id: string
    audience: string
    status: string
  }
  judgeIds: string[]
  invitedOrgIds: string[]
  items: { presenter_user_id: string | null; owner_org_id: string | null }[]
  /** People the host removed (移出): they no longer take part (an organiser cannot be removed). */
  removedUserIds?: string[]
}

/** The rule itself, on facts already read (pure: tests and lists call it without queries). */
export function rolesFrom(viewer: Principal | null, f: RoadshowAccessFacts): RoadshowRoles {
  const rs = f.roadshow
  if (!viewer) {
    const open = rs.audience === 'public' && rs.status !== 'cancelled'
    return { ...NONE, view: open }
  }
  const organiser = viewer.isPlatformAdmin || rs.host_user_id === viewer.userId || rs.created_by === viewer.userId || isOrgAdmin(viewer, rs.org_id)
  const judge = f.judgeIds.includes(viewer.userId)
  const presenter = f.items.some((i) => i.presenter_user_id === viewer.userId || (i.owner_org_id !== null && membershipRole(viewer, i.owner_org_id) !== null))
  const insider = organiser || judge || presenter || membershipRole(viewer, rs.org_id) !== null
  let audience: boolean
  switch (rs.audience) {
    case 'public':
      audience = true
      break
    case 'enterprises':
      audience = viewer.memberships.some((m) => m.orgType === 'enterprise' && m.orgStatus === 'verified') || !!viewer.manager
      break
    default:
      audience = viewer.memberships.some((m) => m.orgStatus === 'verified' && f.invitedOrgIds.includes(m.orgId))
  }
  if (rs.status === 'cancelled') return { ...NONE, view: organiser, organiser }
  const view = insider || audience || rs.audience !== 'invitation'
  const removed = !organiser && (f.removedUserIds ?? []).includes(viewer.userId)
  return {
    view,
    participate: (insider || audience) && !removed,
    organiser,
    judge,
    presenter,
  }
}

export async function accessFacts(db: Executor, roadshowId: string) {
  const roadshow = await findRoadshow(db, roadshowId)
  if (!roadshow) return null
  const [judgeIds, invitedOrgIds, items, removedUserIds] = await Promise.all([
    judgeIdsOf(db, roadshowId),
    invitedOrgIdsOf(db, roadshowId),
    roadshowItems(db, roadshowId),
    removedUserIdsOf(db, roadshowId),
  ])
  return { roadshow, judgeIds, invitedOrgIds, items, removedUserIds }
}

/** The viewer's roles in a roadshow, or null when it does not exist for them. */
export async function roadshowRoles(db: Executor, viewer: Principal | null, roadshowId: string) {
  const facts = await accessFacts(db, roadshowId)
  if (!facts) return null
  const roles = rolesFrom(viewer, facts)
  return roles.view ? { roles, facts } : null
}

/** The room `roadshow:<id>`: whoever may take part (the page's rule for signed-in viewers). */
export async function mayJoinRoadshowRoom(db: Executor, viewer: Principal, roadshowId: string) {
  const r = await roadshowRoles(db, viewer, roadshowId)
  return !!r && r.roles.participate
}

/** Why someone who may see the roadshow may not take part: the host removed them (移出), or they are not in its audience. */
export function participationRefusal(facts: Pick<RoadshowAccessFacts, 'removedUserIds'>, userId: string) {
  return refuse((facts.removedUserIds ?? []).includes(userId) ? 'removed' : 'forbidden')
}
