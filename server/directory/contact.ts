import type { Database } from '../../db/index'
import { findContactRoom, findDirectoryManager } from '../../db/repos/directory'
import { openDeal } from '../deals/open'
import type { Principal, RequestMeta } from '../identity/principal'
import { isLocale, translate } from '../i18n/catalog'
import { conflict, notFound } from '../platform/errors'

// 联系技术经理人 (ADR 037): the directory's contact button opens a conversation —
// a deal room (source 'manager', no listing) with the manager as its manager
// member and the visitor as a party, through openDeal like every other room.
// Clicking again finds the room already open. A visitor without a verified
// organisation is asked to join one first (rooms are between organisations).
// A university or institute visitor is the seller side; anyone else is the
// buyer and the manager's agency stands on the other side.

const SELLER_TYPES = new Set(['university', 'institute'])

export async function contactManager(db: Database, actor: Principal, managerId: string, meta: RequestMeta) {
  const m = await findDirectoryManager(db, managerId)
  if (!m) throw notFound()
  if (m.user_id === actor.userId) throw conflict('directory.contact.errors.self')
  const existing = await findContactRoom(db, actor.userId, managerId)
  if (existing) return { id: existing.id, created: false }
  const verified = actor.memberships.filter((x) => x.orgStatus === 'verified')
  const org = verified.find((x) => x.orgType === 'enterprise') ?? verified.find((x) => SELLER_TYPES.has(x.orgType)) ?? verified[0]
  if (!org) throw conflict('directory.contact.errors.noOrg')
  const seller = SELLER_TYPES.has(org.orgType) ? org.orgId : m.agency_id
  const buyers = seller === org.orgId ? [] : [org.orgId]
  const locale = isLocale(actor.locale) ? actor.locale : 'zh-CN'
  return db.transaction().execute((trx) =>
    openDeal(
      trx,
      actor,
      {
        title: translate(locale, 'directory.contact.roomTitle', { manager: m.name, org: org.orgName }).slice(0, 200),
        source: { kind: 'manager', id: null },
        sellerOrgId: seller,
        buyerOrgIds: buyers,
        achievementIds: [],
        members: [
          { userId: m.user_id, role: 'manager', orgId: m.agency_id },
          { userId: actor.userId, role: 'party', orgId: org.orgId },
        ],
      },
      meta,
    ),
  )
}
