import { sql } from 'kysely'
import { openDeal } from '../../server/deals/open'
import { acceptOfferIn, makeOfferIn } from '../../server/deals/offers'
import { DealTermsSchema } from '../../server/deals/terms'
import type { Principal, RequestMeta } from '../../server/identity/principal'
import type { Executor } from '../index'
import { agreedTerms, insertAgreedTerms, insertOffer, upsertManagerTerms } from '../repos/offers'
import { loadPrincipal } from '../repos/users'

// Demo offers (报价/还价): on the demo deals still in 意向/洽谈, the buyer
// offers and the seller counters (left open); on a second one the counter is
// accepted and its terms frozen. With no demo deal yet (the deal rooms' seed
// makes them), one small deal is opened between 柳州理工大学 and 龙腾汽车
// through the technology manager. Goes through the same rules as the page.
// Seeds nothing when any offer exists already.

const META: RequestMeta = { ip: null, userAgent: 'demo-seed', requestId: null }

const lump = (wan: number) => DealTermsSchema.parse({ mode: 'transfer', price: { structure: 'lump_sum', amountFen: wan * 1_000_000 }, deliverables: '工艺文件、图纸一套', training: '现场培训 3 天' })
const instalments = (first: number, second: number) =>
  DealTermsSchema.parse({
    mode: 'transfer',
    price: {
      structure: 'instalments',
      instalments: [
        { milestone: '合同签订', amountFen: first * 1_000_000, dueDays: 15 },
        { milestone: '样件验收合格', amountFen: second * 1_000_000, dueDays: 180 },
      ],
    },
    deliverables: '工艺文件、图纸一套',
    training: '现场培训 5 天',
    warrantyMonths: 12,
  })

async function userByEmail(trx: Executor, email: string): Promise<Principal | null> {
  const u = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  return u ? loadPrincipal(trx, u.id) : null
}

/** A party member of each side of the deal, as principals. */
async function sides(trx: Executor, dealId: string) {
  const rows = await trx
    .selectFrom('deal_members as m')
    .innerJoin('deal_parties as p', (j) => j.onRef('p.deal_id', '=', 'm.deal_id').onRef('p.org_id', '=', 'm.org_id'))
    .select(['m.user_id', 'm.org_id', 'p.side'])
    .where('m.deal_id', '=', dealId)
    .where('m.removed_at', 'is', null)
    .where('m.role', '=', 'party')
    .orderBy('m.created_at')
    .execute()
  const seller = rows.find((r) => r.side === 'seller')
  const buyer = rows.find((r) => r.side === 'buyer')
  if (!seller || !buyer) return null
  const [s, b] = await Promise.all([loadPrincipal(trx, seller.user_id), loadPrincipal(trx, buyer.user_id)])
  return s && b ? { seller: { principal: s, orgId: seller.org_id! }, buyer: { principal: b, orgId: buyer.org_id! } } : null
}

export async function seedDemoOffers(trx: Executor) {
  const { n } = await trx.selectFrom('deal_offers').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  if (n > 0) return { offers: 0 }
  // Rooms still in 意向 stay without offers (the demo shows that stage too).
  let deals = await trx.selectFrom('deals').select(['id']).where('stage', '=', 'negotiation').orderBy('created_at').limit(3).execute()
  if (!deals.length) {
    const [researcher, enterprise, manager] = await Promise.all([
      userByEmail(trx, 'researcher@demo.kjdsc.cn'),
      userByEmail(trx, 'enterprise@demo.kjdsc.cn'),
      userByEmail(trx, 'manager@demo.kjdsc.cn'),
    ])
    const seller = researcher?.memberships[0]
    const buyer = enterprise?.memberships[0]
    if (!researcher || !enterprise || !manager?.manager || !seller || !buyer) return { offers: 0 }
    const achievement = await trx.selectFrom('achievements').select(['id', 'title']).where('org_id', '=', seller.orgId).where('status', '=', 'published').orderBy('created_at').executeTakeFirst()
    const { id } = await openDeal(
      trx,
      manager,
      {
        title: achievement?.title ?? '汽车零部件轻量化技术转让',
        source: { kind: 'manager', id: null },
        sellerOrgId: seller.orgId,
        buyerOrgIds: [buyer.orgId],
        achievementIds: achievement ? [achievement.id] : [],
        members: [
          { userId: researcher.userId, role: 'party', orgId: seller.orgId },
          { userId: enterprise.userId, role: 'party', orgId: buyer.orgId },
          { userId: manager.userId, role: 'manager', orgId: manager.manager.agencyId },
        ],
      },
      META,
    )
    await upsertManagerTerms(trx, { dealId: id, managerId: manager.userId, agencyId: manager.manager.agencyId, rateBp: 300, fixedFen: 2_000_000, services: '组织双方洽谈、起草技术转让合同、协助办理技术合同认定登记。' })
    deals = [{ id }]
  }
  let offers = 0
  for (const [i, d] of deals.entries()) {
    const s = await sides(trx, d.id)
    if (!s) continue
    await makeOfferIn(trx, s.buyer, d.id, lump(80), META)
    await makeOfferIn(trx, s.seller, d.id, instalments(40, 80), META)
    offers += 2
    // The second demo deal agreed: the buyer accepted the seller's counter.
    if (i === 1) await acceptOfferIn(trx, s.buyer, d.id, 2, META)
  }
  offers += await agreedTermsForLaterStages(trx)
  return { offers }
}

/**
 * Demo rooms seeded at 条款确认 or later got there by agreeing terms: give each
 * the two versions that led there (the buyer's offer, the seller's accepted
 * counter) and the frozen terms, as if negotiated before the demo began.
 */
async function agreedTermsForLaterStages(trx: Executor) {
  const later = await trx
    .selectFrom('deals')
    .select(['id'])
    .where('stage', 'in', ['terms_agreed', 'signing', 'contract', 'implementation'])
    .orderBy('created_at')
    .execute()
  let n = 0
  for (const d of later) {
    if (await agreedTerms(trx, d.id)) continue
    const s = await sides(trx, d.id)
    if (!s) continue
    await insertOffer(trx, { dealId: d.id, version: 1, side: 'buyer', orgId: s.buyer.orgId, terms: lump(60), status: 'superseded', basisVersion: null, createdBy: s.buyer.principal.userId })
    const v2 = await insertOffer(trx, { dealId: d.id, version: 2, side: 'seller', orgId: s.seller.orgId, terms: instalments(30, 45), status: 'accepted', basisVersion: 1, createdBy: s.seller.principal.userId })
    await insertAgreedTerms(trx, { dealId: d.id, offerId: v2.id, version: 2, terms: instalments(30, 45), via: 'offer', agreedBy: s.buyer.principal.userId })
    n += 2
  }
  return n
}
