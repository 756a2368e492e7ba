import type { z } from 'zod'
import type { Database } from '../../db/index'
import { countForModeration, listForModeration, listOrganisationsWithListings, type ModerationFilter } from '../../db/repos/moderation'
import { forbidden } from '../platform/errors'
import { can } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import type { ModerationActionSchema } from './moderation-schemas'
import { transitionListing } from './workflow'

// 成果与需求管理 (/admin/listings): the platform admin sees every achievement
// and need across organisations, filters them, and takes one down or restores
// it with a reason. The transitions are the workflow's (audited, owner e-mailed).

export const MODERATION_PAGE_SIZE = 30

export async function moderationList(db: Database, actor: Principal, f: ModerationFilter & { page: number }) {
  if (!can(actor, { action: 'listing:takedown' })) throw forbidden()
  const [total, orgs] = await Promise.all([countForModeration(db, f), listOrganisationsWithListings(db)])
  const pages = Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE))
  const page = Math.min(Math.max(1, f.page), pages)
  const items = await listForModeration(db, { ...f, limit: MODERATION_PAGE_SIZE, offset: (page - 1) * MODERATION_PAGE_SIZE })
  return { items, total, page, pages, orgs }
}

export async function moderate(db: Database, actor: Principal, input: z.output<typeof ModerationActionSchema>, ttlMonths: number, meta: RequestMeta) {
  return transitionListing(db, actor, input.kind, input.id, input.intent, { reason: input.reason, ttlMonths }, meta)
}
