import { describe, expect, it } from 'vitest'
import { mayJoinRoom } from '../../server/realtime/rooms'
import { roadshowRoles } from '../../server/roadshows/access'
import { sendChat } from '../../server/roadshows/chat'
import { hostAction } from '../../server/roadshows/host'
import { roadshowLiveState } from '../../server/roadshows/live-state'
import { moderate } from '../../server/roadshows/moderation'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { roadshowRoom } from '../../server/roadshows/publish'
import type { Principal } from '../../server/identity/principal'
import { testMeta } from '../helpers/factories'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// The live shell's commands as the host and the audience notice them (ADR 033):
// the host runs the session through its agenda, the chat takes lines from
// participants at a limited pace and refuses blocked words, and the host's
// moderation hides lines, mutes and removes people.

type World = Awaited<ReturnType<typeof scheduledRoadshow>>

const host = (w: World, msg: Record<string, unknown>, who?: Principal, at = new Date()) =>
  hostAction(testDb(), who ?? w.host.principal, { roadshowId: w.roadshowId, ...msg }, at, testMeta) as Promise<Record<string, unknown>>
let keyNo = 0
const chat = (w: World, who: Principal, body: string, o: { key?: string; at?: Date } = {}) =>
  sendChat(testDb(), who, { roadshowId: w.roadshowId, body, key: o.key ?? `k${++keyNo}` }, o.at ?? new Date(), testMeta) as Promise<Record<string, any>>
const mod = (w: World, msg: Record<string, unknown>, who?: Principal, at = new Date()) =>
  moderate(testDb(), who ?? w.host.principal, { roadshowId: w.roadshowId, ...msg }, at, testMeta) as Promise<Record<string, unknown>>
const state = (w: World) => roadshowLiveState(testDb(), w.roadshowId)
const audited = async (w: World) =>
  (await testDb().selectFrom('audit_log').select('action').where('entity_id', '=', w.roadshowId).orderBy('id').execute()).map((r) => r.action)

describe('host controls', () => {
  it("start, next, goto, Q&A, pin and end move the session and every page's state, each audited", async () => {
    const w = await scheduledRoadshow(testDb(), { items: 3, viewers: 1 })
    // Only organisers run the session.
    expect(await host(w, { action: 'start' }, w.viewers[0]!.principal)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await host(w, { action: 'start' }, w.outsider.principal)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await host(w, { action: 'next' })).toEqual({ ok: false, reason: 'not_live' })

    expect(await host(w, { action: 'start' })).toEqual({ ok: true, changed: true })
    expect(await state(w)).toMatchObject({ phase: 'live', currentItemId: w.itemIds[0] })
    // A second click on "start" (or a second organiser's) changes nothing.
    expect(await host(w, { action: 'start' })).toEqual({ ok: true, changed: false })

    expect(await host(w, { action: 'qa_open' })).toMatchObject({ ok: true })
    expect((await state(w)).qaOpen).toEqual([w.itemIds[0]])
    // Moving on closes the previous item's Q&A.
    expect(await host(w, { action: 'next' })).toMatchObject({ ok: true })
    expect(await state(w)).toMatchObject({ currentItemId: w.itemIds[1], qaOpen: [] })
    expect(await host(w, { action: 'goto', itemId: w.itemIds[2] })).toMatchObject({ ok: true })
    expect((await state(w)).currentItemId).toBe(w.itemIds[2])
    expect(await host(w, { action: 'next' })).toEqual({ ok: false, reason: 'no_item' })
    expect(await host(w, { action: 'goto', itemId: w.viewers[0]!.user.id })).toEqual({ ok: false, reason: 'no_item', field: 'itemId' })

    expect(await host(w, { action: 'pin', body: '   ' })).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    expect(await host(w, { action: 'pin', body: ' 欢迎各位企业代表 ' })).toMatchObject({ ok: true })
    expect((await state(w)).pinned).toMatchObject({ body: '欢迎各位企业代表', name: w.host.user.name })
    expect(await host(w, { action: 'unpin' })).toMatchObject({ ok: true, changed: true })
    expect((await state(w)).pinned).toBeNull()

    const items = await testDb()
      .selectFrom('roadshow_items')
      .select(['id', 'started_at', 'ended_at'])
      .where('roadshow_id', '=', w.roadshowId)
      .orderBy('position')
      .execute()
    expect(items.every((i) => i.started_at)).toBe(true)
    expect(items.slice(0, 2).every((i) => i.ended_at)).toBe(true)

    expect(await host(w, { action: 'end' })).toEqual({ ok: true, changed: true })
    expect(await state(w)).toMatchObject({ phase: 'ended' })
    expect(await host(w, { action: 'next' })).toEqual({ ok: false, reason: 'ended' })
    expect(await audited(w)).toEqual([
      'roadshow.host.start',
      'roadshow.host.qa_open',
      'roadshow.host.next',
      'roadshow.host.goto',
      'roadshow.host.pin',
      'roadshow.host.unpin',
      'roadshow.host.end',
    ])
  })

  it('moves one item per click when two organisers press next at the same moment', async () => {
    const w = await scheduledRoadshow(testDb(), { items: 3, viewers: 0 })
    await host(w, { action: 'start' })
    const answers = await Promise.all([host(w, { action: 'next' }), host(w, { action: 'next' })])
    expect(answers.filter((a) => a.ok)).toHaveLength(2)
    expect((await state(w)).currentItemId).toBe(w.itemIds[2])
  })

  it('refuses bad messages with the field, never throws', async () => {
    const w = await scheduledRoadshow(testDb(), { viewers: 0 })
    expect(await host(w, { action: 'jump' })).toEqual({ ok: false, reason: 'invalid', field: 'action' })
    expect(await hostAction(testDb(), w.host.principal, 'start', new Date(), testMeta)).toMatchObject({ ok: false, reason: 'invalid' })
    expect(await host(w, { roadshowId: w.itemIds[0], action: 'start' })).toEqual({ ok: false, reason: 'not_found' })
    expect(await host(w, { action: 'pin', body: 'x'.repeat(301) })).toEqual({ ok: false, reason: 'invalid', field: 'body' })
  })
})

describe('chat', () => {
  it('takes lines from participants while live, signed with name and organisation; a re-send is the same line', async () => {
    const w = await scheduledRoadshow(testDb(), { audience: 'enterprises', viewers: 1 })
    const viewer = w.viewers[0]!
    expect(await chat(w, viewer.principal, '早上好')).toEqual({ ok: false, reason: 'not_live' })
    await host(w, { action: 'start' })
    // Not an enterprise: may watch an enterprises-only session but not take part.
    expect(await chat(w, w.outsider.principal, '我也想说')).toEqual({ ok: false, reason: 'forbidden' })
    const first = await chat(w, viewer.principal, ' 这个成果的转化价格大概多少？ ', { key: 'same' })
    expect(first).toMatchObject({ ok: true, line: { body: '这个成果的转化价格大概多少？', name: viewer.user.name, orgName: viewer.org.name } })
    const again = await chat(w, viewer.principal, '这个成果的转化价格大概多少？', { key: 'same' })
    expect(again).toMatchObject({ ok: true, duplicate: true, line: { id: first.line.id } })
    const lines = (await state(w)).chat
    expect(lines.map((l) => l.body)).toEqual(['这个成果的转化价格大概多少？'])
    expect(await chat(w, viewer.principal, '')).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    expect(await chat(w, viewer.principal, 'x'.repeat(301))).toEqual({ ok: false, reason: 'invalid', field: 'body' })
    await host(w, { action: 'end' })
    expect(await chat(w, viewer.principal, '谢谢')).toEqual({ ok: false, reason: 'ended' })
  })

  it('refuses blocked words however they are written, and says so', async () => {
    const w = await scheduledRoadshow(testDb(), { viewers: 1 })
    await host(w, { action: 'start' })
    const v = w.viewers[0]!.principal
    const word = roadshowRulesOn(new Date()).blockedWords[0]!
    const spaced = word.split('').join(' ')
    for (const body of [word, `请问${spaced}吗`, 'ＦＵＣＫ this', 'F-u-C-k'])
      expect(await chat(w, v, body)).toEqual({ ok: false, reason: 'blocked_words', field: 'body' })
    expect((await state(w)).chat).toEqual([])
    expect(await chat(w, v, '发票怎么开？')).toMatchObject({ ok: true })
  })

  it('holds the rate limit across concurrent sends, and lets the person speak again once the window passed', async () => {
    const w = await scheduledRoadshow(testDb(), { viewers: 1 })
    await host(w, { action: 'start' })
    const v = w.viewers[0]!.principal
    const { burst, windowMs } = roadshowRulesOn(new Date()).chatRate
    const at = new Date()
    const answers = await Promise.all(Array.from({ length: burst + 3 }, (_, i) => chat(w, v, `第${i}条`, { at })))
    expect(answers.filter((a) => a.ok)).toHaveLength(burst)
    expect(answers.filter((a) => !a.ok).every((a) => a.reason === 'rate_limited')).toBe(true)
    expect((await state(w)).chat).toHaveLength(burst)
    expect(await chat(w, v, '过了一会儿', { at: new Date(at.getTime() + windowMs + 1) })).toMatchObject({ ok: true })
  })
})

describe('moderation', () => {
  it('hides a line, mutes for minutes or the session, lifts it; only organisers, never on an organiser', async () => {
    const w = await scheduledRoadshow(testDb(), { viewers: 2 })
    await host(w, { action: 'start' })
    const [a, b] = [w.viewers[0]!, w.viewers[1]!]
    const line = await chat(w, a.principal, '广告：低价出售')
    expect(await mod(w, { action: 'hide', chatId: line.line.id }, b.principal)).toEqual({ ok: false, reason: 'forbidden' })
    expect(await mod(w, { action: 'hide', chatId: line.line.id })).toEqual({ ok: true, changed: true })
    expect((await state(w)).chat).toEqual([])
    expect(await mod(w, { action: 'hide', chatId: line.line.id })).toEqual({ ok: true, changed: false })

    const now = new Date()
    expect(await mod(w, { action: 'mute', userId: a.user.id, minutes: 5 }, undefined, now)).toMatchObject({ ok: true })
    expect((await state(w)).sanctions[a.user.id]).toMatchObject({ sanction: 'mute' })
    expect(await chat(w, a.principal, '为什么删我', { at: new Date(now.getTime() + 60_000) })).toEqual({ ok: false, reason: 'muted' })
    expect(await chat(w, a.principal, '五分钟后', { at: new Date(now.getTime() + 5 * 60_000 + 1) })).toMatchObject({ ok: true })

    expect(await mod(w, { action: 'mute', userId: b.user.id })).toMatchObject({ ok: true })
    expect(await chat(w, b.principal, '还能说话吗', { at: new Date(now.getTime() + 3_600_000) })).toEqual({ ok: false, reason: 'muted' })
    expect(await mod(w, { action: 'unmute', userId: b.user.id })).toMatchObject({ ok: true, changed: true })
    expect((await state(w)).sanctions[b.user.id]).toBeUndefined()
    expect(await chat(w, b.principal, '谢谢主持人')).toMatchObject({ ok: true })

    expect(await mod(w, { action: 'mute', userId: w.host.user.id })).toEqual({ ok: false, reason: 'forbidden', field: 'userId' })
    expect(await mod(w, { action: 'mute', userId: a.user.id, minutes: 0 })).toMatchObject({ ok: false, reason: 'invalid' })
    expect(await mod(w, { action: 'remove', userId: w.roadshowId })).toEqual({ ok: false, reason: 'not_found', field: 'userId' })
    expect(await audited(w)).toEqual([
      'roadshow.host.start',
      'roadshow.moderate.hide',
      'roadshow.moderate.mute',
      'roadshow.moderate.mute',
      'roadshow.moderate.unmute',
    ])
  })

  it('removes someone: their lines disappear, they can no longer take part or join the room, but may still see a public page', async () => {
    const w = await scheduledRoadshow(testDb(), { viewers: 2 })
    await host(w, { action: 'start' })
    const [a, b] = [w.viewers[0]!, w.viewers[1]!]
    const at = new Date(Date.now() - 60_000)
    await chat(w, a.principal, '第一条', { at })
    await chat(w, b.principal, '我留下')
    await chat(w, a.principal, '第二条')
    expect(await mod(w, { action: 'remove', userId: a.user.id })).toEqual({ ok: true, changed: true })
    const s = await state(w)
    expect(s.chat.map((l) => l.body)).toEqual(['我留下'])
    expect(s.sanctions[a.user.id]).toEqual({ sanction: 'remove', until: null })
    expect(await chat(w, a.principal, '我回来了')).toEqual({ ok: false, reason: 'removed' })
    expect((await roadshowRoles(testDb(), a.principal, w.roadshowId))?.roles).toMatchObject({ view: true, participate: false })
    expect(await mayJoinRoom(testDb(), a.principal, roadshowRoom(w.roadshowId))).toBe(false)
    expect(await mayJoinRoom(testDb(), b.principal, roadshowRoom(w.roadshowId))).toBe(true)
    // Lifting the removal lets them back in.
    expect(await mod(w, { action: 'unmute', userId: a.user.id })).toMatchObject({ ok: true, changed: true })
    expect(await mayJoinRoom(testDb(), a.principal, roadshowRoom(w.roadshowId))).toBe(true)
  })
})
