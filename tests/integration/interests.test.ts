import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { listInterests } from '../../db/repos/interests'
import { insertMembership } from '../../db/repos/organisations'
import { AccessDecisionSchema, declineInterestProblem, InterestSchema, PassSchema } from '../../server/engagement/schemas'
import { decideInterest, interestPage, passOnAchievement, registerInterest } from '../../server/engagement/interests'
import { renderMail } from '../../server/platform/mail/templates'
import type { Principal } from '../../server/identity/principal'
import { draftAchievement, engagementParties, publishedAchievement } from '../helpers/engagement'
import { rejection } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// Interest in an achievement: registered by an enterprise (contact preference,
// note), answered by the owner (accept, or decline with a structured reason);
// or passed on by the enterprise with a structured reason, so owners learn why.

const register = (p: Principal, id: string, o: { note?: string; contactPreference?: 'phone' | 'email' | 'platform' } = {}) =>
  registerInterest(testDb(), p, id, { intent: 'interest', contactPreference: o.contactPreference ?? 'phone', note: o.note ?? '拟采购 2 条产线的技术许可' }, testMeta)
const pass = (p: Principal, id: string, reason: 'too_early' | 'benefit_unclear' | 'price' | 'not_our_field' | 'other', note = '') =>
  passOnAchievement(testDb(), p, id, { intent: 'pass', reason, note }, testMeta)
const row = (id: string) => testDb().selectFrom('interests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const mailsTo = async (email: string) =>
  (await testDb().selectFrom('outbox').select('payload').where(sql<string>`payload->>'to'`, '=', email).orderBy('id').execute()).map(
    (r) => r.payload as { template: string; locale: string; params: Record<string, string> },
  )

let uni: Awaited<ReturnType<typeof createMember>>
let uniAdmin: Principal
let ent: Awaited<ReturnType<typeof createMember>>
let otherEnt: Awaited<ReturnType<typeof createMember>>

beforeAll(async () => {
  const db = testDb()
  ;({ uni, uniAdmin, ent, otherEnt } = await engagementParties(db))
})

const fresh = () => publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)

describe('registering interest', () => {
  it('stores an open interest with the contact preference, audits it and e-mails the creator', async () => {
    const id = await fresh()
    const r = await register(ent.principal, id, { contactPreference: 'email', note: '希望 3 月前完成小试' })
    expect(await row(r.id)).toMatchObject({ status: 'open', org_id: ent.org.id, user_id: ent.user.id, contact_preference: 'email', note: '希望 3 月前完成小试' })
    const audit = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'interest.registered').where('entity_id', '=', r.id).execute()
    expect(audit).toHaveLength(1)
    const mail = (await mailsTo(uni.user.email)).find((m) => m.template === 'interest_registered' && m.params.path === `/achievements/${id}/access`)
    expect(mail?.params).toMatchObject({ org: ent.org.name, contact: '电子邮件', note: '希望 3 月前完成小试' })
    const page = await interestPage(testDb(), ent.principal, id)
    expect(page.state === 'enterprise' && page.mine).toEqual([expect.objectContaining({ status: 'open', passed: false })])
    expect(page.state === 'enterprise' && page.canAct).toBe(false)
  })

  it('refuses a second open interest of the same organisation', async () => {
    const id = await fresh()
    await register(ent.principal, id)
    expect(await rejection(register(ent.principal, id))).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.interestExists' })
    expect(await rejection(pass(ent.principal, id, 'price'))).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.interestExists' })
    // Another enterprise is not held back.
    await register(otherEnt.principal, id)
  })

  it('is refused on expired and unpublished listings, for the owner’s own organisation and for other roles', async () => {
    const expired = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id, { expired: true })
    expect(await rejection(register(ent.principal, expired))).toMatchObject({ kind: 'conflict', messageKey: 'errors.listingExpired' })
    expect(await rejection(pass(ent.principal, expired, 'too_early'))).toMatchObject({ kind: 'conflict', messageKey: 'errors.listingExpired' })
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    expect(await rejection(register(ent.principal, draft))).toMatchObject({ kind: 'not_found' })
    const id = await fresh()
    expect(await rejection(register(uni.principal, id))).toMatchObject({ kind: 'forbidden' })
    // An enterprise member who also belongs to the owning university is the owner's side.
    const both = await createMember(testDb(), { type: 'enterprise' })
    await insertMembership(testDb(), { orgId: uni.org.id, userId: both.user.id, role: 'member' })
    const bothPrincipal = await principalFor(testDb(), both.user.id)
    expect(await rejection(register(bothPrincipal, id))).toMatchObject({ kind: 'forbidden' })
    expect(await rejection(pass(bothPrincipal, id, 'price'))).toMatchObject({ kind: 'forbidden' })
    const manager = await createMember(testDb(), { type: 'agency' })
    expect(await rejection(register(manager.principal, id))).toMatchObject({ kind: 'forbidden' })
    expect(await testDb().selectFrom('interests').select('id').where('achievement_id', 'in', [id, expired, draft]).execute()).toHaveLength(0)
  })
})

describe('passing on an achievement', () => {
  it('stores a declined row decided by the enterprise itself, with the reason the owner sees', async () => {
    const id = await fresh()
    const r = await pass(ent.principal, id, 'price', '报价高于预算约 40%')
    expect(await row(r.id)).toMatchObject({
      status: 'declined',
      decline_reason: 'price',
      decline_note: '报价高于预算约 40%',
      decided_by: ent.user.id,
      user_id: ent.user.id,
      org_id: ent.org.id,
    })
    const listed = await listInterests(testDb(), id)
    expect(listed).toEqual([expect.objectContaining({ passed: true, decline_reason: 'price', org_name: ent.org.name })])
    expect(await rejection(pass(ent.principal, id, 'too_early'))).toMatchObject({ kind: 'conflict', messageKey: 'engagement.errors.alreadyPassed' })
    // Passing sends no e-mail; the owner reads the reasons on the access page and dashboard.
    expect((await mailsTo(uni.user.email)).filter((m) => m.params.path === `/achievements/${id}/access`)).toHaveLength(0)
    // A change of heart is still possible.
    const again = await register(ent.principal, id)
    expect((await row(again.id)).status).toBe('open')
  })

  it('requires a note when the reason is "other"', () => {
    expect(PassSchema.safeParse({ intent: 'pass', reason: 'other' }).success).toBe(false)
    expect(PassSchema.safeParse({ intent: 'pass', reason: 'other', note: '公司战略调整' }).success).toBe(true)
    expect(PassSchema.safeParse({ intent: 'pass', reason: 'price' }).success).toBe(true)
    expect(PassSchema.safeParse({ intent: 'pass', reason: 'cheap' }).success).toBe(false)
    expect(InterestSchema.safeParse({ intent: 'interest', contactPreference: 'fax' }).success).toBe(false)
  })
})

describe('the owner answers', () => {
  it('accepts an open interest and tells the enterprise', async () => {
    const id = await fresh()
    const r = await register(ent.principal, id)
    await decideInterest(testDb(), uni.principal, id, r.id, { accept: true }, testMeta)
    expect(await row(r.id)).toMatchObject({ status: 'accepted', decided_by: uni.user.id, decline_reason: null })
    expect((await mailsTo(ent.user.email)).some((m) => m.template === 'interest_accepted' && m.params.path === `/achievements/${id}/interest`)).toBe(true)
    expect(await rejection(register(ent.principal, id))).toMatchObject({ messageKey: 'engagement.errors.interestAccepted' })
    expect(await rejection(decideInterest(testDb(), uniAdmin, id, r.id, { accept: true }, testMeta))).toMatchObject({
      kind: 'conflict',
      messageKey: 'engagement.errors.alreadyDecided',
    })
  })

  it('declines with a structured reason, translated for the recipient', async () => {
    const id = await fresh()
    const enUser = await createUser(testDb(), { locale: 'en' })
    await insertMembership(testDb(), { orgId: otherEnt.org.id, userId: enUser.id, role: 'member' })
    const r = await register(await principalFor(testDb(), enUser.id), id)
    await decideInterest(testDb(), uniAdmin, id, r.id, { accept: false, reason: 'not_our_field', note: '' }, testMeta)
    expect(await row(r.id)).toMatchObject({ status: 'declined', decline_reason: 'not_our_field', decided_by: uniAdmin.userId })
    const mail = (await mailsTo(enUser.email)).find((m) => m.template === 'interest_declined')
    expect(mail).toMatchObject({ locale: 'en', params: { reason: 'Not our field' } })
    const listed = await listInterests(testDb(), id)
    expect(listed[0]).toMatchObject({ passed: false, status: 'declined' })
    const audit = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'interest.declined').where('entity_id', '=', r.id).executeTakeFirstOrThrow()
    expect(audit.details).toMatchObject({ reason: 'not_our_field', achievementId: id })
  })

  it('only the creator and the institution admins answer, and only for their achievement', async () => {
    const id = await fresh()
    const r = await register(ent.principal, id)
    for (const p of [ent.principal, otherEnt.principal]) {
      expect(await rejection(decideInterest(testDb(), p, id, r.id, { accept: true }, testMeta))).toMatchObject({ kind: 'forbidden' })
    }
    const other = await fresh()
    expect(await rejection(decideInterest(testDb(), uni.principal, other, r.id, { accept: true }, testMeta))).toMatchObject({ kind: 'not_found' })
    expect((await row(r.id)).status).toBe('open')
  })

  it('needs a note for "other" when the owner declines too', () => {
    const interestId = '00000000-0000-4000-8000-000000000001'
    const parsed = AccessDecisionSchema.parse({ intent: 'decline-interest', interestId, reason: 'other' })
    expect(declineInterestProblem(parsed)).toEqual({ note: ['engagement.errors.otherNeedsNote'] })
    expect(declineInterestProblem(AccessDecisionSchema.parse({ intent: 'decline-interest', interestId, reason: 'price' }))).toBeNull()
  })
})

describe('the interest page', () => {
  it('tells insiders it is their own achievement and refuses other roles', async () => {
    const id = await fresh()
    expect(await interestPage(testDb(), uni.principal, id)).toMatchObject({ state: 'own', canDecide: true })
    const otherUni = await createMember(testDb(), { type: 'university' })
    expect(await rejection(interestPage(testDb(), otherUni.principal, id))).toMatchObject({ kind: 'forbidden' })
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    expect(await rejection(interestPage(testDb(), ent.principal, draft))).toMatchObject({ kind: 'not_found' })
  })
})

describe('mail templates', () => {
  it('fill every placeholder in both languages', () => {
    const params = { name: 'A', title: 'T', org: 'O', person: 'P', contact: 'C', note: 'N', owner: 'W', ownerEmail: 'w@x.test', reason: 'R', link: 'L' }
    for (const t of ['interest_registered', 'interest_accepted', 'interest_declined'] as const) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const m = renderMail(t, locale, params)
        expect(`${m.subject}\n${m.text}`).not.toMatch(/\{\w+\}|mail\./)
      }
    }
  })
})
