import { AchievementSchema, NeedSchema } from '../../server/listings/schemas'
import { ACHIEVEMENT_EXAMPLE, needExample } from '../../app/utils/openapi.server'
import type { Database } from '../../db/index'
import { createAchievement } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'
import { createNeed } from '../../server/listings/needs'
import type { Principal } from '../../server/identity/principal'
import { testMeta } from './factories'

// Listings for the API tests, made through the real services from the same
// example bodies /api/openapi.json documents.

export const achievementBody = (orgId: string, over: Record<string, unknown> = {}) => ({ ...ACHIEVEMENT_EXAMPLE, orgId, ...over })
export const needBody = (orgId: string, over: Record<string, unknown> = {}) => ({ ...needExample(), orgId, ...over })

export async function draftAchievement(db: Database, author: Principal, orgId: string, over: Record<string, unknown> = {}) {
  const id = await createAchievement(db, author, AchievementSchema.parse(achievementBody(orgId, over)), testMeta)
  if (!id) throw new Error('no achievement')
  return id
}

/** Drafted by `author`, submitted, approved by `admin` (an admin of the same organisation). */
export async function publishedAchievement(db: Database, author: Principal, admin: Principal, orgId: string, over: Record<string, unknown> = {}) {
  const id = await draftAchievement(db, author, orgId, over)
  await transitionListing(db, author, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(db, admin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
  return id
}

export async function draftNeed(db: Database, author: Principal, orgId: string, over: Record<string, unknown> = {}) {
  return createNeed(db, author, NeedSchema.parse(needBody(orgId, over)), testMeta)
}

export async function publishedNeed(db: Database, author: Principal, admin: Principal, orgId: string, over: Record<string, unknown> = {}) {
  const id = await draftNeed(db, author, orgId, over)
  await transitionListing(db, author, 'need', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(db, admin, 'need', id, 'approve', { ttlMonths: 12 }, testMeta)
  return id
}
