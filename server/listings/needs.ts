import type { NeedDraftInput } from './schemas'
import type { Database } from '../../db/index'
import { listAuditForEntity } from '../../db/repos/audit'
import { industryExists } from '../../db/repos/industries'
import { countNeeds, findNeed, insertNeed, listNeeds, lockNeed, setNeedStatus, updateNeedContent, type NeedRecord } from '../../db/repos/needs'
import type { ListingSort } from '../../db/repos/listing-filters'
import { queueIndex } from '../../search/indexer'
import { divisionExists } from '../../db/repos/organisations'
import { budgetFilter, type BudgetBand } from './need-budget'
import { responseCounts } from '../engagement/need-responses'
import { audit } from '../platform/audit'
import { forbidden, invalid, notFound } from '../platform/errors'
import { listingRef, workflowAbilities } from './workflow'
import { can, isLive, LISTING_ORG_TYPES } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { referenceIndustries } from '../platform/reference'
import { divisionOptions } from '../identity/organisations'

// 技术需求: posted by enterprises, reviewed by their organisation's admins,
// published with an expiry, answered by institutions.

/** What the repository stores: a draft's county defaults to the organisation's own. */
function record(actor: Principal, input: NeedDraftInput & { divisionCode: string }): NeedRecord {
  return {
    orgId: input.orgId,
    createdBy: actor.userId,
    title: input.title,
    problem: input.problem,
    desiredOutcome: input.desiredOutcome,
    industryCode: input.industryCode,
    budgetKind: input.budgetKind,
    budgetMinFen: input.budgetMinFen,
    budgetMaxFen: input.budgetMaxFen,
    deadline: input.deadline,
    preferredModes: input.preferredModes,
    divisionCode: input.divisionCode,
    keywords: input.keywords,
  }
}

async function checkReferences(trx: Parameters<typeof industryExists>[0], input: NeedDraftInput & { divisionCode: string }) {
  const errors: Record<string, string[]> = {}
  if (input.industryCode && !(await industryExists(trx, input.industryCode))) errors.industryCode = ['errors.industry']
  if (!(await divisionExists(trx, input.divisionCode))) errors.divisionCode = ['errors.division']
  if (Object.keys(errors).length) throw invalid(errors)
}

/** The input with its county: the one chosen, else the organisation's. */
function withDivision(actor: Principal, input: NeedDraftInput) {
  const own = actor.memberships.find((m) => m.orgId === input.orgId)?.divisionCode
  return { ...input, divisionCode: input.divisionCode ?? own ?? '' }
}

export async function createNeed(db: Database, actor: Principal, draft: NeedDraftInput, meta: RequestMeta) {
  if (!can(actor, { action: 'listing:create', kind: 'need', orgId: draft.orgId })) throw forbidden()
  const input = withDivision(actor, draft)
  return db.transaction().execute(async (trx) => {
    await checkReferences(trx, input)
    const id = await insertNeed(trx, record(actor, input))
    await audit(trx, meta, actor.userId, 'need.created', { type: 'need', id, orgId: input.orgId }, { title: input.title })
    return id
  })
}

export async function updateNeed(db: Database, actor: Principal, id: string, draft: NeedDraftInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const row = await lockNeed(trx, id)
    if (!row || !can(actor, { action: 'listing:view-unpublished', listing: listingRef('need', row) })) throw notFound()
    if (!can(actor, { action: 'listing:edit', listing: listingRef('need', row) })) throw forbidden()
    if (draft.orgId !== row.org_id) throw invalid({ orgId: ['errors.org'] })
    const input = withDivision(actor, draft)
    await checkReferences(trx, input)
    await updateNeedContent(trx, id, { ...record(actor, input), createdBy: row.created_by }, actor.userId)
    // A published need's new content is reviewed again; until then it is out of lists and search (ADR 019).
    const resubmitted = row.status === 'published'
    if (resubmitted) await setNeedStatus(trx, id, { status: 'submitted', statusReason: null, submittedBy: actor.userId })
    await audit(trx, meta, actor.userId, 'need.updated', { type: 'need', id, orgId: row.org_id }, {
      title: input.title,
      ...(resubmitted ? { from: 'published', to: 'submitted' } : {}),
    })
    if (resubmitted) await queueIndex(trx, 'need', id)
    return { resubmitted }
  })
}

/** The need as `viewer` may see it: published ones for everyone; any state for its organisation and admins. */
export async function needForViewer(db: Database, viewer: Principal | null, id: string) {
  const n = await findNeed(db, id)
  if (!n) return null
  const ref = listingRef('need', n)
  const insider = can(viewer, { action: 'listing:view-unpublished', listing: ref })
  if (n.status !== 'published' && !insider) return null
  return {
    need: n,
    live: isLive(ref),
    insider,
    timeline: insider ? await listAuditForEntity(db, 'need', id) : [],
    can: {
      ...workflowAbilities(viewer, ref),
      respond: can(viewer, { action: 'need:respond', listing: ref }),
      answer: can(viewer, { action: 'listing:answer', listing: ref }),
    },
  }
}

/** Industries and divisions for the need form and the list's filters. */
export async function needChoices(db: Database) {
  const [industries, divisions] = await Promise.all([referenceIndustries(db), divisionOptions(db)])
  return {
    industries: industries.map((i) => ({ code: i.code, nameZh: i.name_zh, nameEn: i.name_en, parentCode: i.parent_code })),
    divisions,
  }
}

/** The enterprises the principal may post a need for, with their county (the form's default). */
export function needOrgsFor(p: Principal) {
  return p.memberships
    .filter((m) => can(p, { action: 'listing:create', kind: 'need', orgId: m.orgId }))
    .map((m) => ({ id: m.orgId, name: m.orgName, divisionCode: m.divisionCode }))
}

export const NEEDS_PAGE_SIZE = 12

/** The public list: live needs only, newest first, filtered and paged. */
export async function publicNeeds(
  db: Database,
  f: { industryCode?: string; divisionCode?: string; budget?: BudgetBand; q?: string; sort?: ListingSort; page: number },
) {
  const filter = {
    liveOnly: true,
    q: f.q,
    sort: f.sort,
    industryCode: f.industryCode || undefined,
    divisionCode: f.divisionCode || undefined,
    budget: f.budget ? budgetFilter(f.budget) : undefined,
  }
  const total = await countNeeds(db, filter)
  const pages = Math.max(1, Math.ceil(total / NEEDS_PAGE_SIZE))
  const page = Math.min(Math.max(1, f.page), pages)
  const needs = await listNeeds(db, { ...filter, limit: NEEDS_PAGE_SIZE, offset: (page - 1) * NEEDS_PAGE_SIZE })
  return { needs, total, page, pages }
}

/** The needs of the principal's enterprises in every state, with response counts; null when they have no enterprise. */
export async function myNeeds(db: Database, p: Principal) {
  const orgs = p.memberships.filter((m) => LISTING_ORG_TYPES.need.includes(m.orgType))
  if (!orgs.length) return null
  const needs = await listNeeds(db, { orgIds: orgs.map((o) => o.orgId), limit: 500 })
  const counts = await responseCounts(db, needs.map((n) => n.id))
  return {
    orgs: orgs.map((o) => ({ id: o.orgId, name: o.orgName, status: o.orgStatus })),
    canCreate: needOrgsFor(p).length > 0,
    needs: needs.map((n) => ({
      ...n,
      live: isLive({ status: n.status, expiresAt: n.expires_at }),
      canEdit: can(p, { action: 'listing:edit', listing: listingRef('need', n) }),
      responses: counts[n.id] ?? { responses: 0, open: 0, passes: 0 },
    })),
  }
}
