import type { Executor } from '../../db/index'
import { insertDealMessage, touchDeal } from '../../db/repos/deals'
import { publish, roomName } from '../realtime/publish'

// The quiet "system" line a deal room shows for every stage change, offer and
// change of members: stored with the conversation (so the transcript has it)
// and broadcast to the room like any message.

/** The payload of a deal room's `message` event (a person's message or a system line). */
export interface DealMessageEvent {
  id: number
  kind: 'text' | 'system'
  authorId: string | null
  authorName: string | null
  /** Text, or for a system line a catalog key under deals.system.* */
  body: string
  params: Record<string, string>
  mentions: string[]
  at: string
}

/** Posts a system line (catalog key `deals.system.*` with its params) to the room. */
export async function postSystemLine(trx: Executor, dealId: string, key: `deals.system.${string}`, params: Record<string, string> = {}) {
  const row = await insertDealMessage(trx, { dealId, authorId: null, kind: 'system', body: key, params })
  await touchDeal(trx, dealId)
  const event: DealMessageEvent = { id: row.id, kind: 'system', authorId: null, authorName: null, body: key, params, mentions: [], at: row.created_at.toISOString() }
  await publish(trx, roomName('deal', dealId), 'message', { ...event })
  return row.id
}
