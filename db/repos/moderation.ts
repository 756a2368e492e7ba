import { sql } from 'kysely'
import type { Executor } from '../index'
import type { ListingStatus } from '../schema'
import { allWordsIn, keywordWords } from './listing-filters'

// The platform admin's moderation list: achievements and needs of every
// organisation in one list, most recently changed first.

export interface ModerationFilter {
  kind?: 'achievement' | 'need'
  /** A stored status, or `expired` (published and past its expiry). */
  status?: ListingStatus | 'expired'
  orgId?: string
  /** Words that must all occur in the title or the organisation's name. */
  q?: string
}

function listings(db: Executor, f: ModerationFilter) {
  const achievements = db
    .selectFrom('achievements as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select([
      sql<'achievement' | 'need'>`'achievement'`.as('kind'),
      'a.id', 'a.title', 'a.status', 'a.status_reason', 'a.expires_at', 'a.updated_at', 'a.org_id', 'o.name as org_name',
    ])
  const needs = db
    .selectFrom('needs as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .select([
      sql<'achievement' | 'need'>`'need'`.as('kind'),
      'n.id', 'n.title', 'n.status', 'n.status_reason', 'n.expires_at', 'n.updated_at', 'n.org_id', 'o.name as org_name',
    ])
  const both = f.kind === 'achievement' ? achievements : f.kind === 'need' ? needs : achievements.unionAll(needs)
  let q = db.selectFrom(both.as('l'))
  if (f.orgId) q = q.where('l.org_id', '=', f.orgId)
  if (f.status === 'expired') q = q.where('l.status', '=', 'published').where('l.expires_at', '<=', sql<Date>`now()`)
  else if (f.status === 'published') q = q.where('l.status', '=', 'published').where('l.expires_at', '>', sql<Date>`now()`)
  else if (f.status) q = q.where('l.status', '=', f.status)
  const words = keywordWords(f.q)
  if (words.length) q = q.where(allWordsIn(words, sql<string>`concat_ws(' ', l.title, l.org_name)`))
  return q
}

export async function listForModeration(db: Executor, f: ModerationFilter & { limit: number; offset: number }) {
  return listings(db, f).selectAll('l').orderBy('l.updated_at', 'desc').orderBy('l.id').limit(f.limit).offset(f.offset).execute()
}

export async function countForModeration(db: Executor, f: ModerationFilter) {
  const r = await listings(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return r.n
}

/** Organisations that have at least one listing, for the moderation page's filter. */
export async function listOrganisationsWithListings(db: Executor) {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name'])
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('achievements as a').select('a.id').whereRef('a.org_id', '=', 'o.id')),
        eb.exists(eb.selectFrom('needs as n').select('n.id').whereRef('n.org_id', '=', 'o.id')),
      ]),
    )
    .orderBy('o.name')
    .limit(500)
    .execute()
}
