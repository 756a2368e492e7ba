import type { Executor } from '../index'
import type { RoadshowAudience, RoadshowStatus, RoadshowStreamKind, RoadshowVenue, RubricCriterion } from '../schema'
import { isUuid } from './ids'

// 路演: sessions, their agenda items, judges and the people who may watch
// (ADR 033). The live parts (chat, questions, polls, scores, intents,
// presence) have repository files of their own: roadshow-<topic>.ts.

export interface NewRoadshow {
  orgId: string
  createdBy: string
  hostUserId: string
  title: string
  theme: string
  industryCode: string | null
  startsAt: Date
  plannedEndAt: Date
  venueMode: RoadshowVenue
  venueAddress: string
  audience: RoadshowAudience
  streamKind: RoadshowStreamKind
  streamUrl: string | null
  recordingUrl?: string | null
  rubric: RubricCriterion[]
  status?: RoadshowStatus
}

export async function insertRoadshow(db: Executor, r: NewRoadshow) {
  const row = await db
    .insertInto('roadshows')
    .values({
      org_id: r.orgId,
      created_by: r.createdBy,
      host_user_id: r.hostUserId,
      title: r.title,
      theme: r.theme,
      industry_code: r.industryCode,
      starts_at: r.startsAt,
      planned_end_at: r.plannedEndAt,
      venue_mode: r.venueMode,
      venue_address: r.venueAddress,
      audience: r.audience,
      stream_kind: r.streamKind,
      stream_url: r.streamUrl,
      recording_url: r.recordingUrl ?? null,
      rubric: JSON.stringify(r.rubric),
      status: r.status ?? 'scheduled',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export interface NewRoadshowItem {
  position: number
  achievementId: string | null
  title: string
  presenterName: string
  presenterUserId: string | null
  pitchMinutes: number
  qaMinutes: number
  slidesAttachmentId?: string | null
  auctionId?: string | null
}

export async function insertRoadshowItems(db: Executor, roadshowId: string, items: NewRoadshowItem[]) {
  if (items.length === 0) return []
  const rows = await db
    .insertInto('roadshow_items')
    .values(
      items.map((i) => ({
        roadshow_id: roadshowId,
        position: i.position,
        achievement_id: i.achievementId,
        title: i.title,
        presenter_name: i.presenterName,
        presenter_user_id: i.presenterUserId,
        pitch_minutes: i.pitchMinutes,
        qa_minutes: i.qaMinutes,
        slides_attachment_id: i.slidesAttachmentId ?? null,
        auction_id: i.auctionId ?? null,
      }))
    )
    .returning(['id', 'position'])
    .execute()
  return rows.sort((a, b) => a.position - b.position).map((r) => r.id)
}

const roadshowColumns = [
  'roadshows.id',
  'roadshows.org_id',
  'roadshows.created_by',
  'roadshows.host_user_id',
  'roadshows.title',
  'roadshows.theme',
  'roadshows.industry_code',
  'roadshows.starts_at',
  'roadshows.planned_end_at',
  'roadshows.venue_mode',
  'roadshows.venue_address',
  'roadshows.audience',
  'roadshows.stream_kind',
  'roadshows.stream_url',
  'roadshows.recording_url',
  'roadshows.rubric',
  'roadshows.status',
  'roadshows.current_item_id',
  'roadshows.pinned',
  'roadshows.started_at',
  'roadshows.ended_at',
  'roadshows.peak_audience',
  'roadshows.reminder_sent_at',
  'roadshows.created_at',
] as const

export async function findRoadshow(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('roadshows')
    .innerJoin('organisations', 'organisations.id', 'roadshows.org_id')
    .select([...roadshowColumns, 'organisations.name as org_name'])
    .where('roadshows.id', '=', id)
    .executeTakeFirst()
}
export type RoadshowRow = NonNullable<Awaited<ReturnType<typeof findRoadshow>>>

/** The roadshow row under a row lock: host actions on one session take turns. */
export async function lockRoadshow(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('roadshows').select(roadshowColumns).where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The agenda in order, with each item's achievement owner (the organisation intents and questions reach). */
export async function roadshowItems(db: Executor, roadshowId: string) {
  return db
    .selectFrom('roadshow_items')
    .leftJoin('achievements', 'achievements.id', 'roadshow_items.achievement_id')
    .select([
      'roadshow_items.id',
      'roadshow_items.roadshow_id',
      'roadshow_items.position',
      'roadshow_items.achievement_id',
      'roadshow_items.title',
      'roadshow_items.presenter_name',
      'roadshow_items.presenter_user_id',
      'roadshow_items.pitch_minutes',
      'roadshow_items.qa_minutes',
      'roadshow_items.slides_attachment_id',
      'roadshow_items.auction_id',
      'roadshow_items.started_at',
      'roadshow_items.ended_at',
      'roadshow_items.qa_open',
      'roadshow_items.scoring_closed_at',
      'roadshow_items.peak_audience',
      'achievements.org_id as owner_org_id',
      'achievements.created_by as owner_user_id',
    ])
    .where('roadshow_items.roadshow_id', '=', roadshowId)
    .orderBy('roadshow_items.position')
    .execute()
}
export type RoadshowItemRow = Awaited<ReturnType<typeof roadshowItems>>[number]

export async function judgeIdsOf(db: Executor, roadshowId: string) {
  const rows = await db.selectFrom('roadshow_judges').select('user_id').where('roadshow_id', '=', roadshowId).execute()
  return rows.map((r) => r.user_id)
}

export async function insertJudges(db: Executor, roadshowId: string, userIds: string[], invitedBy: string) {
  if (userIds.length === 0) return
  await db
    .insertInto('roadshow_judges')
    .values(
      userIds.map((user_id) => ({
        roadshow_id: roadshowId,
        user_id,
        invited_by: invitedBy,
      }))
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function invitedOrgIdsOf(db: Executor, roadshowId: string) {
  const rows = await db.selectFrom('roadshow_invitations').select('org_id').where('roadshow_id', '=', roadshowId).execute()
  return rows.map((r) => r.org_id)
}

export async function insertInvitations(db: Executor, roadshowId: string, orgIds: string[], invitedBy: string) {
  if (orgIds.length === 0) return
  await db
    .insertInto('roadshow_invitations')
    .values(
      orgIds.map((org_id) => ({
        roadshow_id: roadshowId,
        org_id,
        invited_by: invitedBy,
      }))
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function insertRegistration(db: Executor, r: { roadshowId: string; userId: string; orgId: string | null }) {
  await db
    .insertInto('roadshow_registrations')
    .values({ roadshow_id: r.roadshowId, user_id: r.userId, org_id: r.orgId })
    .onConflict((oc) => oc.columns(['roadshow_id', 'user_id']).doNothing())
    .execute()
}

export async function isRegistered(db: Executor, roadshowId: string, userId: string) {
  const r = await db
    .selectFrom('roadshow_registrations')
    .select('user_id')
    .where('roadshow_id', '=', roadshowId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return !!r
}

/** The live columns the host's actions move (status, current item, pinned message, times). */
export async function updateRoadshowLive(
  db: Executor,
  id: string,
  change: Partial<{
    status: RoadshowStatus
    currentItemId: string | null
    pinned: { id: string; body: string; name: string } | null
    startedAt: Date
    endedAt: Date
    peakAudience: number
  }>
) {
  await db
    .updateTable('roadshows')
    .set({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.currentItemId !== undefined ? { current_item_id: change.currentItemId } : {}),
      ...(change.pinned !== undefined
        ? {
            pinned: change.pinned === null ? null : JSON.stringify(change.pinned),
          }
        : {}),
      ...(change.startedAt !== undefined ? { started_at: change.startedAt } : {}),
      ...(change.endedAt !== undefined ? { ended_at: change.endedAt } : {}),
      ...(change.peakAudience !== undefined ? { peak_audience: change.peakAudience } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
}

export async function updateRoadshowItemLive(
  db: Executor,
  itemId: string,
  change: Partial<{
    startedAt: Date
    endedAt: Date
    qaOpen: boolean
    scoringClosedAt: Date
    peakAudience: number
  }>
) {
  await db
    .updateTable('roadshow_items')
    .set({
      ...(change.startedAt !== undefined ? { started_at: change.startedAt } : {}),
      ...(change.endedAt !== undefined ? { ended_at: change.endedAt } : {}),
      ...(change.qaOpen !== undefined ? { qa_open: change.qaOpen } : {}),
      ...(change.scoringClosedAt !== undefined ? { scoring_closed_at: change.scoringClosedAt } : {}),
      ...(change.peakAudience !== undefined ? { peak_audience: change.peakAudience } : {}),
    })
    .where('id', '=', itemId)
    .execute()
}
