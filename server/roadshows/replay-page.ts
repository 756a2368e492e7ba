import type { Executor } from '../../db/index'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { roadshowRoles } from './access'
import { agendaOf, headOf } from './after-view'
import { roadshowTimeline } from './replay'

// /roadshows/:id/replay: whoever may view the roadshow's page may read its
// replay (404 for anyone else, as for the page). Items carry their times so
// the page can say when each began.

export async function replayPage(db: Executor, viewer: Principal | null, roadshowId: string) {
  const access = await roadshowRoles(db, viewer, roadshowId)
  if (!access) throw notFound()
  const { roadshow, items } = access.facts
  const timeline = await roadshowTimeline(db, roadshow.id)
  return {
    roadshow: headOf(roadshow),
    startedAt: roadshow.started_at?.toISOString() ?? null,
    endedAt: roadshow.ended_at?.toISOString() ?? null,
    items: agendaOf(items).map((a, i) => ({
      ...a,
      startedAt: items[i]!.started_at?.toISOString() ?? null,
      endedAt: items[i]!.ended_at?.toISOString() ?? null,
    })),
    sections: timeline.sections,
    chatLines: timeline.chatLines,
    organiser: access.roles.organiser,
  }
}
