import type { Executor } from '../../db/index'
import { intentsOfItems } from '../../db/repos/roadshow-intents'
import { membershipRole } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { forbidden, notFound } from '../platform/errors'
import { roadshowRoles } from './access'
import { inboxItemIds } from './intents'

// The intents inbox of a roadshow (/roadshows/:id/intents): organisers see
// every item's intents, the owner's side (and a presenter) their own items';
// anyone else who may see the roadshow is refused, and for those who may not
// it does not exist.

export interface InboxRow {
  id: string
  itemId: string
  itemTitle: string
  userName: string
  orgName: string
  mode: string
  note: string
  at: string
  dealId: string | null
  /** The viewer may open the deal room (organisers and the owner's side). */
  mayOpen: boolean
}

export async function intentsInbox(db: Executor, viewer: Principal, roadshowId: string) {
  const access = await roadshowRoles(db, viewer, roadshowId)
  if (!access) throw notFound()
  const { roles, facts } = access
  if (!roles.organiser && !roles.presenter) throw forbidden()
  const itemIds = inboxItemIds(viewer, roles, facts.items)
  const items = new Map(facts.items.map((i) => [i.id, i]))
  const rows = await intentsOfItems(db, roadshowId, itemIds)
  return {
    roadshow: { id: facts.roadshow.id, title: facts.roadshow.title },
    rows: rows.map((r): InboxRow => {
      const item = items.get(r.item_id)!
      return {
        id: r.id,
        itemId: r.item_id,
        itemTitle: item.title,
        userName: r.user_name,
        orgName: r.org_name,
        mode: r.mode,
        note: r.note,
        at: r.created_at.toISOString(),
        dealId: r.deal_id,
        mayOpen: item.achievement_id !== null && (roles.organiser || (item.owner_org_id !== null && membershipRole(viewer, item.owner_org_id) !== null)),
      }
    }),
  }
}
