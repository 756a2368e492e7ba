import { describe, expect, it } from 'vitest'
import { mayJoinRoom } from '../../server/realtime/rooms'
import { roadshowRoles } from '../../server/roadshows/access'
import { applyRoadshowEvent, emptyLiveState, foldRoadshowEvents } from '../../server/roadshows/live-events'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { publishRoadshow, roadshowRoom } from '../../server/roadshows/publish'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// The ground every roadshow part stands on (ADR 033): who may see and join a
// session, and the live state as the room's stored events folded in order —
// the same on the server and in a browser that fetched what it missed.

describe('roadshow foundation', () => {
  it('lets the audience rule decide who sees the page and who may join the room', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, {
      audience: 'invitation',
      viewers: 1,
      judges: 1,
    })
    const room = roadshowRoom(rs.roadshowId)
    const invited = rs.viewers[0]!.principal
    expect((await roadshowRoles(db, invited, rs.roadshowId))?.roles).toMatchObject({ view: true, participate: true, organiser: false })
    expect((await roadshowRoles(db, rs.host.principal, rs.roadshowId))?.roles).toMatchObject({ organiser: true, participate: true })
    expect((await roadshowRoles(db, rs.judges[0]!.principal, rs.roadshowId))?.roles).toMatchObject({ judge: true, participate: true })
    expect((await roadshowRoles(db, rs.owner.principal, rs.roadshowId))?.roles).toMatchObject({ presenter: true })
    // Not invited: the session does not exist for them, and its room is refused like an unknown one.
    expect(await roadshowRoles(db, rs.outsider.principal, rs.roadshowId)).toBeNull()
    expect(await roadshowRoles(db, null, rs.roadshowId)).toBeNull()
    expect(await mayJoinRoom(db, rs.outsider.principal, room)).toBe(false)
    expect(await mayJoinRoom(db, invited, room)).toBe(true)
  })

  it('shows a public session to everyone but lets only members of verified enterprises take part in an enterprises-only one', async () => {
    const db = testDb()
    const open = await scheduledRoadshow(db, {
      audience: 'public',
      viewers: 0,
    })
    expect((await roadshowRoles(db, null, open.roadshowId))?.roles).toMatchObject({ view: true, participate: false })
    expect((await roadshowRoles(db, open.outsider.principal, open.roadshowId))?.roles).toMatchObject({ view: true, participate: true })
    const closed = await scheduledRoadshow(db, {
      audience: 'enterprises',
      viewers: 1,
    })
    expect((await roadshowRoles(db, closed.outsider.principal, closed.roadshowId))?.roles).toMatchObject({ view: true, participate: false })
    expect((await roadshowRoles(db, closed.viewers[0]!.principal, closed.roadshowId))?.roles).toMatchObject({ participate: true })
  })

  it('folds the stored events into the state a late page loads, and a repeated event changes nothing', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    const at = new Date().toISOString()
    await db.transaction().execute(async (trx) => {
      await publishRoadshow(trx, rs.roadshowId, {
        kind: 'started',
        payload: { startedAt: at, currentItemId: rs.itemIds[0]! },
      })
      await publishRoadshow(trx, rs.roadshowId, {
        kind: 'question',
        payload: {
          id: 'q1',
          itemId: rs.itemIds[0]!,
          userId: 'u',
          name: '甲',
          orgName: null,
          body: '成本多少？',
          votes: 0,
          advance: false,
          answeredAt: null,
          at,
        },
      })
      await publishRoadshow(trx, rs.roadshowId, {
        kind: 'question',
        payload: {
          id: 'q2',
          itemId: rs.itemIds[0]!,
          userId: 'u',
          name: '乙',
          orgName: null,
          body: '量产时间？',
          votes: 0,
          advance: false,
          answeredAt: null,
          at,
        },
      })
      await publishRoadshow(trx, rs.roadshowId, {
        kind: 'question_votes',
        payload: { id: 'q2', votes: 1 },
      })
    })
    const state = await roadshowLiveState(db, rs.roadshowId)
    expect(state).toMatchObject({
      seq: 4,
      phase: 'live',
      currentItemId: rs.itemIds[0],
    })
    // The voted question rises above the earlier one.
    expect(state.questions.map((q) => [q.id, q.votes])).toEqual([
      ['q2', 1],
      ['q1', 0],
    ])
    // Later events are read on top of the cached fold.
    await db.transaction().execute((trx) =>
      publishRoadshow(trx, rs.roadshowId, {
        kind: 'item',
        payload: { currentItemId: rs.itemIds[1]!, startedAt: at },
      })
    )
    expect(await roadshowLiveState(db, rs.roadshowId)).toMatchObject({
      seq: 5,
      currentItemId: rs.itemIds[1],
    })
    // Applying an event already folded in (a live copy of one a resync delivered) is a no-op.
    expect(
      applyRoadshowEvent(state, {
        seq: 3,
        kind: 'question_votes',
        payload: { id: 'q1', votes: 9 },
      })
    ).toBe(state)
    expect(foldRoadshowEvents([{ seq: 1, kind: 'no_such_kind', payload: {} }])).toEqual({ ...emptyLiveState(), seq: 1 })
  })
})
