import type { Database } from '../../db/index'
import { insertInvitations, insertJudges, insertRegistration, insertRoadshow, insertRoadshowItems } from '../../db/repos/roadshows'
import type { RoadshowAudience } from '../../db/schema'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { publishedAchievement } from './api-fixtures'
import { createManager, createMember, principalFor } from './factories'

/**
 * A scheduled roadshow straight through the repositories (the scheduling
 * service's rules are its own tests'): organised by a technology manager
 * (`host`, member of an agency that is the organiser), `items` agenda items each
 * an achievement of one university (`owner`, its owner), `judges` invited
 * judges, `viewers` verified enterprise members registered for it, and
 * `outsider` a verified university member who is none of these. Not started:
 * the host's `start` command does that.
 */
export async function scheduledRoadshow(
  db: Database,
  o: {
    items?: number
    judges?: number
    viewers?: number
    audience?: RoadshowAudience
    startsInMs?: number
    now?: Date
  } = {}
) {
  const now = o.now ?? new Date()
  const host = await createManager(db)
  const owner = await createMember(db, { type: 'university', role: 'owner' })
  const startsAt = new Date(now.getTime() + (o.startsInMs ?? 3_600_000))
  const roadshowId = await insertRoadshow(db, {
    orgId: host.org.id,
    createdBy: host.user.id,
    hostUserId: host.user.id,
    title: '测试路演：新材料专场',
    theme: '新材料',
    industryCode: null,
    startsAt,
    plannedEndAt: new Date(startsAt.getTime() + 2 * 3_600_000),
    venueMode: 'online',
    venueAddress: '',
    audience: o.audience ?? 'public',
    streamKind: 'none',
    streamUrl: null,
    rubric: roadshowRulesOn(now).defaultRubric,
  })
  const achievementIds: string[] = []
  for (let i = 0; i < (o.items ?? 2); i++)
    achievementIds.push(await publishedAchievement(db, owner.principal, owner.principal, owner.org.id, { title: `路演成果${i + 1}` }))
  const itemIds = await insertRoadshowItems(
    db,
    roadshowId,
    achievementIds.map((achievementId, i) => ({
      position: i + 1,
      achievementId,
      title: `路演成果${i + 1}`,
      presenterName: `主讲人${i + 1}`,
      presenterUserId: owner.user.id,
      pitchMinutes: 5,
      qaMinutes: 5,
    }))
  )
  const judges = []
  for (let i = 0; i < (o.judges ?? 1); i++) judges.push(await createMember(db, { type: 'institute' }))
  await insertJudges(
    db,
    roadshowId,
    judges.map((j) => j.user.id),
    host.user.id
  )
  const viewers = []
  for (let i = 0; i < (o.viewers ?? 2); i++) {
    const m = await createMember(db, { type: 'enterprise', role: 'owner' })
    await insertRegistration(db, {
      roadshowId,
      userId: m.user.id,
      orgId: m.org.id,
    })
    viewers.push(m)
  }
  if (o.audience === 'invitation')
    await insertInvitations(
      db,
      roadshowId,
      viewers.map((v) => v.org.id),
      host.user.id
    )
  const outsider = await createMember(db, { type: 'university' })
  return {
    roadshowId,
    itemIds,
    achievementIds,
    host: { ...host, principal: await principalFor(db, host.user.id) },
    owner,
    judges,
    viewers,
    outsider,
    startsAt,
  }
}
