import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertDetailRequest } from '../../db/repos/details'
import { insertMembership } from '../../db/repos/organisations'
import { AccessDecisionSchema, DetailRequestSchema } from '../../server/engagement/schemas'
import { accessPage, decideDetailRequest, detailsPage, requestDetails } from '../../server/engagement/details'
import { renderMail } from '../../server/platform/mail/templates'
import type { Principal } from '../../server/identity/principal'
import { CONFIDENTIAL_DETAILS, draftAchievement, engagementParties, publishedAchievement } from '../helpers/engagement'
import { rejection } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { raceAgainst } from '../helpers/race'
import { testDb } from '../helpers/worker-setup'

// Gated details: an enterprise asks with a purpose and accepted terms, the
// owner decides, and every view of the confidential part is logged.
//
// Decision recorded here: members of the owning organisation are not served
// the details on /achievements/:id/details (they read and edit them on the
// achievement's edit page), so this gate shows them a pointer and logs nothing.

const purpose = '评估该技术用于本公司新能源汽车电驱壳体产线的可行性'
const request = (p: Principal, id: string, o: { purpose?: string; orgId?: string } = {}) =>
  requestDetails(testDb(), p, id, { purpose: o.purpose ?? purpose, acceptTerms: true, orgId: o.orgId }, testMeta)

const views = (achievementId: string) => testDb().selectFrom('detail_views').selectAll().where('achievement_id', '=', achievementId).orderBy('id').execute()
const auditOf = (action: string, entityId: string) =>
  testDb().selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute()
const mailsTo = async (email: string) =>
  (await testDb().selectFrom('outbox').select('payload').where(sql<string>`payload->>'to'`, '=', email).orderBy('id').execute()).map(
    (r) => r.payload as { template: string; params: Record<string, string> },
  )

let uni: Awaited<ReturnType<typeof createMember>> // researcher (creator) of a verified university
let uniAdmin: Principal
let ent: Awaited<ReturnType<typeof createMember>> // enterprise member
let otherEnt: Awaited<ReturnType<typeof createMember>>
let published: string

beforeAll(async () => {
  const db = testDb()
  ;({ uni, uniAdmin, ent, otherEnt } = await engagementParties(db))
  published = await publishedAchievement(db, uni.principal, uniAdmin, uni.org.id)
})

describe('requesting the details', () => {
  it('creates a pending request for the organisation, audits it and e-mails the creator', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await request(ent.principal, id)
    const row = await testDb().selectFrom('detail_requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'pending', requester_id: ent.user.id, requester_org_id: ent.org.id, purpose, achievement_id: id })
    expect(row.terms_accepted_at).toBeInstanceOf(Date)
    expect(await auditOf('details.requested', r.id)).toHaveLength(1)
    const mail = (await mailsTo(uni.user.email)).find((m) => m.template === 'details_requested' && m.params.path === `/achievements/${id}/access`)
    expect(mail?.params).toMatchObject({ org: ent.org.name, purpose })
    const page = await detailsPage(testDb(), ent.principal, id, testMeta)
    expect(page.state).toBe('pending')
    expect(JSON.stringify(page)).not.toContain(CONFIDENTIAL_DETAILS)
  })

  it('refuses a second open request from the same organisation, and one after the grant', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    await request(ent.principal, id)
    expect(await rejection(request(ent.principal, id))).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.alreadyRequested' })
    // A colleague of the same enterprise counts as the same requester.
    const colleague = await createUser(testDb())
    await insertMembership(testDb(), { orgId: ent.org.id, userId: colleague.id, role: 'member' })
    expect(await rejection(request(await principalFor(testDb(), colleague.id), id))).toMatchObject({ messageKey: 'engagement.errors.alreadyRequested' })
    const [pending] = await testDb().selectFrom('detail_requests').select('id').where('achievement_id', '=', id).execute()
    await decideDetailRequest(testDb(), uni.principal, id, pending!.id, { grant: true }, testMeta)
    expect(await rejection(request(ent.principal, id))).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.alreadyGranted' })
  })

  it('reports a duplicate that raced past the check as the same conflict', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const outcome = await raceAgainst(
      testDb(),
      (trx) => insertDetailRequest(trx, { achievementId: id, requesterId: ent.user.id, requesterOrgId: ent.org.id, purpose, termsAcceptedAt: new Date() }),
      () => request(ent.principal, id),
    )
    expect(outcome.status).toBe('rejected')
    if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.alreadyRequested' })
    expect(await testDb().selectFrom('detail_requests').select('id').where('achievement_id', '=', id).execute()).toHaveLength(1)
  })

  it('refuses an expired listing with its reason, and the page says so', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id, { expired: true })
    expect(await rejection(request(ent.principal, id))).toMatchObject({ kind: 'conflict', messageKey: 'errors.listingExpired' })
    expect((await detailsPage(testDb(), ent.principal, id, testMeta)).state).toBe('closed')
    expect(await testDb().selectFrom('detail_requests').select('id').where('achievement_id', '=', id).execute()).toHaveLength(0)
  })

  it('refuses the wrong roles and hides unpublished achievements', async () => {
    const otherUni = await createMember(testDb(), { type: 'university' })
    expect(await rejection(request(otherUni.principal, published))).toMatchObject({ kind: 'forbidden' })
    expect(await rejection(request(uni.principal, published))).toMatchObject({ kind: 'forbidden' })
    const unverified = await createMember(testDb(), { type: 'enterprise', status: 'pending' })
    expect(await rejection(request(unverified.principal, published))).toMatchObject({ kind: 'forbidden' })
    // A member of both the owning university and an enterprise is still an insider.
    const both = await createMember(testDb(), { type: 'enterprise' })
    await insertMembership(testDb(), { orgId: uni.org.id, userId: both.user.id, role: 'member' })
    expect(await rejection(request(await principalFor(testDb(), both.user.id), published))).toMatchObject({ kind: 'forbidden' })
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    expect(await rejection(request(ent.principal, draft))).toMatchObject({ kind: 'not_found' })
    expect(await rejection(request(ent.principal, '00000000-0000-4000-8000-000000000000'))).toMatchObject({ kind: 'not_found' })
    // Acting for an organisation one does not belong to.
    expect(await rejection(request(ent.principal, published, { orgId: otherEnt.org.id }))).toMatchObject({ kind: 'forbidden' })
  })

  it('requires a purpose and the accepted terms', () => {
    expect(DetailRequestSchema.safeParse({ purpose }).success).toBe(false)
    expect(DetailRequestSchema.safeParse({ purpose, acceptTerms: 'on' }).success).toBe(true)
    expect(DetailRequestSchema.safeParse({ purpose: '看看', acceptTerms: 'on' }).success).toBe(false)
  })
})

describe('granting and reading', () => {
  it('shows the details to the granted organisation and logs every view with a view row and an audit entry', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await request(ent.principal, id)
    await decideDetailRequest(testDb(), uni.principal, id, r.id, { grant: true }, testMeta)
    expect(await auditOf('details.granted', r.id)).toHaveLength(1)
    expect((await mailsTo(ent.user.email)).some((m) => m.template === 'details_granted' && m.params.path === `/achievements/${id}/details`)).toBe(true)

    expect(await views(id)).toHaveLength(0)
    const first = await detailsPage(testDb(), ent.principal, id, testMeta)
    expect(first.state).toBe('granted')
    if (first.state !== 'granted') return
    expect(first.details).toBe(CONFIDENTIAL_DETAILS)
    const second = await detailsPage(testDb(), ent.principal, id, { ...testMeta, ip: '198.51.100.9' })
    expect(second.state).toBe('granted')

    const rows = await views(id)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ user_id: ent.user.id, org_id: ent.org.id, ip: testMeta.ip, attachment_id: null })
    expect(rows[1]).toMatchObject({ ip: '198.51.100.9' })
    const entries = await auditOf('details.viewed', r.id)
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({ actor_id: ent.user.id, org_id: uni.org.id, ip: '198.51.100.9' })

    // The owner sees who looked, from which organisation, when and from where.
    const access = await accessPage(testDb(), uni.principal, id)
    expect(access.views).toHaveLength(2)
    expect(access.views[0]).toMatchObject({ org_name: ent.org.name, ip: '198.51.100.9', user_email: ent.user.email })
    expect(access.requests[0]).toMatchObject({ status: 'granted', org_name: ent.org.name, purpose })
  })

  it('does not show the details to an enterprise without a grant, nor log anything for it', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await request(ent.principal, id)
    await decideDetailRequest(testDb(), uni.principal, id, r.id, { grant: true }, testMeta)
    const page = await detailsPage(testDb(), otherEnt.principal, id, testMeta)
    expect(page.state).toBe('form')
    expect(JSON.stringify(page)).not.toContain(CONFIDENTIAL_DETAILS)
    expect(await views(id)).toHaveLength(0)
    // Roles that may never ask are refused outright.
    const otherUni = await createMember(testDb(), { type: 'university' })
    expect(await rejection(detailsPage(testDb(), otherUni.principal, id, testMeta))).toMatchObject({ kind: 'forbidden' })
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    expect(await rejection(detailsPage(testDb(), admin, id, testMeta))).toMatchObject({ kind: 'forbidden' })
  })

  it('points insiders to their own pages without showing or logging the details', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    for (const p of [uni.principal, uniAdmin]) {
      const page = await detailsPage(testDb(), p, id, testMeta)
      expect(page).toMatchObject({ state: 'insider', canDecide: true })
      expect(JSON.stringify(page)).not.toContain(CONFIDENTIAL_DETAILS)
    }
    expect(await views(id)).toHaveLength(0)
  })
})

describe('declining', () => {
  it('declines with a note the requester sees, and lets them ask again', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await request(ent.principal, id)
    await decideDetailRequest(testDb(), uniAdmin, id, r.id, { grant: false, note: '该技术已与其他企业签订独家许可意向。' }, testMeta)
    const row = await testDb().selectFrom('detail_requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'declined', decided_by: uniAdmin.userId, decision_note: '该技术已与其他企业签订独家许可意向。' })
    expect(await auditOf('details.declined', r.id)).toHaveLength(1)
    expect((await mailsTo(ent.user.email)).some((m) => m.template === 'details_declined' && m.params.note?.includes('独家许可'))).toBe(true)
    const page = await detailsPage(testDb(), ent.principal, id, testMeta)
    expect(page.state).toBe('form')
    if (page.state === 'form') expect(page.declined).toMatchObject({ status: 'declined', note: '该技术已与其他企业签订独家许可意向。' })
    expect(JSON.stringify(page)).not.toContain(CONFIDENTIAL_DETAILS)
    const again = await request(ent.principal, id, { purpose: '补充说明：本公司拟采购非独家许可，用于售后维修件生产。' })
    expect(again.id).not.toBe(r.id)
  })

  it('needs a note to decline (the form says so)', () => {
    const requestId = '00000000-0000-4000-8000-000000000001'
    expect(AccessDecisionSchema.safeParse({ intent: 'decline', requestId }).success).toBe(false)
    expect(AccessDecisionSchema.safeParse({ intent: 'decline', requestId, note: '不行' }).success).toBe(false)
    expect(AccessDecisionSchema.safeParse({ intent: 'decline', requestId, note: '已有独家合作方。' }).success).toBe(true)
    expect(AccessDecisionSchema.safeParse({ intent: 'grant', requestId }).success).toBe(true)
  })

  it('lets only the creator and the institution admins decide, once', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await request(ent.principal, id)
    const colleague = await createUser(testDb())
    await insertMembership(testDb(), { orgId: uni.org.id, userId: colleague.id, role: 'member' })
    const plainMember = await principalFor(testDb(), colleague.id)
    for (const p of [ent.principal, otherEnt.principal, plainMember]) {
      expect(await rejection(decideDetailRequest(testDb(), p, id, r.id, { grant: true }, testMeta))).toMatchObject({ kind: 'forbidden' })
    }
    // A request of another achievement is not found through this one.
    const other = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    expect(await rejection(decideDetailRequest(testDb(), uni.principal, other, r.id, { grant: true }, testMeta))).toMatchObject({ kind: 'not_found' })
    await decideDetailRequest(testDb(), uni.principal, id, r.id, { grant: true }, testMeta)
    expect(await rejection(decideDetailRequest(testDb(), uniAdmin, id, r.id, { grant: false, note: '改变主意了。' }, testMeta))).toMatchObject({
      kind: 'conflict',
      messageKey: 'engagement.errors.alreadyDecided',
    })
    expect((await testDb().selectFrom('detail_requests').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()).status).toBe('granted')
  })

  it('keeps the access page to the owner side', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    expect(await rejection(accessPage(testDb(), ent.principal, id))).toMatchObject({ kind: 'forbidden' })
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    expect(await rejection(accessPage(testDb(), ent.principal, draft))).toMatchObject({ kind: 'not_found' })
    expect((await accessPage(testDb(), uniAdmin, draft)).requests).toEqual([])
  })
})

describe('mail templates', () => {
  it('fill every placeholder in both languages', () => {
    const params = { name: '王工', title: '电驱壳体压铸', org: '柳州某企业', requester: '李经理', purpose, note: '已有合作方', link: 'https://x.test/a' }
    for (const t of ['details_requested', 'details_granted', 'details_declined'] as const) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const m = renderMail(t, locale, params)
        expect(`${m.subject}\n${m.text}`).not.toMatch(/\{\w+\}|mail\./)
      }
    }
  })
})
