import { z } from 'zod'
import { findChatLine, hideChatLines, liftSanction, putSanction } from '../../db/repos/roadshow-chat'
import { lockRoadshow } from '../../db/repos/roadshows'
import { loadPrincipal } from '../../db/repos/users'
import type { Executor } from '../../db/index'
import { audit } from '../platform/audit'
import type { SocketCommand } from '../realtime/commands'
import { refuse, type RoadshowAnswer } from './answers'
import { accessFacts, rolesFrom } from './access'
import { parseCommand, rolesOrRefusal } from './command-input'
import { publishRoadshow } from './publish'

// The host's moderation of the chat (ADR 033), organisers only: hide a line;
// mute someone (禁言) for some minutes or the rest of the session; lift it;
// remove someone (移出): muted for good, every line of theirs hidden, and —
// through the access rule, which no longer lets them take part — their open
// sockets leave the room when the `sanction` event is broadcast
// (server/realtime/broadcast.ts). An organiser cannot be muted or removed.

/** A mute lasts at most a day; without minutes it lasts the session. */
const MAX_MUTE_MINUTES = 24 * 60

const ModerateMessage = z.discriminatedUnion('action', [
  z.object({
    roadshowId: z.string().uuid(),
    action: z.literal('hide'),
    chatId: z.string().uuid(),
  }),
  z.object({
    roadshowId: z.string().uuid(),
    action: z.literal('mute'),
    userId: z.string().uuid(),
    minutes: z.number().int().min(1).max(MAX_MUTE_MINUTES).nullish(),
  }),
  z.object({
    roadshowId: z.string().uuid(),
    action: z.enum(['unmute', 'remove']),
    userId: z.string().uuid(),
  }),
])

export const moderate: SocketCommand = async (db, principal, msg, at, meta): Promise<RoadshowAnswer<{ changed: boolean }>> => {
  const parsed = parseCommand(ModerateMessage, msg)
  if (!parsed.ok) return parsed
  const m = parsed.data
  const access = await rolesOrRefusal(db, principal, m.roadshowId)
  if ('ok' in access) return access
  if (!access.roles.organiser) return refuse('forbidden')

  return db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, m.roadshowId)
    if (!rs || rs.status === 'cancelled') return refuse('not_found')
    const entity = { type: 'roadshow', id: m.roadshowId, orgId: rs.org_id }

    if (m.action === 'hide') {
      const line = await findChatLine(trx, m.roadshowId, m.chatId)
      if (!line) return refuse('not_found', 'chatId')
      if (line.hidden_at) return { ok: true, changed: false }
      const ids = await hideChatLines(trx, m.roadshowId, principal.userId, at, {
        ids: [line.id],
      })
      await publishRoadshow(trx, m.roadshowId, {
        kind: 'chat_hidden',
        payload: { ids },
      })
      await audit(trx, meta, principal.userId, 'roadshow.moderate.hide', entity, {
        title: rs.title,
        chatId: line.id,
        userId: line.user_id,
      })
      return { ok: true, changed: true }
    }

    // The person sanctioned must be someone the session knows who is not one of its organisers.
    const target = await targetOf(trx, m.roadshowId, m.userId)
    if (target === 'unknown') return refuse('not_found', 'userId')
    if (target === 'organiser') return refuse('forbidden', 'userId')

    if (m.action === 'unmute') {
      if (!(await liftSanction(trx, m.roadshowId, m.userId))) return { ok: true, changed: false }
      await publishRoadshow(trx, m.roadshowId, {
        kind: 'sanction',
        payload: { userId: m.userId, sanction: 'lifted', until: null },
      })
    } else if (m.action === 'mute') {
      const until = m.minutes ? new Date(at.getTime() + m.minutes * 60_000) : null
      await putSanction(trx, {
        roadshowId: m.roadshowId,
        userId: m.userId,
        kind: 'mute',
        until,
        by: principal.userId,
        at,
      })
      await publishRoadshow(trx, m.roadshowId, {
        kind: 'sanction',
        payload: {
          userId: m.userId,
          sanction: 'mute',
          until: until?.toISOString() ?? null,
        },
      })
    } else {
      await putSanction(trx, {
        roadshowId: m.roadshowId,
        userId: m.userId,
        kind: 'remove',
        until: null,
        by: principal.userId,
        at,
      })
      const ids = await hideChatLines(trx, m.roadshowId, principal.userId, at, {
        userId: m.userId,
      })
      // The sanction first: its broadcast takes the person's sockets out of the room before anything more is sent.
      await publishRoadshow(trx, m.roadshowId, {
        kind: 'sanction',
        payload: { userId: m.userId, sanction: 'remove', until: null },
      })
      if (ids.length)
        await publishRoadshow(trx, m.roadshowId, {
          kind: 'chat_hidden',
          payload: { ids },
        })
    }
    await audit(trx, meta, principal.userId, `roadshow.moderate.${m.action}`, entity, {
      title: rs.title,
      userId: m.userId,
      ...(m.action === 'mute' ? { minutes: m.minutes ?? null } : {}),
    })
    return { ok: true, changed: true }
  })
}

/** Whether `userId` is an organiser of the session, someone else with an account, or no one. */
async function targetOf(trx: Executor, roadshowId: string, userId: string): Promise<'organiser' | 'person' | 'unknown'> {
  const principal = await loadPrincipal(trx, userId)
  if (!principal) return 'unknown'
  const facts = await accessFacts(trx, roadshowId)
  if (!facts) return 'unknown'
  return rolesFrom(principal, facts).organiser ? 'organiser' : 'person'
}
