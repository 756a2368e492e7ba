import type { Database } from '../../db/index'
import { submitBid, submitProxy } from '../auctions/commands'
import { submitSealedBid } from '../auctions/sealed'
import type { Principal, RequestMeta } from '../identity/principal'
import { ROADSHOW_COMMANDS } from '../roadshows/commands'

// Commands a page sends over its socket and gets answered through the ack
// (ADR 027): each takes the signed-in principal and the message, authorises
// and validates it itself, and answers with plain JSON. Joining rooms is not a
// command (server.ts). A command's own rules decide; the socket only carries it.

/** `at` is when the message reached the server: a bid's time for every rule; `meta` says where from, for the audit log. */
export type SocketCommand = (db: Database, principal: Principal, msg: unknown, at: Date, meta: RequestMeta) => Promise<unknown>

export const SOCKET_COMMANDS: Record<string, SocketCommand> = {
  'auction:bid': (db, p, msg, at) => submitBid(db, p, msg, at),
  'auction:proxy': (db, p, msg, at) => submitProxy(db, p, msg, at),
  'auction:sealed': (db, p, msg, at) => submitSealedBid(db, p, msg, at),
  ...ROADSHOW_COMMANDS,
}
