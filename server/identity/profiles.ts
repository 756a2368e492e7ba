import type { Database } from '../../db/index'
import { countAchievements, listAchievements } from '../../db/repos/achievements'
import { countNeeds, listNeeds } from '../../db/repos/needs'
import { findOrganisationProfile } from '../../db/repos/profiles'
import { LISTING_ORG_TYPES } from './permissions'

// Public profile pages (/o/:orgId) of verified organisations: who they are and
// what they have on the market now. Pending and rejected organisations have none.

const SHOWN = 24

export async function organisationProfile(db: Database, orgId: string) {
  const org = await findOrganisationProfile(db, orgId)
  if (!org || org.status !== 'verified') return null
  const offersAchievements = LISTING_ORG_TYPES.achievement.includes(org.type)
  const postsNeeds = LISTING_ORG_TYPES.need.includes(org.type)
  const [achievements, achievementCount, needs, needCount] = await Promise.all([
    offersAchievements ? listAchievements(db, { orgId, liveOnly: true, limit: SHOWN }) : Promise.resolve([]),
    offersAchievements ? countAchievements(db, { orgId, liveOnly: true }) : Promise.resolve(0),
    postsNeeds ? listNeeds(db, { orgId, liveOnly: true, limit: SHOWN }) : Promise.resolve([]),
    postsNeeds ? countNeeds(db, { orgId, liveOnly: true }) : Promise.resolve(0),
  ])
  const { status: _status, ...publicPart } = org
  return { org: publicPart, offersAchievements, postsNeeds, achievements, achievementCount, needs, needCount }
}
