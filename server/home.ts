import type { Database } from '../db/index'
import { countVerifiedOrganisationsByType, listDivisions } from '../db/repos/organisations'
import { formatPpm, policyOn } from './policy'

/** What the public home page shows: live counts and the policy in force. */
export async function homeFacts(db: Database) {
  const [counts, divisions] = await Promise.all([countVerifiedOrganisationsByType(db), listDivisions(db)])
  const policy = policyOn()
  return {
    stats: {
      organisations: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
      universities: (counts.university ?? 0) + (counts.institute ?? 0),
      enterprises: counts.enterprise ?? 0,
      divisions: divisions.filter((d) => d.kind !== 'city').length,
    },
    policy: {
      enterprise: formatPpm(policy.enterprisePostSubsidyMaxPpm),
      registrar: formatPpm(policy.registrarSubsidyPpm),
      agency: formatPpm(policy.intermediarySubsidyPpm),
      reward: formatPpm(policy.researcherRewardFloorPpm),
      target: policy.targets.at(-1)?.cumulative ?? 0,
    },
  }
}
