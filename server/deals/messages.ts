import { randomUUID } from 'node:crypto'
import type { Database, Executor } from '../../db/index'
import {
  advanceRead,
  dealMessageRows,
  dealReads,
  insertDealAttachment,
  lastMessageId,
  messageAttachments,
  withUnreadNotification,
} from '../../db/repos/deal-rooms'
import { dealMembers, insertDealMessage, touchDeal } from '../../db/repos/deals'
import { roomLastSeq } from '../../db/repos/realtime'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, invalid, notFound } from '../platform/errors'
import { inspectUpload } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { publish, roomName } from '../realtime/publish'
import { dealAccess, type DealAccess } from './access'
import type { DealMessageEvent } from './system-line'

// The conversation of a deal room (交易洽谈室). A message is stored, broadcast
// to the room (`message` event, through the outbox after commit) and its
// @mentions notified, all in one transaction. Messages are not written to the
// audit log one by one (ADR 022): the message row itself is the permanent,
// never-edited record of who said what when, and the transcript exports it;
// what changes the deal (stages, members, files) is audited.

export interface RoomFile {
  id: string
  filename: string
  kind: 'image' | 'document'
  sizeBytes: number
}

/** A message as the page shows it and the `message` event carries it. */
export interface RoomMessage extends DealMessageEvent {
  files: RoomFile[]
}

type Member = Awaited<ReturnType<typeof dealMembers>>[number]

/** The members a text mentions: `@姓名` of any active member, longest names first. */
export function mentionedMembers(body: string, members: Pick<Member, 'user_id' | 'name'>[]) {
  const found = new Set<string>()
  let rest = body
  for (const m of [...members].sort((a, b) => b.name.length - a.name.length)) {
    if (!m.name) continue
    const tag = `@${m.name}`
    if (rest.includes(tag)) {
      found.add(m.user_id)
      rest = rest.split(tag).join(' ')
    }
  }
  return [...found]
}

export interface SendInput {
  body: string
  file?: { bytes: Uint8Array; name: string }
}

/** Who may post: the page's rule by default; the partner API passes its token-scoped rule. */
export type AccessRule = (db: Executor, actor: Principal, dealId: string) => Promise<DealAccess | null>

/** Sends a message (text and/or one file) as `actor`; returns the message as the room shows it. */
export async function sendMessage(
  db: Database,
  store: FileStore,
  actor: Principal,
  dealId: string,
  input: SendInput,
  meta: RequestMeta,
  accessRule: AccessRule = dealAccess,
): Promise<RoomMessage> {
  const body = input.body.trim()
  if (!body && !input.file) throw invalid({ body: ['deals.errors.emptyMessage'] })
  const first = await accessRule(db, actor, dealId)
  if (!first) throw notFound()
  if (first.deal.stage === 'closed_lost') throw conflict('deals.errors.closed')

  let upload: { key: string; mime: string; kind: 'image' | 'document'; filename: string; sha256: string; size: number } | null = null
  if (input.file) {
    upload = { key: `deals/${first.deal.id}/${randomUUID()}`, ...inspectUpload(input.file.bytes, input.file.name) }
    // The bytes go first; the row that makes them reachable only if they arrived.
    await store.put(upload.key, input.file.bytes, upload.mime)
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const access = await accessRule(trx, actor, dealId)
      if (!access) throw notFound()
      if (access.deal.stage === 'closed_lost') throw conflict('deals.errors.closed')
      const members = await dealMembers(trx, access.deal.id)
      const mentions = mentionedMembers(body, members).filter((u) => u !== actor.userId)
      const row = await insertDealMessage(trx, { dealId: access.deal.id, authorId: actor.userId, kind: 'text', body, mentions })
      const files: RoomFile[] = []
      if (upload) {
        const id = await insertDealAttachment(trx, {
          dealId: access.deal.id,
          messageId: row.id,
          kind: upload.kind,
          filename: upload.filename,
          mime: upload.mime,
          sizeBytes: upload.size,
          sha256: upload.sha256,
          storageKey: upload.key,
          uploadedBy: actor.userId,
        })
        files.push({ id, filename: upload.filename, kind: upload.kind, sizeBytes: upload.size })
        await audit(trx, meta, actor.userId, 'deal.file_uploaded', { type: 'deal', id: access.deal.id, orgId: access.orgId }, {
          attachmentId: id,
          filename: upload.filename,
          mime: upload.mime,
          sizeBytes: upload.size,
          sha256: upload.sha256,
        })
      }
      await touchDeal(trx, access.deal.id)
      await advanceRead(trx, access.deal.id, actor.userId, row.id)
      const message: RoomMessage = {
        id: row.id,
        kind: 'text',
        authorId: actor.userId,
        authorName: actor.name,
        body,
        params: {},
        mentions,
        at: row.created_at.toISOString(),
        files,
      }
      await publish(trx, roomName('deal', access.deal.id), 'message', { ...message })
      const link = `/deals/${access.deal.id}`
      const title = access.deal.title
      if (mentions.length) await notify(trx, mentions, { kind: 'deal_mention', params: { title, actor: actor.name }, link })
      // Everyone else hears of new messages once until they read the room.
      const others = members.map((m) => m.user_id).filter((u) => u !== actor.userId && !mentions.includes(u))
      const already = await withUnreadNotification(trx, others, 'deal_message', link)
      const fresh = others.filter((u) => !already.has(u))
      if (fresh.length) await notify(trx, fresh, { kind: 'deal_message', params: { title, actor: actor.name }, link })
      return message
    })
  } catch (err) {
    if (upload) await store.delete(upload.key)
    throw err
  }
}

/** Moves the viewer's read receipt to the room's last message; tells the room when it moved. */
export async function markRead(db: Database, access: DealAccess, viewer: Principal) {
  return db.transaction().execute(async (trx) => {
    const last = await lastMessageId(trx, access.deal.id)
    if (!last) return false
    const moved = await advanceRead(trx, access.deal.id, viewer.userId, last)
    if (moved) await publish(trx, roomName('deal', access.deal.id), 'read', { userId: viewer.userId, messageId: last })
    return moved
  })
}

/** What the 洽谈 tab shows: the room's last sequence number first (so no event falls between), then the messages. */
export async function conversation(db: Executor, access: DealAccess) {
  const dealId = access.deal.id
  const lastSeq = await roomLastSeq(db, roomName('deal', dealId))
  const [rows, reads, members] = await Promise.all([dealMessageRows(db, dealId, { limit: 500 }), dealReads(db, dealId), dealMembers(db, dealId)])
  const files = await messageAttachments(
    db,
    rows.map((r) => r.id),
  )
  const messages: RoomMessage[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    params: r.params,
    mentions: r.mentions,
    at: r.created_at.toISOString(),
    files: files.filter((f) => f.deal_message_id === r.id).map((f) => ({ id: f.id, filename: f.filename, kind: f.kind, sizeBytes: f.size_bytes })),
  }))
  const memberIds = new Set(members.map((m) => m.user_id))
  return {
    lastSeq,
    messages,
    members: members.map((m) => ({ userId: m.user_id, name: m.name, role: m.role, orgName: m.org_name })),
    reads: reads.filter((r) => memberIds.has(r.user_id)).map((r) => ({ userId: r.user_id, messageId: r.last_message_id })),
  }
}
