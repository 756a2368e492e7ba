import { sql } from 'kysely'
import type { Executor } from '../index'
import type { ListingStatus } from '../schema'
import { isUuid } from './ids'

/** The listing tables that share the publish/expire/remind life cycle. */
export type ListingTable = 'achievements' | 'needs'


export interface ListingStatusPatch {
  status: ListingStatus
  statusReason?: string | null
  publishedAt?: Date | null
  expiresAt?: Date | null
  remindedAt?: Date | null
  /** Who submitted it for review (four eyes: they may not approve it). */
  submittedBy?: string | null
}

/** Sets the status (and the optional dates/reason given) of one listing. */
export async function setListingStatus(db: Executor, table: ListingTable, id: string, patch: ListingStatusPatch) {
  await db
    .updateTable(table)
    .set({
      status: patch.status,
      ...(patch.statusReason !== undefined ? { status_reason: patch.statusReason } : {}),
      ...(patch.publishedAt !== undefined ? { published_at: patch.publishedAt } : {}),
      ...(patch.expiresAt !== undefined ? { expires_at: patch.expiresAt } : {}),
      ...(patch.remindedAt !== undefined ? { reminded_at: patch.remindedAt } : {}),
      ...(patch.submittedBy !== undefined ? { submitted_by: patch.submittedBy } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

/** Published listings expiring before `before` whose owners have not been reminded. */
export async function listListingsToRemind(db: Executor, table: ListingTable, before: Date) {
  return db
    .selectFrom(table)
    .select(['id', 'title', 'org_id', 'created_by', 'expires_at'])
    .where('status', '=', 'published')
    .where('expires_at', '<', before)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('reminded_at', 'is', null)
    .limit(500)
    .execute()
}

/** Locks the row for a state change and returns what permissions need. */
export async function lockListing(db: Executor, table: ListingTable, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom(table)
    .select(['id', 'org_id', 'created_by', 'status', 'expires_at', 'title', 'submitted_by', 'last_edited_by'])
    .select((eb) =>
      eb.selectFrom('organisations as o').select('o.four_eyes').whereRef('o.id', '=', `${table}.org_id` as any).as('four_eyes'),
    )
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function markListingReminded(db: Executor, table: ListingTable, id: string) {
  await db.updateTable(table).set({ reminded_at: new Date() }).where('id', '=', id).execute()
}
