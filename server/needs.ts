import type { NeedInput } from '../app/utils/listing-schemas'
import type { Database } from '../db/index'
import { listAuditForEntity } from '../db/repos/audit'
import { industryExists } from '../db/repos/industries'
import { findNeed, insertNeed, lockNeed, updateNeedContent, type NeedRecord } from '../db/repos/needs'
import { divisionExists } from '../db/repos/organisations'
import { audit } from './audit'
import { forbidden, invalid, notFound } from './errors'
import { listingRef } from './listings/workflow'
import { can, isLive } from './permissions'
import type { Principal, RequestMeta } from './principal'

// 技术需求: posted by enterprises, reviewed by their organisation's admins,
// published with an expiry, answered by institutions.

function record(actor: Principal, input: NeedInput): NeedRecord {
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

async function checkReferences(trx: Parameters<typeof industryExists>[0], input: NeedInput) {
  const errors: Record<string, string[]> = {}
  if (!(await industryExists(trx, input.industryCode))) errors.industryCode = ['errors.industry']
  if (!(await divisionExists(trx, input.divisionCode))) errors.divisionCode = ['errors.division']
  if (Object.keys(errors).length) throw invalid(errors)
}

export async function createNeed(db: Database, actor: Principal, input: NeedInput, meta: RequestMeta) {
  if (!can(actor, { action: 'listing:create', kind: 'need', orgId: input.orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    await checkReferences(trx, input)
    const id = await insertNeed(trx, record(actor, input))
    await audit(trx, meta, actor.userId, 'need.created', { type: 'need', id, orgId: input.orgId }, { title: input.title })
    return id
  })
}

export async function updateNeed(db: Database, actor: Principal, id: string, input: NeedInput, meta: RequestMeta) {
  return db.transaction().execute(async (trx) => {
    const row = await lockNeed(trx, id)
    if (!row || !can(actor, { action: 'listing:view-unpublished', listing: listingRef('need', row) })) throw notFound()
    if (!can(actor, { action: 'listing:edit', listing: listingRef('need', row) })) throw forbidden()
    if (input.orgId !== row.org_id) throw invalid({ orgId: ['errors.org'] })
    await checkReferences(trx, input)
    await updateNeedContent(trx, id, { ...record(actor, input), createdBy: row.created_by })
    await audit(trx, meta, actor.userId, 'need.updated', { type: 'need', id, orgId: row.org_id }, { title: input.title })
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
      edit: can(viewer, { action: 'listing:edit', listing: ref }),
      submit: can(viewer, { action: 'listing:submit', listing: ref }),
      review: can(viewer, { action: 'listing:review', listing: ref }),
      reconfirm: can(viewer, { action: 'listing:reconfirm', listing: ref }),
      takedown: n.status === 'published' && can(viewer, { action: 'listing:takedown' }),
      respond: can(viewer, { action: 'need:respond', listing: ref }),
      answer: can(viewer, { action: 'listing:answer', listing: ref }),
    },
  }
}
