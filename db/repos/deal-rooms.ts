import { sql } from 'kysely'
import type { Executor } from '../index'
import type { AttachmentTable, DealSource } from '../schema'
import { insertAttachment } from './attachments'
import { isUuid } from './ids'

// The conversation of a deal room (交易洽谈室): messages with their authors and
// files, read receipts, and what the list of rooms shows per room.

export async function dealMessageRows(db: Executor, dealId: string, o: { limit?: number } = {}) {
  const rows = await db
    .selectFrom('deal_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.author_id', 'u.name as author_name', 'm.body', 'm.params', 'm.mentions', 'm.created_at'])
    .where('m.deal_id', '=', dealId)
    .orderBy('m.id', 'desc')
    .limit(o.limit ?? 1000)
    .execute()
  return rows.reverse()
}

export async function messageAttachments(db: Executor, messageIds: number[]) {
  if (!messageIds.length) return []
  return db
    .selectFrom('attachments')
    .select(['id', 'deal_message_id', 'filename', 'kind', 'mime', 'size_bytes'])
    .where('deal_message_id', 'in', messageIds)
    .orderBy('created_at')
    .execute()
}

export async function lastMessageId(db: Executor, dealId: string) {
  const r = await db.selectFrom('deal_messages').select((eb) => eb.fn.max('id').as('id')).where('deal_id', '=', dealId).executeTakeFirst()
  return r?.id == null ? 0 : Number(r.id)
}

/** Moves a member's receipt forward (never back); true when it moved. */
export async function advanceRead(db: Executor, dealId: string, userId: string, messageId: number) {
  const r = await db
    .insertInto('deal_reads')
    .values({ deal_id: dealId, user_id: userId, last_message_id: messageId })
    .onConflict((oc) =>
      oc
        .columns(['deal_id', 'user_id'])
        .doUpdateSet({ last_message_id: messageId, read_at: new Date() })
        .where('deal_reads.last_message_id', '<', messageId),
    )
    .returning('user_id')
    .executeTakeFirst()
  return r !== undefined
}

export async function dealReads(db: Executor, dealId: string) {
  return db.selectFrom('deal_reads').select(['user_id', 'last_message_id', 'read_at']).where('deal_id', '=', dealId).execute()
}

/** Per deal, the messages of others after the user's receipt. */
export async function unreadCounts(db: Executor, userId: string, dealIds: string[]) {
  if (!dealIds.length) return new Map<string, number>()
  const rows = await db
    .selectFrom('deal_messages as m')
    .leftJoin('deal_reads as r', (j) => j.onRef('r.deal_id', '=', 'm.deal_id').on('r.user_id', '=', userId))
    .select(['m.deal_id', sql<number>`count(*)::int`.as('n')])
    .where('m.deal_id', 'in', dealIds)
    .where((eb) => eb.or([eb('m.author_id', 'is', null), eb('m.author_id', '<>', userId)]))
    .where((eb) => eb.or([eb('r.last_message_id', 'is', null), eb('m.id', '>', eb.ref('r.last_message_id'))]))
    .groupBy('m.deal_id')
    .execute()
  return new Map(rows.map((r) => [r.deal_id, Number(r.n)]))
}

export async function partiesOfDeals(db: Executor, dealIds: string[]) {
  if (!dealIds.length) return []
  return db
    .selectFrom('deal_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.deal_id', 'p.org_id', 'p.side', 'o.name', 'o.name_en'])
    .where('p.deal_id', 'in', dealIds)
    .orderBy(sql`p.side = 'seller'`, 'desc')
    .orderBy('o.name')
    .execute()
}

/** The rooms already opened from these sources (match ids, interest ids …). */
export async function dealsBySources(db: Executor, kind: DealSource, sourceIds: string[]) {
  const ids = sourceIds.filter(isUuid)
  if (!ids.length) return new Map<string, string>()
  const rows = await db.selectFrom('deals').select(['id', 'source_id']).where('source_kind', '=', kind).where('source_id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.source_id!, r.id]))
}

/** A deal room's file: confidential, reachable only through the room (ADR 022). */
export async function insertDealAttachment(
  db: Executor,
  a: { dealId: string; messageId: number; kind: AttachmentTable['kind']; filename: string; mime: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: string },
) {
  const { messageId, ...rest } = a
  return insertAttachment(db, { ...rest, achievementId: null, dealMessageId: messageId, confidential: true })
}

/** A file if it belongs to a deal room; undefined for any other file or none. */
export async function findDealAttachment(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('attachments')
    .select(['id', 'deal_id', 'filename', 'kind', 'mime', 'size_bytes', 'sha256', 'storage_key'])
    .where('id', '=', id)
    .where('deal_id', 'is not', null)
    .executeTakeFirst()
}

/** Of `userIds`, those who already have an unread notification of `kind` pointing at `link`. */
export async function withUnreadNotification(db: Executor, userIds: string[], kind: string, link: string) {
  if (!userIds.length) return new Set<string>()
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('kind', '=', kind)
    .where('link', '=', link)
    .where('read_at', 'is', null)
    .execute()
  return new Set(rows.map((r) => r.user_id))
}

/** Every message of a room with its author, for the transcript. */
export async function transcriptRows(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'u.name as author_name', 'm.body', 'm.params', 'm.created_at'])
    .where('m.deal_id', '=', dealId)
    .orderBy('m.id')
    .execute()
}

/** An open room a manager already made for this achievement and need (so a second click finds it). */
export async function openDirectDeal(db: Executor, achievementId: string, needId: string) {
  return db
    .selectFrom('deals as d')
    .select('d.id')
    .where('d.source_kind', '=', 'manager')
    .where('d.stage', '<>', 'closed_lost')
    .where((eb) => eb.exists(eb.selectFrom('deal_listings as a').select(sql`1`.as('x')).whereRef('a.deal_id', '=', 'd.id').where('a.achievement_id', '=', achievementId)))
    .where((eb) => eb.exists(eb.selectFrom('deal_listings as n').select(sql`1`.as('x')).whereRef('n.deal_id', '=', 'd.id').where('n.need_id', '=', needId)))
    .executeTakeFirst()
}
