import { sql } from 'kysely'
import type { Executor } from '../index'

// The roadshows a caller may see, a page at a time, for /api/v1/roadshows.
// The same rule as rolesFrom (server/roadshows/access.ts) written as SQL so a
// page and its total are counted by the database: public and enterprise
// sessions are seen by everyone, an invitation-only one by its insiders
// (organisers, members of the organiser, judges, presenters, members of an
// item's owner) and members of the invited verified organisations. Cancelled
// sessions are not listed.

export interface RoadshowListViewer {
  userId: string | null
  isPlatformAdmin: boolean
  orgIds: string[]
  verifiedOrgIds: string[]
}

export type RoadshowPhaseFilter = 'upcoming' | 'live' | 'past'

const STATUS_OF: Record<RoadshowPhaseFilter, 'scheduled' | 'live' | 'ended'> = { upcoming: 'scheduled', live: 'live', past: 'ended' }

export async function roadshowApiPage(db: Executor, v: RoadshowListViewer, q: { phase?: RoadshowPhaseFilter; limit: number; offset: number }) {
  let base = db.selectFrom('roadshows').where('roadshows.status', 'in', q.phase ? [STATUS_OF[q.phase]] : ['scheduled', 'live', 'ended'])
  if (!v.isPlatformAdmin) {
    base = base.where((eb) => {
      const may = [eb('roadshows.audience', '!=', 'invitation')]
      if (v.userId) {
        const me = v.userId
        may.push(eb('roadshows.host_user_id', '=', me), eb('roadshows.created_by', '=', me))
        may.push(
          eb.exists(
            eb
              .selectFrom('roadshow_judges')
              .select('roadshow_judges.user_id')
              .whereRef('roadshow_judges.roadshow_id', '=', 'roadshows.id')
              .where('roadshow_judges.user_id', '=', me)
          )
        )
        const ownerOrgs = v.orgIds.length ? v.orgIds : ['00000000-0000-0000-0000-000000000000']
        may.push(
          eb.exists(
            eb
              .selectFrom('roadshow_items')
              .leftJoin('achievements', 'achievements.id', 'roadshow_items.achievement_id')
              .select('roadshow_items.id')
              .whereRef('roadshow_items.roadshow_id', '=', 'roadshows.id')
              .where((w) => w.or([w('roadshow_items.presenter_user_id', '=', me), w('achievements.org_id', 'in', ownerOrgs)]))
          )
        )
      }
      if (v.orgIds.length) may.push(eb('roadshows.org_id', 'in', v.orgIds))
      if (v.verifiedOrgIds.length)
        may.push(
          eb.exists(
            eb
              .selectFrom('roadshow_invitations')
              .select('roadshow_invitations.org_id')
              .whereRef('roadshow_invitations.roadshow_id', '=', 'roadshows.id')
              .where('roadshow_invitations.org_id', 'in', v.verifiedOrgIds)
          )
        )
      return eb.or(may)
    })
  }
  const [rows, total] = await Promise.all([
    base
      .innerJoin('organisations', 'organisations.id', 'roadshows.org_id')
      .select([
        'roadshows.id',
        'roadshows.title',
        'roadshows.theme',
        'roadshows.industry_code',
        'roadshows.starts_at',
        'roadshows.planned_end_at',
        'roadshows.started_at',
        'roadshows.ended_at',
        'roadshows.venue_mode',
        'roadshows.audience',
        'roadshows.status',
        'roadshows.peak_audience',
        'organisations.name as org_name',
        (eb) =>
          eb.selectFrom('roadshow_items').select(eb.fn.countAll<string>().as('n')).whereRef('roadshow_items.roadshow_id', '=', 'roadshows.id').as('item_count'),
        (eb) =>
          eb
            .selectFrom('roadshow_registrations')
            .select(eb.fn.countAll<string>().as('n'))
            .whereRef('roadshow_registrations.roadshow_id', '=', 'roadshows.id')
            .as('registrations'),
      ])
      // Live first, then the soonest upcoming, then the most recent past.
      .orderBy(sql`case roadshows.status when 'live' then 0 when 'scheduled' then 1 else 2 end`)
      .orderBy(sql`case when roadshows.status = 'ended' then -extract(epoch from roadshows.starts_at) else extract(epoch from roadshows.starts_at) end`)
      .orderBy('roadshows.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ])
  return { rows, total: Number(total?.n ?? 0) }
}
