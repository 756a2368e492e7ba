import type { AchievementDraftInput } from './schemas'
import type { Database } from '../../db/index'
import {
  countAchievements,
  countAchievementsByStatus,
  findAchievement,
  insertAchievement,
  listAchievements,
  lockAchievement,
  setAchievementStatus,
  updateAchievementContent,
  type AchievementListFilter,
  type AchievementRecord,
} from '../../db/repos/achievements'
import { listAuditForEntity } from '../../db/repos/audit'
import { industryExists } from '../../db/repos/industries'
import { audit } from '../platform/audit'
import { forbidden, invalid, notFound } from '../platform/errors'
import { queueIndex } from '../../search/indexer'
import type { ListingSort } from '../../db/repos/listing-filters'
import { listingRef, workflowAbilities } from './workflow'
import { can, isLive, LISTING_ORG_TYPES } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { referenceIndustries } from '../platform/reference'

// 科技成果: drafted by researchers or institution staff, reviewed by the
// institution's admins, published with an expiry. Transitions live in
// listings/workflow.ts; this file creates, edits and reads them.

/** The repository record for a validated form, API or import input. */
export function record(actor: Principal, input: AchievementDraftInput, importKey?: string): AchievementRecord {
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
export async function createAchievement(db: Database, actor: Principal, input: AchievementDraftInput, meta: RequestMeta, importKey?: string) {
  if (!can(actor, { action: 'listing:create', kind: 'achievement', orgId: input.orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    if (input.industryCode && !(await industryExists(trx, input.industryCode))) throw invalid({ industryCode: ['errors.industry'] })
    const id = await insertAchievement(trx, record(actor, input, importKey))
    if (!id) return null
    await audit(trx, meta, actor.userId, 'achievement.created', { type: 'achievement', id, orgId: input.orgId }, {
      title: input.title,
      ...(importKey ? { imported: true } : {}),
    })
    return id
  })
}

export async function updateAchievement(db: Database, actor: Principal, id: string, input: AchievementDraftInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const row = await lockAchievement(trx, id)
    if (!row || !can(actor, { action: 'listing:view-unpublished', listing: listingRef('achievement', row) })) throw notFound()
    if (!can(actor, { action: 'listing:edit', listing: listingRef('achievement', row) })) throw forbidden()
    if (input.orgId !== row.org_id) throw invalid({ orgId: ['errors.org'] })
    if (input.industryCode && !(await industryExists(trx, input.industryCode))) throw invalid({ industryCode: ['errors.industry'] })
    await updateAchievementContent(trx, id, { ...record(actor, input), createdBy: row.created_by }, actor.userId)
    // A published listing's new content is reviewed again; until then it is out of lists and search (ADR 019).
    const resubmitted = row.status === 'published'
    if (resubmitted) await setAchievementStatus(trx, id, { status: 'submitted', statusReason: null, submittedBy: actor.userId })
    await audit(trx, meta, actor.userId, 'achievement.updated', { type: 'achievement', id, orgId: row.org_id }, {
      title: input.title,
      ...(resubmitted ? { from: 'published', to: 'submitted' } : {}),
    })
    if (resubmitted) await queueIndex(trx, 'achievement', id)
    return { resubmitted }
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
      ...workflowAbilities(viewer, ref),
      requestDetails: can(viewer, { action: 'details:request', listing: ref }),
      registerInterest: can(viewer, { action: 'interest:create', listing: ref }),
      decide: can(viewer, { action: 'details:decide', listing: ref }),
    },
  }
}

/** The industry taxonomy as groups (a top-level industry and its sub-fields), for selects and filters. */
export async function industryOptions(db: Database) {
  const rows = await referenceIndustries(db)
  return rows
    .filter((r) => !r.parent_code)
    .map((top) => ({
      code: top.code,
      nameZh: top.name_zh,
      nameEn: top.name_en,
      children: rows.filter((r) => r.parent_code === top.code).map((c) => ({ code: c.code, nameZh: c.name_zh, nameEn: c.name_en })),
    }))
}

export type IndustryGroup = Awaited<ReturnType<typeof industryOptions>>[number]

export const BROWSE_PAGE_SIZE = 12

/** The public list: live achievements only, newest first, a page at a time. */
export async function browseAchievements(
  db: Database,
  f: { industryCode?: string; trl?: number; mode?: string; divisionCode?: string; q?: string; sort?: ListingSort; page: number },
) {
  const filter = { liveOnly: true, industryCode: f.industryCode, trl: f.trl, mode: f.mode, divisionCode: f.divisionCode, q: f.q, sort: f.sort }
  const [items, total] = await Promise.all([
    listAchievements(db, { ...filter, limit: BROWSE_PAGE_SIZE, offset: (f.page - 1) * BROWSE_PAGE_SIZE }),
    countAchievements(db, filter),
  ])
  return { items, total, pageSize: BROWSE_PAGE_SIZE, pages: Math.max(1, Math.ceil(total / BROWSE_PAGE_SIZE)) }
}

/** The institutions whose achievements `p` may see in every state (members of universities and institutes). */
export function achievementOrgs(p: Principal) {
  return p.memberships.filter((m) => LISTING_ORG_TYPES.achievement.includes(m.orgType))
}

/** The institutions where `p` may draft an achievement (verified, member). */
export function achievementCreateOrgs(p: Principal) {
  return achievementOrgs(p).filter((m) => can(p, { action: 'listing:create', kind: 'achievement', orgId: m.orgId }))
}

export const MY_PAGE_SIZE = 20
export type MyStatusFilter = 'draft' | 'submitted' | 'returned' | 'published' | 'expired' | 'taken_down' | 'withdrawn'

/**
 * "My achievements": everything of the user's institutions in every state,
 * with counts per status and what needs action (returned with a reason,
 * expiring within `remindDays`, expired). Null when the user belongs to no institution.
 */
export async function myAchievements(db: Database, p: Principal, o: { status?: MyStatusFilter; page: number; remindDays: number }) {
  const orgs = achievementOrgs(p)
  if (!orgs.length) return null
  const orgIds = orgs.map((m) => m.orgId)
  const byStatus: Omit<AchievementListFilter, 'limit' | 'offset'> =
    o.status === 'published' ? { liveOnly: true } : o.status === 'expired' ? { expiredOnly: true } : o.status ? { statuses: [o.status] } : {}
  const filter = { orgIds, ...byStatus }
  const soon = new Date(Date.now() + o.remindDays * 86_400_000)
  const [items, total, counts, returned, expiring, expired] = await Promise.all([
    listAchievements(db, { ...filter, limit: MY_PAGE_SIZE, offset: (o.page - 1) * MY_PAGE_SIZE }),
    countAchievements(db, filter),
    countAchievementsByStatus(db, orgIds),
    listAchievements(db, { orgIds, statuses: ['returned'], limit: 10 }),
    listAchievements(db, { orgIds, expiresBefore: soon, limit: 10 }),
    listAchievements(db, { orgIds, expiredOnly: true, limit: 10 }),
  ])
  const count = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<MyStatusFilter, number>>
  return {
    orgs: orgs.map((m) => ({ id: m.orgId, name: m.orgName, status: m.orgStatus })),
    canCreate: achievementCreateOrgs(p).length > 0,
    counts: count,
    items,
    total,
    pageSize: MY_PAGE_SIZE,
    pages: Math.max(1, Math.ceil(total / MY_PAGE_SIZE)),
    attention: { returned, expiring, expired },
  }
}

/** The full achievement (confidential details included) for its edit form; only while it may be edited. */
export async function achievementForEdit(db: Database, p: Principal, id: string) {
  const a = await findAchievement(db, id)
  if (!a || !can(p, { action: 'listing:view-unpublished', listing: listingRef('achievement', a) })) throw notFound()
  if (!can(p, { action: 'listing:edit', listing: listingRef('achievement', a) })) throw forbidden()
  const { import_key: _key, ...rest } = a
  return rest
}
