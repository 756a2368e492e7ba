import { createCookie } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RealtimeClient, type ClientRoomEvent } from '../../app/utils/realtime-client'
import { removeDealMember } from '../../db/repos/deals'
import { sessionCookieName, sessionTokenFromCookieHeader } from '../../server/identity/session-cookie'
import { publish, roomName } from '../../server/realtime/publish'
import { dealFromMatch } from '../helpers/deals'
import { connected, join, startRealtimeServer, until, type RealtimeTestServer } from '../helpers/realtime'
import { testDb } from '../helpers/worker-setup'

// The realtime layer as a client notices it (ADR 021): the handshake needs a
// session, a deal room admits its members only (and refuses everyone else
// exactly as it answers for a room that does not exist), events arrive only
// after their transaction commits, and a client that was away gets what it
// missed, in order, once.

let srv: RealtimeTestServer
let world: Awaited<ReturnType<typeof dealFromMatch>>
let entCookie: string
let outsiderCookie: string
let room: string

beforeAll(async () => {
  srv = await startRealtimeServer()
  world = await dealFromMatch(testDb())
  room = roomName('deal', world.dealId)
  entCookie = await srv.login(world.ent.user.email, world.ent.user.password)
  outsiderCookie = await srv.login(world.outsider.user.email, world.outsider.user.password)
})

afterAll(async () => {
  await srv?.close()
})

const say = (text: string) => publish(testDb(), room, 'message', { text })

describe('the session cookie', () => {
  it('is read by the handshake exactly as the pages write it (Remix createCookie, unsigned)', async () => {
    const config = { PUBLIC_URL: 'http://localhost:3000' }
    const token = 'a'.repeat(43) + '-_'
    const header = (await createCookie(sessionCookieName(config)).serialize(token)).split(';')[0]!
    expect(sessionTokenFromCookieHeader(config, `other=1; ${header}`)).toBe(token)
    expect(sessionTokenFromCookieHeader({ PUBLIC_URL: 'https://x.example' }, header)).toBeNull() // there the name is __Host-tm_session
    expect(sessionTokenFromCookieHeader(config, 'tm_session=garbage')).toBeNull()
  })
})

describe('handshake', () => {
  it('refuses a connection without a session', async () => {
    await expect(connected(srv.client())).rejects.toThrow('unauthorized')
  })

  it('refuses a cookie whose session does not exist (or ended)', async () => {
    const forged = (await createCookie('tm_session').serialize('x'.repeat(43))).split(';')[0]!
    await expect(connected(srv.client(forged))).rejects.toThrow('unauthorized')
  })

  it('accepts a signed-in user', async () => {
    const s = srv.client(entCookie)
    await connected(s)
    expect(s.connected).toBe(true)
    s.disconnect()
  })
})

describe('joining rooms', () => {
  it('refuses an outsider exactly like a room that does not exist, or a malformed one', async () => {
    const s = srv.client(outsiderCookie)
    await connected(s)
    const refused = await join(s, room)
    expect(refused).toEqual({ ok: false, error: 'not_found' })
    expect(await join(s, roomName('deal', '00000000-0000-4000-8000-000000000000'))).toEqual(refused)
    expect(await join(s, 'deal:not-a-uuid')).toEqual(refused)
    expect(await join(s, `auction:${world.dealId}`)).toEqual(refused)
    // Someone else's user room, likewise.
    expect(await join(s, roomName('user', world.ent.user.id))).toEqual(refused)
    expect((await join(s, roomName('user', world.outsider.user.id))).ok).toBe(true)
    s.disconnect()
  })

  it('admits a member of another organisation to nothing of this deal', async () => {
    const cookie = await srv.login(world.otherEnt.user.email, world.otherEnt.user.password)
    const s = srv.client(cookie)
    await connected(s)
    expect(await join(s, room)).toEqual({ ok: false, error: 'not_found' })
    s.disconnect()
  })

  it('answers a member with the stored events after afterSeq', async () => {
    const first = await say('one')
    await say('two')
    const s = srv.client(entCookie)
    await connected(s)
    const answer = await join(s, room, first)
    expect(answer.ok).toBe(true)
    if (!answer.ok) return
    expect(answer.events.map((e) => [e.room, e.seq, e.payload.text])).toEqual([[room, first + 1, 'two']])
    s.disconnect()
  })
})

describe('broadcasts', () => {
  it('reach a member only after the transaction commits, and never for a rolled-back one', async () => {
    const s = srv.client(entCookie)
    await connected(s)
    const answer = await join(s, room, 1_000_000)
    expect(answer.ok).toBe(true)
    const got: ClientRoomEvent[] = []
    s.on('event', (e: ClientRoomEvent) => got.push(e))

    // Rolled back: stored and queued inside the transaction, then undone.
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await publish(trx, room, 'message', { text: 'never' })
          throw new Error('rollback')
        }),
    ).rejects.toThrow('rollback')

    let seq = 0
    let committed = false
    await testDb()
      .transaction()
      .execute(async (trx) => {
        seq = await publish(trx, room, 'message', { text: 'after commit' })
        // Longer than the worker's poll: the row is not visible to it, and NOTIFY waits for the commit.
        await new Promise((r) => setTimeout(r, 1_500))
        expect(got).toEqual([])
        committed = true
      })
    expect(committed).toBe(true)
    await until(() => got.length > 0, 10_000, 'the committed event')
    await new Promise((r) => setTimeout(r, 300)) // anything else that was going to arrive
    expect(got.map((e) => [e.room, e.seq, e.payload.text])).toEqual([[room, seq, 'after commit']])
    s.disconnect()
  })

  it('do not reach a socket that was refused the room', async () => {
    const member = srv.client(entCookie)
    const outsider = srv.client(outsiderCookie)
    await Promise.all([connected(member), connected(outsider)])
    await join(member, room, 1_000_000)
    await join(outsider, room, 1_000_000)
    const seen: string[] = []
    member.on('event', () => seen.push('member'))
    outsider.on('event', () => seen.push('outsider'))
    await say('members only')
    await until(() => seen.includes('member'), 10_000, 'the member to receive')
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toEqual(['member'])
    member.disconnect()
    outsider.disconnect()
  })
})

describe('a client that was away (RealtimeClient, as useRoom uses it)', () => {
  it('gets every event it missed, in order, with no duplicates, after reconnecting with its last seq', async () => {
    const socket = srv.client(entCookie)
    const client = new RealtimeClient(socket)
    await connected(socket)
    const start = await say('before subscribing')
    const seqs: number[] = []
    const texts: unknown[] = []
    client.subscribe(room, start, (e) => {
      seqs.push(e.seq)
      texts.push(e.payload.text)
    })
    const a = await say('a')
    await until(() => seqs.length === 1, 10_000, 'the live event')

    socket.disconnect()
    const missed = [await say('m1'), await say('m2'), await say('m3')]
    // Let the broadcasts go out while nobody listens (socket.io alone would lose them).
    await new Promise((r) => setTimeout(r, 500))
    socket.connect()
    const last = await say('after')
    await until(() => seqs.length === 5, 10_000, 'the missed events')
    await new Promise((r) => setTimeout(r, 300)) // a duplicate would arrive by now
    expect(seqs).toEqual([a, ...missed, last])
    expect(texts).toEqual(['a', 'm1', 'm2', 'm3', 'after'])
    socket.disconnect()
  })

  it('asks for a missing event before delivering a later one (a gap)', async () => {
    const socket = srv.client(entCookie)
    const client = new RealtimeClient(socket)
    await connected(socket)
    const start = await say('gap start')
    const seqs: number[] = []
    const texts: unknown[] = []
    // Lose the next broadcast on its way to this client, as a dropped frame would.
    const [deliver] = socket.listeners('event') as ((e: ClientRoomEvent) => void)[]
    socket.off('event', deliver)
    let lost = 0
    socket.on('event', (e: ClientRoomEvent) => (e.seq === start + 1 ? lost++ : deliver!(e)))
    client.subscribe(room, start, (e) => {
      seqs.push(e.seq)
      texts.push(e.payload.text)
    })
    const joined = await join(socket, room, start) // the client's own join is in flight as well; joins repeat harmlessly
    expect(joined.ok).toBe(true)
    const one = await say('gap one')
    await until(() => lost === 1, 10_000, 'the lost broadcast')
    const two = await say('gap two')
    await until(() => seqs.length >= 2, 10_000, 'both events')
    await new Promise((r) => setTimeout(r, 300))
    expect(seqs).toEqual([one, two])
    expect(texts).toEqual(['gap one', 'gap two'])
    socket.disconnect()
  })

  it('stays silent for a room it may not see', async () => {
    const socket = srv.client(outsiderCookie)
    const client = new RealtimeClient(socket)
    await connected(socket)
    const seen: number[] = []
    client.subscribe(room, 0, (e) => seen.push(e.seq))
    await say('not for outsiders')
    await new Promise((r) => setTimeout(r, 800))
    expect(seen).toEqual([])
    socket.disconnect()
  })
})

describe('a member who is removed', () => {
  it('stops receiving the room once the members event is broadcast, and cannot join again', async () => {
    const uniCookie = await srv.login(world.uni.user.email, world.uni.user.password)
    const removed = srv.client(uniCookie)
    const stays = srv.client(entCookie)
    await Promise.all([connected(removed), connected(stays)])
    expect((await join(removed, room, 1_000_000)).ok).toBe(true)
    expect((await join(stays, room, 1_000_000)).ok).toBe(true)
    const seen = { removed: [] as unknown[], stays: [] as unknown[] }
    removed.on('event', (e: ClientRoomEvent) => seen.removed.push(e.payload.text ?? e.kind))
    stays.on('event', (e: ClientRoomEvent) => seen.stays.push(e.payload.text ?? e.kind))

    await testDb()
      .transaction()
      .execute(async (trx) => {
        await removeDealMember(trx, world.dealId, world.uni.user.id)
        await publish(trx, room, 'members', {})
      })
    await say('after the removal')
    await until(() => seen.stays.includes('after the removal'), 30_000, 'the remaining member to receive')
    await new Promise((r) => setTimeout(r, 300))
    expect(seen.removed).not.toContain('after the removal')
    expect(seen.removed).not.toContain('members')
    expect(await join(removed, room, 0)).toEqual({ ok: false, error: 'not_found' })
    removed.disconnect()
    stays.disconnect()
  })
})
