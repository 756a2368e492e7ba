import type { AchievementInput } from '../app/utils/listing-schemas'
import type { Database } from '../db/index'
import { findAchievement, insertAchievement, lockAchievement, updateAchievementContent, type AchievementRecord } from '../db/repos/achievements'
import { listAuditForEntity } from '../db/repos/audit'
import { industryExists } from '../db/repos/industries'
import { audit } from './audit'
import { forbidden, invalid, notFound } from './errors'
import { listingRef } from './listings/workflow'
import { can, isLive } from './permissions'
import type { Principal, RequestMeta } from './principal'

// 科技成果: drafted by researchers or institution staff, reviewed by the
// institution's admins, published with an expiry. Transitions live in
// listings/workflow.ts; this file creates, edits and reads them.

function record(actor: Principal, input: AchievementInput, importKey?: string): AchievementRecord {
  return {
    orgId: input.orgId,
    createdBy: actor.userId,
    title: input.title,
    summary: input.summary,
    details: input.details,
    industryCode: input.industryCode,
    trl: input.trl,
    transactionModes: input.transactionModes,
    priceKind: input.priceKind,
    priceMinFen: input.priceMinFen,
    priceMaxFen: input.priceMaxFen,
    benefit: input.benefit,
    keywords: input.keywords,
    ipRights: input.ipRights,
    contributors: input.contributors,
    importKey: importKey ?? null,
  }
}

/** Creates a draft; null when `importKey` says the same row was imported before. */
export async function createAchievement(db: Database, actor: Principal, input: AchievementInput, meta: RequestMeta, importKey?: string) {
  if (!can(actor, { action: 'listing:create', kind: 'achievement', orgId: input.orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    if (!(await industryExists(trx, input.industryCode))) throw invalid({ industryCode: ['errors.industry'] })
    const id = await insertAchievement(trx, record(actor, input, importKey))
    if (!id) return null
    await audit(trx, meta, actor.userId, 'achievement.created', { type: 'achievement', id, orgId: input.orgId }, {
      title: input.title,
      ...(importKey ? { imported: true } : {}),
    })
    return id
  })
}

export async function updateAchievement(db: Database, actor: Principal, id: string, input: AchievementInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const row = await lockAchievement(trx, id)
    if (!row || !can(actor, { action: 'listing:view-unpublished', listing: listingRef('achievement', row) })) throw notFound()
    if (!can(actor, { action: 'listing:edit', listing: listingRef('achievement', row) })) throw forbidden()
    if (input.orgId !== row.org_id) throw invalid({ orgId: ['errors.org'] })
    if (!(await industryExists(trx, input.industryCode))) throw invalid({ industryCode: ['errors.industry'] })
    await updateAchievementContent(trx, id, { ...record(actor, input), createdBy: row.created_by })
    await audit(trx, meta, actor.userId, 'achievement.updated', { type: 'achievement', id, orgId: row.org_id }, { title: input.title })
  })
}

/**
 * The achievement as `viewer` may see it: anyone sees a published one (its
 * public part); its organisation's members and platform admins see it in any
 * state, with its timeline. Confidential details are never included here.
 */
export async function achievementForViewer(db: Database, viewer: Principal | null, id: string) {
  const a = await findAchievement(db, id)
  if (!a) return null
  const ref = listingRef('achievement', a)
  const insider = can(viewer, { action: 'listing:view-unpublished', listing: ref })
  if (a.status !== 'published' && !insider) return null
  const { details: _confidential, import_key: _key, ...publicPart } = a
  return {
    achievement: { ...publicPart, hasDetails: a.details.length > 0 },
    live: isLive(ref),
    insider,
    timeline: insider ? await listAuditForEntity(db, 'achievement', id) : [],
    can: {
      edit: can(viewer, { action: 'listing:edit', listing: ref }),
      submit: can(viewer, { action: 'listing:submit', listing: ref }),
      review: can(viewer, { action: 'listing:review', listing: ref }),
      reconfirm: can(viewer, { action: 'listing:reconfirm', listing: ref }),
      takedown: a.status === 'published' && can(viewer, { action: 'listing:takedown' }),
      requestDetails: can(viewer, { action: 'details:request', listing: ref }),
      registerInterest: can(viewer, { action: 'interest:create', listing: ref }),
      decide: can(viewer, { action: 'details:decide', listing: ref }),
    },
  }
}
