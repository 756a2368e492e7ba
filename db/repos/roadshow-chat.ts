import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// 路演 chat lines and sanctions (禁言 / 移出) (ADR 033). A line is its own
// record with author and time; the room event is its public copy.

/**
 * Serialises one person's chat lines in one roadshow across processes: the
 * rate limit's count and the key's look-up then see every earlier line.
 */
export async function lockChatter(trx: Executor, roadshowId: string, userId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`roadshow-chat:${roadshowId}:${userId}`}, 0))`.execute(trx)
}

export async function chatLineByKey(db: Executor, roadshowId: string, userId: string, key: string) {
  return db
    .selectFrom('roadshow_chat')
    .select(['id', 'body', 'created_at', 'hidden_at'])
    .where('roadshow_id', '=', roadshowId)
    .where('user_id', '=', userId)
    .where('client_key', '=', key)
    .executeTakeFirst()
}

/** Lines the person sent since `since` (hidden ones count: the limit is on sending). */
export async function chatLinesSince(db: Executor, roadshowId: string, userId: string, since: Date) {
  const row = await db
    .selectFrom('roadshow_chat')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roadshow_id', '=', roadshowId)
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertChatLine(
  db: Executor,
  l: {
    roadshowId: string
    userId: string
    body: string
    key: string
    at: Date
  }
) {
  return db
    .insertInto('roadshow_chat')
    .values({
      roadshow_id: l.roadshowId,
      user_id: l.userId,
      body: l.body,
      client_key: l.key,
      created_at: l.at,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

export async function findChatLine(db: Executor, roadshowId: string, chatId: string) {
  if (!isUuid(chatId)) return undefined
  return db.selectFrom('roadshow_chat').select(['id', 'user_id', 'hidden_at']).where('roadshow_id', '=', roadshowId).where('id', '=', chatId).executeTakeFirst()
}

/** Hides the given lines, or every visible line of `userId`; answers the ids it hid. */
export async function hideChatLines(db: Executor, roadshowId: string, by: string, at: Date, which: { ids: string[] } | { userId: string }) {
  let q = db.updateTable('roadshow_chat').set({ hidden_at: at, hidden_by: by }).where('roadshow_id', '=', roadshowId).where('hidden_at', 'is', null)
  q = 'ids' in which ? (which.ids.length ? q.where('id', 'in', which.ids) : q.where(sql<boolean>`false`)) : q.where('user_id', '=', which.userId)
  const rows = await q.returning('id').execute()
  return rows.map((r) => r.id)
}

export async function sanctionOf(db: Executor, roadshowId: string, userId: string) {
  return db.selectFrom('roadshow_sanctions').select(['kind', 'until']).where('roadshow_id', '=', roadshowId).where('user_id', '=', userId).executeTakeFirst()
}

export async function putSanction(
  db: Executor,
  s: {
    roadshowId: string
    userId: string
    kind: 'mute' | 'remove'
    until: Date | null
    by: string
    at: Date
  }
) {
  await db
    .insertInto('roadshow_sanctions')
    .values({
      roadshow_id: s.roadshowId,
      user_id: s.userId,
      kind: s.kind,
      until: s.until,
      by_user_id: s.by,
      created_at: s.at,
    })
    .onConflict((oc) =>
      oc.columns(['roadshow_id', 'user_id']).doUpdateSet({
        kind: s.kind,
        until: s.until,
        by_user_id: s.by,
      })
    )
    .execute()
}

export async function liftSanction(db: Executor, roadshowId: string, userId: string) {
  const r = await db.deleteFrom('roadshow_sanctions').where('roadshow_id', '=', roadshowId).where('user_id', '=', userId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** People removed from the session (移出): they may still see a public page but no longer take part. */
export async function removedUserIdsOf(db: Executor, roadshowId: string) {
  const rows = await db.selectFrom('roadshow_sanctions').select('user_id').where('roadshow_id', '=', roadshowId).where('kind', '=', 'remove').execute()
  return rows.map((r) => r.user_id)
}
