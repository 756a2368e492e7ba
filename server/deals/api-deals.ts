import { z } from 'zod'
import type { Executor } from '../../db/index'
import { dealListings, dealsForUser } from '../../db/repos/deals'
import { dealMessagesAfter } from '../../db/repos/deal-api'
import { dealsOfOrg } from '../../db/repos/offers'
import { DEAL_STAGES } from './api-schemas'
import { translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { dealOffersView, type OfferView } from './offers'
import { partnerDealAccess } from './partner-access'

// The partner API's reads of deals (/api/v1/deals): what a caller sees is what
// its token's organisation is a party of (or, with a session, the rooms the
// person is in); everything else is null → 404. Shapes: ./api-schemas.ts.

export const DealListQuery = z.object({
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1),
  pageSize: z.coerce.number({ invalid_type_error: 'api.errors.pageSize' }).int('api.errors.pageSize').min(1, 'api.errors.pageSize').max(100, 'api.errors.pageSize').default(20),
})
export const MessagesQuery = z.object({
  after: z.coerce.number({ invalid_type_error: 'errors.integer' }).int('errors.integer').min(0, 'errors.integer').max(Number.MAX_SAFE_INTEGER, 'errors.integer').default(0),
})

type DealRow = { id: string; title: string; stage: (typeof DEAL_STAGES)[number]; source_kind: string; closed_reason: string | null; created_at: Date; updated_at: Date }

const summary = (d: DealRow, origin: string) => ({
  id: d.id,
  title: d.title,
  stage: d.stage,
  source: d.source_kind,
  closedReason: d.closed_reason,
  createdAt: d.created_at.toISOString(),
  updatedAt: d.updated_at.toISOString(),
  url: `${origin}/deals/${d.id}`,
})

export async function apiDealPage(db: Executor, principal: Principal, tokenOrgId: string | null, q: z.infer<typeof DealListQuery>, origin: string) {
  if (tokenOrgId) {
    const { rows, total } = await dealsOfOrg(db, tokenOrgId, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
    return { items: rows.map((d) => summary(d, origin)), total }
  }
  const admin = principal.memberships.filter((m) => m.orgStatus === 'verified' && (m.role === 'owner' || m.role === 'admin')).map((m) => m.orgId)
  const all = await dealsForUser(db, principal.userId, admin, { limit: 1000 })
  return { items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((d) => summary(d, origin)), total: all.length }
}

const offerOut = (v: OfferView) => ({
  version: v.version,
  side: v.side,
  orgName: v.orgName,
  via: v.via,
  status: v.status,
  basisVersion: v.basisVersion,
  createdAt: v.createdAt,
  decidedAt: v.decidedAt,
  rejectReason: v.rejectReason,
  terms: v.terms,
  changes: v.changes,
})

export async function apiDeal(db: Executor, principal: Principal, tokenOrgId: string | null, dealId: string, locale: Locale, origin: string) {
  const access = await partnerDealAccess(db, principal, tokenOrgId, dealId)
  if (!access) return null
  const [listings, offers] = await Promise.all([dealListings(db, dealId), dealOffersView(db, dealId, locale)])
  return {
    ...summary(access.deal, origin),
    side: access.side,
    parties: access.parties.map((p) => ({ orgId: p.org_id, name: p.name, side: p.side })),
    listings: listings.map((l) => ({ achievementId: l.achievement_id, needId: l.need_id, title: l.title })),
    openOffer: offers.open ? offerOut(offers.open) : null,
    agreedTerms: offers.agreed ? { version: offers.agreed.version, via: offers.agreed.via, agreedAt: offers.agreed.agreedAt, terms: offers.agreed.terms } : null,
  }
}

export async function apiDealOffers(db: Executor, principal: Principal, tokenOrgId: string | null, dealId: string, locale: Locale) {
  if (!(await partnerDealAccess(db, principal, tokenOrgId, dealId))) return null
  const view = await dealOffersView(db, dealId, locale)
  return { items: view.versions.map(offerOut) }
}

export async function apiDealOffer(db: Executor, dealId: string, version: number, locale: Locale) {
  const view = await dealOffersView(db, dealId, locale)
  const v = view.versions.find((o) => o.version === version)
  return v ? offerOut(v) : null
}

export async function apiDealMessages(db: Executor, principal: Principal, tokenOrgId: string | null, dealId: string, after: number, locale: Locale) {
  if (!(await partnerDealAccess(db, principal, tokenOrgId, dealId))) return null
  const rows = await dealMessagesAfter(db, dealId, after, 200)
  return {
    items: rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      authorName: m.author_name,
      body: m.body,
      params: m.params,
      // A system line's catalog key, read out in the caller's language.
      text: m.kind === 'system' ? translate(locale, m.body, m.params) : m.body,
      at: m.created_at.toISOString(),
    })),
  }
}
