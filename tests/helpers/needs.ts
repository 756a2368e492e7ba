import type { Database } from '../../db/index'
import { setNeedStatus } from '../../db/repos/needs'
import { NeedSchema } from '../../server/listings/schemas'
import { transitionListing } from '../../server/listings/workflow'
import { createNeed } from '../../server/listings/needs'
import type { Principal } from '../../server/identity/principal'
import { testMeta } from './factories'

// Needs (技术需求) in the states the tests need, made through the real services
// (create → submit → approve), so they are what production would hold.

export type NeedOverrides = Partial<{
  title: string
  industryCode: string
  divisionCode: string
  budgetKind: 'range' | 'negotiable'
  budgetMin: string
  budgetMax: string
  preferredModes: string[]
}>

export function needInput(orgId: string, o: NeedOverrides = {}) {
  return NeedSchema.parse({
    orgId,
    title: o.title ?? '铝合金压铸件气孔缺陷控制',
    problem: '我司转向节压铸件气孔率约 3%，X 光探伤返修成本高，已尝试调整模温与排气槽，效果有限。',
    desiredOutcome: '气孔率降至 0.5% 以下，提供工艺方案并现场验证。',
    industryCode: o.industryCode ?? 'auto.parts',
    budgetKind: o.budgetKind ?? 'range',
    budgetMin: o.budgetKind === 'negotiable' ? undefined : (o.budgetMin ?? '30'),
    budgetMax: o.budgetKind === 'negotiable' ? undefined : (o.budgetMax ?? '80'),
    preferredModes: o.preferredModes ?? ['co_development', 'service'],
    divisionCode: o.divisionCode ?? '450204',
    keywords: '压铸, 气孔',
  })
}

export async function draftNeed(db: Database, creator: Principal, orgId: string, o: NeedOverrides = {}) {
  return createNeed(db, creator, needInput(orgId, o), testMeta)
}

/** Drafted by `creator`, approved by `admin` (an owner or admin of the same enterprise; may be the creator); optionally expired. */
export async function publishedNeed(db: Database, creator: Principal, admin: Principal, orgId: string, o: NeedOverrides & { expired?: boolean } = {}) {
  const id = await draftNeed(db, creator, orgId, o)
  await transitionListing(db, creator, 'need', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(db, admin, 'need', id, 'approve', { ttlMonths: 12 }, testMeta)
  if (o.expired) await setNeedStatus(db, id, { status: 'published', expiresAt: new Date(Date.now() - 86_400_000) })
  return id
}
