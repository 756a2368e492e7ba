import type { Database } from '../../db/index'
import { setAchievementStatus } from '../../db/repos/achievements'
import { insertMembership } from '../../db/repos/organisations'
import { AchievementSchema } from '../../server/listings/schemas'
import { createAchievement } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'
import type { Principal } from '../../server/identity/principal'
import { createMember, createUser, principalFor, testMeta } from './factories'

// Achievements in the states the engagement tests need, made through the real
// services (create → submit → approve), so they are what production would hold.

export const CONFIDENTIAL_DETAILS = '机密：电驱壳体一体化压铸工艺窗口为 680–700℃，模温 220℃，保压 1.8 s。'

export function achievementInput(orgId: string, o: { title?: string; details?: string } = {}) {
  return AchievementSchema.parse({
    orgId,
    title: o.title ?? '新能源汽车电驱壳体一体化压铸技术',
    summary: '以高真空压铸替代多件焊接，电驱壳体零件数由 12 个减为 1 个，适合年产 10 万套以上的产线。',
    details: o.details ?? CONFIDENTIAL_DETAILS,
    industryCode: 'auto.parts',
    trl: '7',
    transactionModes: ['licence', 'co_development'],
    priceKind: 'negotiable',
    benefit: '单件成本降低 23%，减重 1.4 kg，气密不良率由 2.1% 降至 0.4%。',
    keywords: '压铸, 电驱, 轻量化',
    contributors: [{ name: '柳州理工大学', kind: 'organisation', share: '100' }],
  })
}

/** A draft of `creator`'s organisation. */
export async function draftAchievement(db: Database, creator: Principal, orgId: string, o: { title?: string; details?: string } = {}) {
  const id = await createAchievement(db, creator, achievementInput(orgId, o), testMeta)
  if (!id) throw new Error('achievement not created')
  return id
}

/** Drafted by `creator`, approved by `admin` (an admin of the same organisation); optionally already expired. */
export async function publishedAchievement(
  db: Database,
  creator: Principal,
  admin: Principal,
  orgId: string,
  o: { title?: string; details?: string; expired?: boolean } = {},
) {
  const id = await draftAchievement(db, creator, orgId, o)
  await transitionListing(db, creator, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(db, admin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
  if (o.expired) await setAchievementStatus(db, id, { status: 'published', expiresAt: new Date(Date.now() - 86_400_000) })
  return id
}

/**
 * The parties of the engagement tests: `uni`, a member (the creator) of a verified
 * university, with `uniAdmin` an admin of it; `ent`, the owner of a verified
 * enterprise; `otherEnt`, a member of another enterprise.
 */
export async function engagementParties(db: Database) {
  const uni = await createMember(db, { type: 'university', role: 'member' })
  const adminUser = await createUser(db)
  await insertMembership(db, { orgId: uni.org.id, userId: adminUser.id, role: 'admin' })
  const uniAdmin = await principalFor(db, adminUser.id)
  const ent = await createMember(db, { type: 'enterprise', role: 'owner' })
  const otherEnt = await createMember(db, { type: 'enterprise', role: 'member' })
  return { uni, uniAdmin, ent, otherEnt }
}
