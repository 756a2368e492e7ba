import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// What a roadshow came to, for its report, the replay's header and the
// government's outcome counts (ADR 033): registrations, who watched each item,
// intents and the deal rooms opened from them, and the agenda's auction lots.

export async function registrationCount(db: Executor, roadshowId: string) {
  const r = await db
    .selectFrom('roadshow_registrations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('roadshow_id', '=', roadshowId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Distinct viewers per agenda item (everyone who watched it at some point). */
export async function itemViewerCounts(db: Executor, roadshowId: string) {
  const rows = await db
    .selectFrom('roadshow_item_viewers')
    .innerJoin('roadshow_items', 'roadshow_items.id', 'roadshow_item_viewers.item_id')
    .select(['roadshow_item_viewers.item_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('roadshow_items.roadshow_id', '=', roadshowId)
    .groupBy('roadshow_item_viewers.item_id')
    .execute()
  return new Map(rows.map((r) => [r.item_id, Number(r.n)]))
}

/** Distinct people who watched any item of the roadshow. */
export async function distinctViewerCount(db: Executor, roadshowId: string) {
  const r = await db
    .selectFrom('roadshow_item_viewers')
    .innerJoin('roadshow_items', 'roadshow_items.id', 'roadshow_item_viewers.item_id')
    .select(sql<string>`count(distinct roadshow_item_viewers.user_id)`.as('n'))
    .where('roadshow_items.roadshow_id', '=', roadshowId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Every intent with who registered it and the deal room opened from it, oldest first. */
export async function intentsOfRoadshow(db: Executor, roadshowId: string) {
  return db
    .selectFrom('roadshow_intents')
    .innerJoin('organisations', 'organisations.id', 'roadshow_intents.org_id')
    .innerJoin('users', 'users.id', 'roadshow_intents.user_id')
    .leftJoin('deals', 'deals.id', 'roadshow_intents.deal_id')
    .select([
      'roadshow_intents.id',
      'roadshow_intents.item_id',
      'roadshow_intents.mode',
      'roadshow_intents.note',
      'roadshow_intents.created_at',
      'roadshow_intents.deal_id',
      'organisations.name as org_name',
      'users.name as user_name',
      'deals.title as deal_title',
      'deals.stage as deal_stage',
    ])
    .where('roadshow_intents.roadshow_id', '=', roadshowId)
    .orderBy('roadshow_intents.created_at')
    .orderBy('roadshow_intents.id')
    .execute()
}

/** The auction lots on the agenda: bids, price and how each ended. */
export async function agendaLots(db: Executor, auctionIds: string[]) {
  const ids = auctionIds.filter(isUuid)
  if (ids.length === 0) return []
  return db
    .selectFrom('auctions')
    .select(['id', 'title', 'status', 'bid_count', 'current_price_fen', 'hammer_price_fen', 'start_price_fen', 'ends_at', 'closed_at'])
    .where('id', 'in', ids)
    .execute()
}

export interface OutcomeFilter {
  orgId?: string
  managerUserId?: string
  from: Date
  to: Date
}

/**
 * Sums over the roadshows held (started, not cancelled) with a start in [from, to):
 * organised by `orgId` and/or hosted or scheduled by `managerUserId`.
 */
export async function outcomeCounts(db: Executor, f: OutcomeFilter) {
  let held = db
    .selectFrom('roadshows')
    .select('roadshows.id')
    .where('roadshows.status', 'in', ['live', 'ended'])
    .where('roadshows.started_at', 'is not', null)
    .where('roadshows.starts_at', '>=', f.from)
    .where('roadshows.starts_at', '<', f.to)
  if (f.orgId) held = held.where('roadshows.org_id', '=', f.orgId)
  if (f.managerUserId) {
    const m = f.managerUserId
    held = held.where((eb) => eb.or([eb('roadshows.host_user_id', '=', m), eb('roadshows.created_by', '=', m)]))
  }
  const r = await db
    .with('held', () => held)
    .selectNoFrom((eb) => [
      eb.selectFrom('held').select(eb.fn.countAll<string>().as('n')).as('roadshows'),
      eb
        .selectFrom('roadshows')
        .select(sql<string>`coalesce(sum(roadshows.peak_audience), 0)`.as('n'))
        .where('roadshows.id', 'in', eb.selectFrom('held').select('held.id'))
        .as('peak_audience'),
      eb
        .selectFrom('roadshow_item_viewers')
        .innerJoin('roadshow_items', 'roadshow_items.id', 'roadshow_item_viewers.item_id')
        .select(sql<string>`count(distinct (roadshow_items.roadshow_id, roadshow_item_viewers.user_id))`.as('n'))
        .where('roadshow_items.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
        .as('viewers'),
      eb
        .selectFrom('roadshow_registrations')
        .select(eb.fn.countAll<string>().as('n'))
        .where('roadshow_registrations.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
        .as('registrations'),
      eb
        .selectFrom('roadshow_items')
        .select(eb.fn.countAll<string>().as('n'))
        .where('roadshow_items.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
        .as('items'),
      eb
        .selectFrom('roadshow_intents')
        .select(eb.fn.countAll<string>().as('n'))
        .where('roadshow_intents.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
        .as('intents'),
      eb
        .selectFrom('roadshow_intents')
        .select(sql<string>`count(distinct roadshow_intents.deal_id)`.as('n'))
        .where('roadshow_intents.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
        .as('deal_rooms'),
      eb
        .selectFrom('auctions')
        .select(sql<string>`coalesce(sum(auctions.bid_count), 0)`.as('n'))
        .where(
          'auctions.id',
          'in',
          eb
            .selectFrom('roadshow_items')
            .select('roadshow_items.auction_id')
            .where('roadshow_items.auction_id', 'is not', null)
            .where('roadshow_items.roadshow_id', 'in', eb.selectFrom('held').select('held.id'))
            .$narrowType<{ auction_id: string }>()
        )
        .as('bids'),
    ])
    .executeTakeFirstOrThrow()
  return {
    roadshows: Number(r.roadshows ?? 0),
    peakAudience: Number(r.peak_audience ?? 0),
    viewers: Number(r.viewers ?? 0),
    registrations: Number(r.registrations ?? 0),
    items: Number(r.items ?? 0),
    intents: Number(r.intents ?? 0),
    dealRooms: Number(r.deal_rooms ?? 0),
    bids: Number(r.bids ?? 0),
  }
}
