import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { lockRoadshow, roadshowItems, updateRoadshowItemLive, updateRoadshowLive } from '../../db/repos/roadshows'
import type { Executor } from '../../db/index'
import { audit } from '../platform/audit'
import type { SocketCommand } from '../realtime/commands'
import { refuse, type RoadshowAnswer } from './answers'
import { lineText, parseCommand, rolesOrRefusal } from './command-input'
import type { RoadshowEvent } from './live-events'
import { publishRoadshow } from './publish'

// The host's controls (主持人操作, ADR 033): start the session, move through
// the agenda, open and close an item's Q&A, pin a message, end. Organisers
// only. Each action takes the roadshow's row lock, so two organisers clicking
// at once take turns and the second sees the first's result (a second
// "next" moves one further, a repeated "start" changes nothing); the row, the
// items and the room event change in one transaction, with an audit entry.

const HostMessage = z.object({
  roadshowId: z.string().uuid(),
  action: z.enum(['start', 'next', 'goto', 'qa_open', 'qa_close', 'pin', 'unpin', 'end']),
  itemId: z.string().uuid().nullish(),
  body: z.unknown().optional(),
})

const PinBody = lineText(300)

type Item = Awaited<ReturnType<typeof roadshowItems>>[number]

export const hostAction: SocketCommand = async (db, principal, msg, at, meta): Promise<RoadshowAnswer<{ changed: boolean }>> => {
  const parsed = parseCommand(HostMessage, msg)
  if (!parsed.ok) return parsed
  const { roadshowId, action, itemId } = parsed.data
  let pinBody: string | null = null
  if (action === 'pin') {
    const b = PinBody.safeParse(parsed.data.body)
    if (!b.success) return refuse('invalid', 'body')
    pinBody = b.data
  }
  const access = await rolesOrRefusal(db, principal, roadshowId)
  if ('ok' in access) return access
  if (!access.roles.organiser) return refuse('forbidden')

  return db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, roadshowId)
    if (!rs || rs.status === 'cancelled') return refuse('not_found')
    if (rs.status === 'ended') return refuse('ended')
    const items = await roadshowItems(trx, roadshowId)
    const events: RoadshowEvent[] = []
    let movedTo: string | null = null
    const current = items.find((i) => i.id === rs.current_item_id) ?? null

    // Moving to `to`: the item on stage ends (its Q&A closes), `to` starts.
    const moveTo = async (to: Item) => {
      if (current) {
        await updateRoadshowItemLive(trx, current.id, {
          endedAt: at,
          ...(current.qa_open ? { qaOpen: false } : {}),
        })
        if (current.qa_open)
          events.push({
            kind: 'qa',
            payload: { itemId: current.id, open: false },
          })
      }
      await updateRoadshowItemLive(trx, to.id, { startedAt: at })
      await updateRoadshowLive(trx, roadshowId, { currentItemId: to.id })
      movedTo = to.id
    }

    switch (action) {
      case 'start': {
        if (rs.status === 'live') return { ok: true, changed: false }
        const first = items[0] ?? null
        await updateRoadshowLive(trx, roadshowId, {
          status: 'live',
          startedAt: at,
          currentItemId: first?.id ?? null,
        })
        if (first) {
          await updateRoadshowItemLive(trx, first.id, { startedAt: at })
          movedTo = first.id
        }
        events.push({
          kind: 'started',
          payload: {
            startedAt: at.toISOString(),
            currentItemId: first?.id ?? null,
          },
        })
        break
      }
      case 'next':
      case 'goto': {
        if (rs.status !== 'live') return refuse('not_live')
        let to: Item | undefined
        if (action === 'next') {
          to = current ? items.find((i) => i.position > current.position) : items[0]
          if (!to) return refuse('no_item')
        } else {
          to = items.find((i) => i.id === itemId)
          if (!to) return refuse('no_item', 'itemId')
          if (to.id === current?.id) return { ok: true, changed: false }
        }
        await moveTo(to)
        events.push({
          kind: 'item',
          payload: { currentItemId: to.id, startedAt: at.toISOString() },
        })
        break
      }
      case 'qa_open':
      case 'qa_close': {
        if (rs.status !== 'live') return refuse('not_live')
        const target = itemId ? items.find((i) => i.id === itemId) : current
        if (!target) return refuse('no_item', itemId ? 'itemId' : undefined)
        const open = action === 'qa_open'
        if (target.qa_open === open) return { ok: true, changed: false }
        await updateRoadshowItemLive(trx, target.id, { qaOpen: open })
        events.push({ kind: 'qa', payload: { itemId: target.id, open } })
        break
      }
      case 'pin': {
        const pin = { id: randomUUID(), body: pinBody!, name: principal.name }
        await updateRoadshowLive(trx, roadshowId, { pinned: pin })
        events.push({ kind: 'pinned', payload: { pin } })
        break
      }
      case 'unpin': {
        if (!rs.pinned) return { ok: true, changed: false }
        await updateRoadshowLive(trx, roadshowId, { pinned: null })
        events.push({ kind: 'pinned', payload: { pin: null } })
        break
      }
      case 'end': {
        if (rs.status !== 'live') return refuse('not_live')
        if (current)
          await updateRoadshowItemLive(trx, current.id, {
            endedAt: at,
            qaOpen: false,
          })
        await closeOpenQa(trx, items, current?.id ?? null)
        await updateRoadshowLive(trx, roadshowId, {
          status: 'ended',
          endedAt: at,
        })
        events.push({ kind: 'ended', payload: { endedAt: at.toISOString() } })
        break
      }
    }
    for (const e of events) await publishRoadshow(trx, roadshowId, e)
    await audit(
      trx,
      meta,
      principal.userId,
      `roadshow.host.${action}`,
      { type: 'roadshow', id: roadshowId, orgId: rs.org_id },
      {
        title: rs.title,
        ...(movedTo ? { itemId: movedTo } : itemId ? { itemId } : {}),
        ...(pinBody ? { body: pinBody } : {}),
      }
    )
    return { ok: true, changed: true }
  })
}

/** At the end every item's Q&A closes (the `ended` event closes them in the state too). */
async function closeOpenQa(trx: Executor, items: Item[], skip: string | null) {
  for (const i of items) if (i.qa_open && i.id !== skip) await updateRoadshowItemLive(trx, i.id, { qaOpen: false })
}
