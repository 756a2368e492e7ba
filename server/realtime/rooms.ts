import type { Executor } from '../../db/index'
import { mayJoinAuctionRoom } from '../auctions/access'
import { mayJoinDealRoom } from '../deals/access'
import { mayJoinRoadshowRoom } from '../roadshows/access'
import type { Principal } from '../identity/principal'

// Who may join which room — the one function the socket layer asks (ADR 021).
// `deal:<id>`: the same rule as the deal's page (mayJoinDealRoom); `user:<id>`:
// only that user; `auction:<id>`: the lot page's rule (mayJoinAuctionRoom);
// `roadshow:<id>`: whoever may take part in the session (mayJoinRoadshowRoom).
// Anything else (unknown kinds, malformed ids) is refused. A refusal looks
// exactly like a room that does not exist: callers answer `not_found` for both.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export async function mayJoinRoom(db: Executor, principal: Principal, room: string): Promise<boolean> {
  const colon = room.indexOf(':')
  if (colon < 0) return false
  const kind = room.slice(0, colon)
  const id = room.slice(colon + 1)
  if (!UUID.test(id)) return false
  switch (kind) {
    case 'user':
      return id === principal.userId
    case 'deal':
      return mayJoinDealRoom(db, principal, id)
    case 'auction':
      return mayJoinAuctionRoom(db, principal, id)
    case 'roadshow':
      return mayJoinRoadshowRoom(db, principal, id)
    default:
      return false
  }
}
