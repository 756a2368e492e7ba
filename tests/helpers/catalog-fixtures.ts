import { AchievementSchema } from '../../server/listings/schemas'
import type { Database } from '../../db/index'
import { createAchievement } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'
import type { Principal } from '../../server/identity/principal'
import { insertMembership } from '../../db/repos/organisations'
import { createMember, createUser, principalFor, testMeta } from './factories'

// Achievements for the catalog and import tests, made through the real
// services (create → submit → approve), so they are what a catalog sees.

let n = 0

export function achievementFormInput(orgId: string, over: Record<string, unknown> = {}) {
  n++
  return AchievementSchema.parse({
    orgId,
    title: `高强度螺栓冷镦成形工艺第${n}代`,
    summary: '针对汽车底盘高强度螺栓冷镦开裂问题，优化模具圆角与润滑工艺，已在两家零部件企业小批量试产。',
    details: '保密：模具圆角 R0.8，磷化膜重 6 g/m²，退火 720℃ 保温 4 小时。',
    industryCode: 'auto.parts',
    trl: '7',
    transactionModes: ['licence', 'service'],
    priceKind: 'range',
    priceMin: '30',
    priceMax: '60',
    benefit: '冷镦开裂率由 3.2% 降至 0.4%，单件成本降低 12%。',
    keywords: '螺栓、冷镦、模具',
    ipRights: [{ kind: 'invention_patent', number: 'ZL201710601862.3', status: 'granted' }],
    contributors: [
      { name: '测试大学', kind: 'organisation', share: '70' },
      { name: '覃明远', kind: 'researcher', share: '30' },
    ],
    ...over,
  })
}

export async function draftAchievementFor(db: Database, author: Principal, orgId: string, over: Record<string, unknown> = {}) {
  const id = await createAchievement(db, author, achievementFormInput(orgId, over), testMeta)
  if (!id) throw new Error('achievement not created')
  return id
}

/** A live (published, not expired) achievement; `admin` must administer `orgId`. */
export async function liveAchievementFor(db: Database, admin: Principal, orgId: string, over: Record<string, unknown> = {}) {
  const id = await draftAchievementFor(db, admin, orgId, over)
  await transitionListing(db, admin, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(db, admin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
  return id
}

/** A verified university with its admin and a plain member (the researcher), each principal with the e-mail address. */
export async function universityWithResearcher(db: Database) {
  const a = await createMember(db, { type: 'university', role: 'admin' })
  const r = await createUser(db)
  await insertMembership(db, { orgId: a.org.id, userId: r.id, role: 'member' })
  return {
    uniId: a.org.id,
    admin: { ...a.principal, email: a.user.email },
    researcher: { ...(await principalFor(db, r.id)), email: r.email },
  }
}
