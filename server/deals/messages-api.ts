import { z } from 'zod'
import type { Database } from '../../db/index'
import { insertDealMessage, lockDeal, touchDeal } from '../../db/repos/deals'
import type { RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { notFound } from '../platform/errors'
import { validText } from '../platform/input'
import { publish, roomName } from '../realtime/publish'
import type { OfferActor } from './offers'
import { partnerDealAccess } from './partner-access'
import type { DealMessageEvent } from './system-line'

// A text message posted to a deal room through the partner API, as the token's
// organisation. Minimal on purpose: the deal rooms' own message service
// (mentions, attachments, read receipts) supersedes it when merged; the
// stored row and the room's `message` event are the same shape.

export const DealMessageInput = z.object({
  body: z.string({ required_error: 'api.errors.messageMissing' }).trim().min(1, 'api.errors.messageMissing').max(4000, 'errors.maxLength|max=4000').refine(...validText),
})

export async function postMessage(db: Database, actor: OfferActor, dealId: string, body: string, meta: RequestMeta) {
  const text = DealMessageInput.parse({ body }).body
  return db.transaction().execute(async (trx) => {
    const access = await partnerDealAccess(trx, actor.principal, actor.tokenOrgId ?? null, dealId)
    if (!access || !(await lockDeal(trx, dealId))) throw notFound()
    const row = await insertDealMessage(trx, { dealId, authorId: actor.principal.userId, kind: 'text', body: text })
    await touchDeal(trx, dealId)
    const event: DealMessageEvent = {
      id: row.id,
      kind: 'text',
      authorId: actor.principal.userId,
      authorName: actor.principal.name,
      body: text,
      params: {},
      mentions: [],
      at: row.created_at.toISOString(),
    }
    await publish(trx, roomName('deal', dealId), 'message', { ...event })
    await audit(trx, meta, actor.principal.userId, 'deal.messagePosted', { type: 'deal', id: dealId, orgId: access.orgId }, { message: row.id })
    return event
  })
}
