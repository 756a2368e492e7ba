import type { Database } from '../../db/index'
import { countAchievements } from '../../db/repos/achievements'
import { countNeeds } from '../../db/repos/needs'
import { countVerifiedOrganisationsByType } from '../../db/repos/organisations'
import { targetPath, targetPlanOn } from '../government/targets'
import { formatPpm, policyOn } from '../platform/policy'
import { referenceDivisions } from '../platform/reference'

/** What the public home page shows: live counts and the policy in force. */
export async function homeFacts(db: Database) {
  const [counts, divisions, achievements, needs] = await Promise.all([
    countVerifiedOrganisationsByType(db),
    referenceDivisions(db),
    countAchievements(db, { liveOnly: true }),
    countNeeds(db, { liveOnly: true }),
  ])
  const policy = policyOn()
  return {
    stats: {
      organisations: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
      achievements,
      needs,
      divisions: divisions.filter((d) => d.kind !== 'city').length,
    },
    policy: {
      enterprise: formatPpm(policy.enterprisePostSubsidyMaxPpm),
      registrar: formatPpm(policy.registrarSubsidyPpm),
      agency: formatPpm(policy.intermediarySubsidyPpm),
      reward: formatPpm(policy.researcherRewardFloorPpm),
      target: targetPath(targetPlanOn()).at(-1)?.cumulative ?? 0,
    },
  }
}
