import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealMembers } from '../../db/repos/deals'
import { insertMembership } from '../../db/repos/organisations'
import { roomEventsAfter, roomLastSeq } from '../../db/repos/realtime'
import { dealAccess } from '../../server/deals/access'
import { openRoom } from '../../server/deals/entry'
import { openDealFile } from '../../server/deals/files'
import { addDealMember, removeDealMemberAs } from '../../server/deals/members'
import { conversation, markRead, mentionedMembers, sendMessage } from '../../server/deals/messages'
import { advanceStage, closeDealLost, timeline } from '../../server/deals/stages'
import { fileStoreFor } from '../../server/platform/files/store'
import { roomName } from '../../server/realtime/publish'
import { dealFromMatch } from '../helpers/deals'
import { refusedUnchanged } from '../helpers/errors'
import { createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, TEST_FILES_DIR, type TestServer } from '../helpers/http'
import { EXE, PNG } from '../helpers/sample-files'
import { testDb } from '../helpers/worker-setup'

// Deal rooms: messages (one transaction with their room event and notices),
// read receipts, members managed by party admins, stages by hand and closing
// as lost, and files that only the room's members can download.

const store = fileStoreFor({ FILES_DIR: TEST_FILES_DIR })
let w: Awaited<ReturnType<typeof dealFromMatch>>

const count = (table: 'deal_messages' | 'deal_stage_changes' | 'attachments') => async () =>
  (await testDb().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n
const notices = (userId: string, kind: string) =>
  testDb().selectFrom('notifications').select(['kind', 'params', 'link']).where('user_id', '=', userId).where('kind', '=', kind).execute()
const audits = (action: string, dealId: string) => testDb().selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', action).where('entity_id', '=', dealId).execute()
const events = async (dealId: string, after = 0) => roomEventsAfter(testDb(), roomName('deal', dealId), after)

beforeAll(async () => {
  w = await dealFromMatch(testDb(), { title: '汽车座椅骨架激光焊接工艺' })
})

describe('messages', () => {
  it('are stored, broadcast to the room and notify the member they mention', async () => {
    const db = testDb()
    const before = await roomLastSeq(db, roomName('deal', w.dealId))
    const m = await sendMessage(db, store, w.ent.principal, w.dealId, { body: `@${w.uni.user.name} 请问焊接节拍能否做到 45 秒以内？` }, testMeta)
    expect(m.mentions).toEqual([w.uni.user.id])
    const ev = await events(w.dealId, before)
    expect(ev.map((e) => e.kind)).toEqual(['message'])
    expect(ev[0]!.payload).toMatchObject({ id: m.id, kind: 'text', authorId: w.ent.user.id, body: m.body })
    expect(await notices(w.uni.user.id, 'deal_mention')).toEqual([{ kind: 'deal_mention', params: { title: '汽车座椅骨架激光焊接工艺', actor: w.ent.user.name }, link: `/deals/${w.dealId}` }])
    // The manager, not mentioned, hears of new messages once until the room is read.
    await sendMessage(db, store, w.ent.principal, w.dealId, { body: '另附我方产线参数。' }, testMeta)
    expect(await notices(w.manager.user.id, 'deal_message')).toHaveLength(1)
    expect(await notices(w.ent.user.id, 'deal_message')).toHaveLength(0)
  })

  it('finds @mentions of members only, longest names first', () => {
    const members = [
      { user_id: 'a', name: '王伟' },
      { user_id: 'b', name: '王伟国' },
    ]
    expect(mentionedMembers('@王伟国 你好', members)).toEqual(['b'])
    expect(mentionedMembers('@王伟 和 @王伟国', members).sort()).toEqual(['a', 'b'])
    expect(mentionedMembers('王伟 没有@', members)).toEqual([])
  })

  it('refuses an outsider (404) and an empty message, storing nothing', async () => {
    const db = testDb()
    await refusedUnchanged(count('deal_messages'), () => sendMessage(db, store, w.otherEnt.principal, w.dealId, { body: '你好' }, testMeta), 'not_found')
    await refusedUnchanged(count('deal_messages'), () => sendMessage(db, store, w.outsider.principal, w.dealId, { body: '你好' }, testMeta), 'not_found')
    await refusedUnchanged(count('deal_messages'), () => sendMessage(db, store, w.ent.principal, w.dealId, { body: '   ' }, testMeta), 'invalid')
  })

  it('keep read receipts per member and tell the room when one moves', async () => {
    const db = testDb()
    const access = (await dealAccess(db, w.uni.principal, w.dealId))!
    const before = await roomLastSeq(db, roomName('deal', w.dealId))
    expect(await markRead(db, access, w.uni.principal)).toBe(true)
    expect(await markRead(db, access, w.uni.principal)).toBe(false)
    const ev = await events(w.dealId, before)
    expect(ev.map((e) => e.kind)).toEqual(['read'])
    const c = await conversation(db, access)
    const last = c.messages[c.messages.length - 1]!
    expect(c.reads).toContainEqual({ userId: w.uni.user.id, messageId: last.id })
    expect(c.lastSeq).toBe(before + 1)
  })
})

describe('files in a room', () => {
  let fileId: string
  it('are sniffed like every upload and refused when not an allowed type', async () => {
    const db = testDb()
    await refusedUnchanged(count('attachments'), () => sendMessage(db, store, w.ent.principal, w.dealId, { body: '', file: { bytes: new Uint8Array(EXE), name: 'a.png' } }, testMeta), 'invalid')
    const m = await sendMessage(db, store, w.ent.principal, w.dealId, { body: '现场照片', file: { bytes: new Uint8Array(PNG), name: '产线.png' } }, testMeta)
    expect(m.files).toMatchObject([{ filename: '产线.png', kind: 'image' }])
    fileId = m.files[0]!.id
    expect(await audits('deal.file_uploaded', w.dealId)).toHaveLength(1)
  })

  it('are for the room’s members only', async () => {
    const db = testDb()
    for (const p of [w.ent.principal, w.uni.principal, w.manager.principal, w.uniAdmin]) expect((await openDealFile(db, store, p, fileId))?.file?.filename).toBe('产线.png')
    for (const p of [w.otherEnt.principal, w.outsider.principal, null]) expect(await openDealFile(db, store, p, fileId)).toEqual({ file: null })
    const admin = await principalFor(db, (await createUser(db, { platformAdmin: true })).id)
    expect(await openDealFile(db, store, admin, fileId)).toEqual({ file: null })
  })

  describe('over HTTP', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startTestServer()
    })
    afterAll(async () => server.close())

    it('/files/:id serves members and answers 404 to everyone else; the page and transcript too', async () => {
      const member = await server.login(w.ent.user.email, PASSWORD)
      const other = await server.login(w.otherEnt.user.email, PASSWORD)
      const ok = await server.fetch(`/files/${fileId}`, { cookie: member })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('cache-control')).toBe('private, no-store')
      for (const cookie of [other, undefined]) expect((await server.fetch(`/files/${fileId}`, { cookie })).status).toBe(404)
      expect((await server.fetch(`/deals/${w.dealId}`, { cookie: other })).status).toBe(404)
      expect((await server.fetch(`/deals/${w.dealId}/transcript.pdf`, { cookie: other })).status).toBe(404)
      const pdf = await server.fetch(`/deals/${w.dealId}/transcript.pdf`, { cookie: member })
      expect(pdf.status).toBe(200)
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    })

    it('sends a message with a file through the form and keeps the text when the file is refused', async () => {
      const member = await server.login(w.uni.user.email, PASSWORD)
      const fd = new FormData()
      fd.append('body', '这是我们的检测报告草稿')
      fd.append('file', new Blob([new Uint8Array(EXE)], { type: 'image/png' }), 'report.png')
      const bad = await server.fetch(`/deals/${w.dealId}?index`, { method: 'POST', cookie: member, body: fd })
      expect(bad.status).toBe(400)
      const html = await bad.text()
      expect(html).toContain('这是我们的检测报告草稿')
      const good = new FormData()
      good.append('body', '检测报告见附件')
      good.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'report.png')
      expect((await server.fetch(`/deals/${w.dealId}?index`, { method: 'POST', cookie: member, body: good })).status).toBe(200)
    })
  })
})

describe('members', () => {
  it('a party admin adds a member of their own organisation: audited, a system line, a members event, a notice', async () => {
    const db = testDb()
    const colleague = await createUser(db, { name: '赵工' })
    await insertMembership(db, { orgId: w.ent.org.id, userId: colleague.id, role: 'member' })
    const colleagueP = await principalFor(db, colleague.id)
    expect(await dealAccess(db, colleagueP, w.dealId)).toBeNull()
    const before = await roomLastSeq(db, roomName('deal', w.dealId))
    await addDealMember(db, w.ent.principal, w.dealId, colleague.id, testMeta)
    expect(await dealAccess(db, colleagueP, w.dealId)).toMatchObject({ side: 'buyer', isPartyAdmin: false })
    expect((await events(w.dealId, before)).map((e) => [e.kind, (e.payload as { body?: string }).body])).toEqual([
      ['message', 'deals.system.memberAdded'],
      ['members', undefined],
    ])
    expect(await audits('deal.member_added', w.dealId)).toEqual([{ actor_id: w.ent.user.id, details: expect.objectContaining({ userId: colleague.id }) }])
    expect(await notices(colleague.id, 'deal_member_added')).toHaveLength(1)

    await removeDealMemberAs(db, w.ent.principal, w.dealId, colleague.id, testMeta)
    expect(await dealAccess(db, colleagueP, w.dealId)).toBeNull()
    expect(await audits('deal.member_removed', w.dealId)).toHaveLength(1)
  })

  it('refuses whoever is not a party admin, people of other organisations, and the other side’s members', async () => {
    const db = testDb()
    const members = async () => (await dealMembers(db, w.dealId)).length
    // The researcher is a member of the university, not its admin.
    const stranger = await createUser(db)
    await refusedUnchanged(members, () => addDealMember(db, w.uni.principal, w.dealId, stranger.id, testMeta), 'forbidden')
    await refusedUnchanged(members, () => addDealMember(db, w.manager.principal, w.dealId, stranger.id, testMeta), 'forbidden')
    await refusedUnchanged(members, () => addDealMember(db, w.ent.principal, w.dealId, w.otherEnt.user.id, testMeta), 'conflict')
    await refusedUnchanged(members, () => removeDealMemberAs(db, w.ent.principal, w.dealId, w.uni.user.id, testMeta), 'forbidden')
    await refusedUnchanged(members, () => removeDealMemberAs(db, w.ent.principal, w.dealId, w.manager.user.id, testMeta), 'forbidden')
    await refusedUnchanged(members, () => addDealMember(db, w.otherEnt.principal, w.dealId, stranger.id, testMeta), 'not_found')
  })
})

describe('stages', () => {
  it('move on by hand from 意向 to 洽谈, audited with a system line, a stage event and notices to the others', async () => {
    const db = testDb()
    const before = await roomLastSeq(db, roomName('deal', w.dealId))
    expect(await advanceStage(db, w.manager.principal, w.dealId, 'intent', testMeta)).toEqual({ from: 'intent', to: 'negotiation' })
    expect((await events(w.dealId, before)).map((e) => e.kind)).toEqual(['message', 'stage'])
    expect(await audits('deal.stage_changed', w.dealId)).toEqual([{ actor_id: w.manager.user.id, details: { from: 'intent', to: 'negotiation' } }])
    const toEnt = await notices(w.ent.user.id, 'deal_stage')
    expect(toEnt.map((n) => n.params)).toEqual([expect.objectContaining({ stage: '洽谈' })])
    expect(await notices(w.manager.user.id, 'deal_stage')).toHaveLength(0)
  })

  it('do not reach 条款确认 by hand, nor move twice from a stale page, nor for outsiders', async () => {
    const db = testDb()
    await refusedUnchanged(count('deal_stage_changes'), () => advanceStage(db, w.ent.principal, w.dealId, 'negotiation', testMeta), 'conflict', 'deals.errors.termsFromOffer')
    await refusedUnchanged(count('deal_stage_changes'), () => advanceStage(db, w.ent.principal, w.dealId, 'intent', testMeta), 'conflict', 'deals.errors.stageChanged')
    await refusedUnchanged(count('deal_stage_changes'), () => advanceStage(db, w.otherEnt.principal, w.dealId, 'negotiation', testMeta), 'not_found')
  })

  it('close as 成交失败 with a reason and note, once, shown in the timeline', async () => {
    const db = testDb()
    await closeDealLost(db, w.uni.principal, w.dealId, { reason: 'price', note: '报价差距较大' }, testMeta)
    const access = (await dealAccess(db, w.uni.principal, w.dealId))!
    expect(access.deal).toMatchObject({ stage: 'closed_lost', closed_reason: 'price', closed_note: '报价差距较大' })
    const tl = await timeline(db, access)
    expect(tl.map((c) => [c.from, c.to, c.reason])).toEqual([
      [null, 'intent', null],
      ['intent', 'negotiation', null],
      ['negotiation', 'closed_lost', 'price'],
    ])
    expect(await audits('deal.closed_lost', w.dealId)).toHaveLength(1)
    await refusedUnchanged(count('deal_stage_changes'), () => closeDealLost(db, w.ent.principal, w.dealId, { reason: 'other', note: '' }, testMeta), 'conflict')
    // A closed room takes no more messages; its record stays readable.
    await refusedUnchanged(count('deal_messages'), () => sendMessage(db, store, w.ent.principal, w.dealId, { body: '还能再谈谈吗' }, testMeta), 'conflict')
  })
})

describe('the buttons that open a room', () => {
  it('a manager bringing an achievement and a need together twice finds the same room; others may not', async () => {
    const db = testDb()
    const first = await openRoom(db, w.manager.principal, { from: 'direct', achievementId: w.achievementId, needId: w.needId }, testMeta)
    expect(first.created).toBe(true)
    expect(await openRoom(db, w.manager.principal, { from: 'direct', achievementId: w.achievementId, needId: w.needId }, testMeta)).toEqual({ id: first.id, created: false })
    expect(await dealAccess(db, w.ent.principal, first.id)).toMatchObject({ side: 'buyer' })
    await expect(openRoom(db, w.ent.principal, { from: 'direct', achievementId: w.achievementId, needId: w.needId }, testMeta)).rejects.toMatchObject({ kind: 'forbidden' })
    // The match's room is found again from its source.
    expect(await openRoom(db, w.uni.principal, { from: 'match', id: w.matchId }, testMeta)).toEqual({ id: w.dealId, created: false })
  })
})
