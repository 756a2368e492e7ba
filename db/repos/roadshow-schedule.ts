import { sql } from 'kysely'
import type { Executor } from '../index'
import type { RoadshowStatus } from '../schema'
import { isUuid } from './ids'
import type { NewRoadshow } from './roadshows'

// 路演 before it starts (ADR 033): what scheduling, editing and cancelling a
// roadshow write besides the foundation's inserts, and what they look up
// (judges by e-mail, invited organisations by credit code or name, the
// auction lot an agenda item may bid on).

export async function usersByEmails(db: Executor, emails: string[]) {
  if (emails.length === 0) return []
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where(
      sql<string>`lower(email)`,
      'in',
      emails.map((e) => e.toLowerCase())
    )
    .execute()
}

/** Verified organisations whose credit code or exact name is one of `keys`. */
export async function verifiedOrgsByCodeOrName(db: Executor, keys: string[]) {
  if (keys.length === 0) return []
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'credit_code'])
    .where('status', '=', 'verified')
    .where((eb) =>
      eb.or([
        eb(
          'credit_code',
          'in',
          keys.map((k) => k.toUpperCase())
        ),
        eb('name', 'in', keys),
      ])
    )
    .execute()
}

export async function orgNamesOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('organisations').select(['id', 'name', 'credit_code']).where('id', 'in', ids).execute()
}

export async function userEmailsOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute()
}

/** An announced (or bidding) lot containing the achievement: the only kind an agenda item may show live. */
export async function announcedAuctionWith(db: Executor, auctionId: string, achievementId: string) {
  if (!isUuid(auctionId) || !isUuid(achievementId)) return undefined
  return db
    .selectFrom('auctions as a')
    .innerJoin('auction_items as i', 'i.auction_id', 'a.id')
    .select(['a.id', 'a.title'])
    .where('a.id', '=', auctionId)
    .where('i.achievement_id', '=', achievementId)
    .where('a.status', '=', 'announced')
    .executeTakeFirst()
}

/** What an edit may change of a roadshow: its head as scheduled, plus the recording link. */
export type RoadshowHeadChange = Omit<NewRoadshow, 'orgId' | 'createdBy' | 'hostUserId' | 'recordingUrl' | 'status'> & { recordingUrl: string | null }

export async function updateRoadshowHead(db: Executor, id: string, c: RoadshowHeadChange) {
  await db
    .updateTable('roadshows')
    .set({
      title: c.title,
      theme: c.theme,
      industry_code: c.industryCode,
      starts_at: c.startsAt,
      planned_end_at: c.plannedEndAt,
      venue_mode: c.venueMode,
      venue_address: c.venueAddress,
      audience: c.audience,
      stream_kind: c.streamKind,
      stream_url: c.streamUrl,
      recording_url: c.recordingUrl,
      rubric: JSON.stringify(c.rubric),
      // A new start time is a new reminder.
      reminder_sent_at: null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function setRoadshowStatus(db: Executor, id: string, status: RoadshowStatus) {
  await db.updateTable('roadshows').set({ status, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function setRecordingUrl(db: Executor, id: string, url: string | null) {
  await db.updateTable('roadshows').set({ recording_url: url, updated_at: new Date() }).where('id', '=', id).execute()
}

export interface ItemChange {
  position: number
  title: string
  presenterName: string
  presenterUserId: string | null
  pitchMinutes: number
  qaMinutes: number
  auctionId: string | null
  slidesAttachmentId: string | null
}

export async function updateRoadshowItem(db: Executor, itemId: string, c: ItemChange) {
  await db
    .updateTable('roadshow_items')
    .set({
      position: c.position,
      title: c.title,
      presenter_name: c.presenterName,
      presenter_user_id: c.presenterUserId,
      pitch_minutes: c.pitchMinutes,
      qa_minutes: c.qaMinutes,
      auction_id: c.auctionId,
      slides_attachment_id: c.slidesAttachmentId,
    })
    .where('id', '=', itemId)
    .execute()
}

export async function deleteRoadshowItems(db: Executor, roadshowId: string, itemIds: string[]) {
  if (itemIds.length === 0) return
  await db.deleteFrom('roadshow_items').where('roadshow_id', '=', roadshowId).where('id', 'in', itemIds).execute()
}

export async function deleteJudges(db: Executor, roadshowId: string, userIds: string[]) {
  if (userIds.length === 0) return
  await db.deleteFrom('roadshow_judges').where('roadshow_id', '=', roadshowId).where('user_id', 'in', userIds).execute()
}

export async function deleteInvitations(db: Executor, roadshowId: string, orgIds: string[]) {
  if (orgIds.length === 0) return
  await db.deleteFrom('roadshow_invitations').where('roadshow_id', '=', roadshowId).where('org_id', 'in', orgIds).execute()
}

export async function deleteRegistration(db: Executor, roadshowId: string, userId: string) {
  const r = await db.deleteFrom('roadshow_registrations').where('roadshow_id', '=', roadshowId).where('user_id', '=', userId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function registrantIds(db: Executor, roadshowId: string) {
  const rows = await db.selectFrom('roadshow_registrations').select('user_id').where('roadshow_id', '=', roadshowId).execute()
  return rows.map((r) => r.user_id)
}

export async function countRegistrations(db: Executor, roadshowId: string) {
  const r = await db
    .selectFrom('roadshow_registrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roadshow_id', '=', roadshowId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
