import type { Database, Executor } from '../../db/index'
import { dealsBySources, openDirectDeal } from '../../db/repos/deal-rooms'
import { findNeed } from '../../db/repos/needs'
import type { DealSource } from '../../db/schema'
import type { Principal, RequestMeta } from '../identity/principal'
import { notFound } from '../platform/errors'
import { dealAccess } from './access'
import { openDealDirect, openDealFromInterest, openDealFromMatch, openDealFromNeedResponse } from './open'

// The "开启洽谈室" buttons: from an accepted match, interest or need response,
// or a manager bringing an achievement and a need's enterprise together. Each
// goes through open.ts (its own rules, idempotent per source); pages ask which
// of their sources already have a room, to link to it instead.

export type OpenFrom = { from: 'match' | 'interest' | 'need_response'; id: string } | { from: 'direct'; achievementId: string; needId: string }

export async function openRoom(db: Database, actor: Principal, input: OpenFrom, meta: RequestMeta) {
  switch (input.from) {
    case 'match':
      return openDealFromMatch(db, actor, input.id, meta)
    case 'interest':
      return openDealFromInterest(db, actor, input.id, meta)
    case 'need_response':
      return openDealFromNeedResponse(db, actor, input.id, meta)
    case 'direct': {
      const need = await findNeed(db, input.needId)
      if (!need) throw notFound()
      // A manager's second click (or a colleague's) finds the room already open for this pair.
      const existing = actor.manager ? await openDirectDeal(db, input.achievementId, need.id) : undefined
      if (existing && (await dealAccess(db, actor, existing.id))) return { id: existing.id, created: false }
      return openDealDirect(db, actor, { achievementId: input.achievementId, buyerOrgId: need.org_id, needId: need.id }, meta)
    }
  }
}

/** Source id → room id for the sources of `kind` that already have a room. */
export async function openedRooms(db: Executor, kind: DealSource, sourceIds: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await dealsBySources(db, kind, sourceIds))
}
