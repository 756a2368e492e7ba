import { z } from 'zod'
import { chatLineByKey, chatLinesSince, insertChatLine, lockChatter, sanctionOf } from '../../db/repos/roadshow-chat'
import { findRoadshow } from '../../db/repos/roadshows'
import type { Principal } from '../identity/principal'
import type { SocketCommand } from '../realtime/commands'
import { refuse, type RoadshowAnswer } from './answers'
import { lineText, parseCommand, rolesOrRefusal } from './command-input'
import type { RoadshowChatLine } from './live-events'
import { roadshowRulesOn } from './policy'
import { publishRoadshow } from './publish'
import { blockedWordIn } from './word-filter'

// 互动聊天 while a roadshow is live (ADR 033). Participants only; muted or
// removed people are refused with the reason; the rate limit (policy
// chatRate) is counted in the database under a per-person lock, so it holds
// however many processes or tabs send; the word filter names why a line was
// refused. A line re-sent with the same key is answered with the stored one.

const ChatMessage = z.object({
  roadshowId: z.string().uuid(),
  body: z.unknown(),
  key: z.string().min(1).max(80),
})

const Body = lineText(300)

/** The organisation a line is signed with: the first verified one (a person of several is shown by one). */
export function chatOrgName(p: Principal) {
  return p.memberships.find((m) => m.orgStatus === 'verified')?.orgName ?? null
}

export const sendChat: SocketCommand = async (db, principal, msg, at): Promise<RoadshowAnswer<{ line: RoadshowChatLine; duplicate?: true }>> => {
  const parsed = parseCommand(ChatMessage, msg)
  if (!parsed.ok) return parsed
  const { roadshowId, key } = parsed.data
  const body = Body.safeParse(parsed.data.body)
  if (!body.success) return refuse('invalid', 'body')
  const access = await rolesOrRefusal(db, principal, roadshowId)
  if ('ok' in access) return access
  const { roles } = access

  return db.transaction().execute(async (trx) => {
    await lockChatter(trx, roadshowId, principal.userId)
    const line = (id: string, text: string, when: Date): RoadshowChatLine => ({
      id,
      userId: principal.userId,
      name: principal.name,
      orgName: chatOrgName(principal),
      body: text,
      at: when.toISOString(),
    })
    const earlier = await chatLineByKey(trx, roadshowId, principal.userId, key)
    if (earlier && !earlier.hidden_at)
      return {
        ok: true,
        line: line(earlier.id, earlier.body, earlier.created_at),
        duplicate: true,
      }
    if (earlier) return refuse('invalid', 'key')

    const sanction = await sanctionOf(trx, roadshowId, principal.userId)
    if (sanction?.kind === 'remove' && !roles.organiser) return refuse('removed')
    if (!roles.participate) return refuse('forbidden')
    if (sanction?.kind === 'mute' && (!sanction.until || sanction.until > at)) return refuse('muted')

    const rs = await findRoadshow(trx, roadshowId)
    if (!rs) return refuse('not_found')
    if (rs.status === 'ended') return refuse('ended')
    if (rs.status !== 'live') return refuse('not_live')

    const rules = roadshowRulesOn(at)
    if (blockedWordIn(body.data, rules.blockedWords)) return refuse('blocked_words', 'body')
    const recent = await chatLinesSince(trx, roadshowId, principal.userId, new Date(at.getTime() - rules.chatRate.windowMs))
    if (recent >= rules.chatRate.burst) return refuse('rate_limited')

    const row = await insertChatLine(trx, {
      roadshowId,
      userId: principal.userId,
      body: body.data,
      key,
      at,
    })
    const out = line(row.id, body.data, row.created_at)
    await publishRoadshow(trx, roadshowId, { kind: 'chat', payload: out })
    return { ok: true, line: out }
  })
}
