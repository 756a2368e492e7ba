import type { Executor } from '../index'
import { isUuid } from './ids'

// 意向登记 (ADR 033): one intent per agenda item and organisation; `deal_id`
// once a deal room was opened from it.

export interface NewRoadshowIntent {
  roadshowId: string
  itemId: string
  userId: string
  orgId: string
  mode: string
  note: string
  at: Date
}

/** Stores the intent unless the organisation already has one for the item; returns the new id or null. */
export async function insertIntent(db: Executor, i: NewRoadshowIntent) {
  const row = await db
    .insertInto('roadshow_intents')
    .values({
      roadshow_id: i.roadshowId,
      item_id: i.itemId,
      user_id: i.userId,
      org_id: i.orgId,
      mode: i.mode,
      note: i.note,
      created_at: i.at,
    })
    .onConflict((oc) => oc.columns(['item_id', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}

export async function intentOfOrg(db: Executor, itemId: string, orgId: string) {
  return db
    .selectFrom('roadshow_intents')
    .select(['id', 'mode', 'note', 'created_at'])
    .where('item_id', '=', itemId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
}

export async function intentCountOfItem(db: Executor, itemId: string) {
  const r = await db
    .selectFrom('roadshow_intents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The intent under a row lock, with what opening a deal room from it needs. */
export async function lockIntent(db: Executor, intentId: string) {
  if (!isUuid(intentId)) return undefined
  return db
    .selectFrom('roadshow_intents as i')
    .innerJoin('roadshow_items as it', 'it.id', 'i.item_id')
    .leftJoin('achievements as a', 'a.id', 'it.achievement_id')
    .select([
      'i.id',
      'i.roadshow_id',
      'i.item_id',
      'i.user_id',
      'i.org_id',
      'i.mode',
      'i.deal_id',
      'it.title as item_title',
      'it.presenter_user_id',
      'a.id as achievement_id',
      'a.title as achievement_title',
      'a.org_id as owner_org_id',
      'a.created_by as owner_user_id',
    ])
    .where('i.id', '=', intentId)
    .forUpdate('i')
    .executeTakeFirst()
}

export async function setIntentDeal(db: Executor, intentId: string, dealId: string) {
  await db.updateTable('roadshow_intents').set({ deal_id: dealId }).where('id', '=', intentId).execute()
}

/** The inbox: intents for the given items of a roadshow, newest first, with who sent them. */
export async function intentsOfItems(db: Executor, roadshowId: string, itemIds: string[]) {
  if (itemIds.length === 0) return []
  return db
    .selectFrom('roadshow_intents as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('organisations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.item_id', 'i.mode', 'i.note', 'i.deal_id', 'i.created_at', 'u.name as user_name', 'o.name as org_name'])
    .where('i.roadshow_id', '=', roadshowId)
    .where('i.item_id', 'in', itemIds)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute()
}
