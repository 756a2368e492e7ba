import { z } from 'zod'
import type { Database } from '../../db/index'
import type { RequestMeta } from '../identity/principal'
import { validText } from '../platform/input'
import type { FileStore } from '../platform/files/store'
import { sendMessage } from './messages'
import type { OfferActor } from './offers'
import { partnerDealAccess } from './partner-access'

// A text message posted to a deal room through the partner API, as the token's
// organisation: the room's own sendMessage (broadcast, mentions, notifications)
// under the token-scoped access rule.

export const DealMessageInput = z.object({
  body: z.string({ required_error: 'api.errors.messageMissing' }).trim().min(1, 'api.errors.messageMissing').max(4000, 'errors.maxLength|max=4000').refine(...validText),
})

export async function postMessage(db: Database, store: FileStore, actor: OfferActor, dealId: string, body: string, meta: RequestMeta) {
  const text = DealMessageInput.parse({ body }).body
  return sendMessage(db, store, actor.principal, dealId, { body: text }, meta, (ex, p, id) => partnerDealAccess(ex, p, actor.tokenOrgId ?? null, id))
}
