import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertMembership } from '../../db/repos/organisations'
import { loadPrincipal } from '../../db/repos/users'
import { matchBoard } from '../../server/engagement/matching/board'
import { releaseLapsedClaims } from '../../server/engagement/matching/claims'
import { claimNeed, proposeMatch } from '../../server/engagement/matching/matches'
import { ProposeMatchSchema } from '../../server/engagement/matching/schemas'
import { translate } from '../../server/i18n/catalog'
import { decideManager, managerRequests, registerManager } from '../../server/identity/managers'
import { productRoles, type Principal } from '../../server/identity/principal'
import { loadConfig } from '../../server/platform/config'
import { createPostgresEngine } from '../../search/pg-engine'
import { publishedAchievement } from '../helpers/engagement'
import { catchError } from '../helpers/errors'
import { createManager, createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// Issue 7, item 7: "anyone can become a manager of any agency" and "one
// manager claimed all 23 live needs". Registering with an agency one does not
// belong to waits for the agency's admins; open claims are capped and lapse.

const certificate = () => `JSJL-${randomBytes(4).toString('hex').toUpperCase()}`

let agency: { id: string; name: string; division_code: string; type: string }
let agencyAdmin: Principal
let agencyMember: Principal
let ent: { id: string }
let entOwner: Principal

async function newcomer() {
  return principalFor(testDb(), (await createUser(testDb())).id)
}

async function auditOf(action: string, userId: string) {
  return testDb().selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', userId).execute()
}

async function mailsTo(email: string) {
  const rows = await testDb().selectFrom('outbox').select(['payload']).where('kind', '=', 'email').where(sql<string>`payload->>'to'`, '=', email).orderBy('id').execute()
  return rows.map((r) => r.payload as { template: string; params: Record<string, string> })
}

const liveNeed = (title: string) => publishedNeed(testDb(), entOwner, entOwner, ent.id, { title, industryCode: 'auto.thermal' })

beforeAll(async () => {
  const a = await createMember(testDb(), { type: 'agency', role: 'admin' })
  agency = { ...a.org, division_code: '450204', type: 'agency' }
  agencyAdmin = a.principal
  const m = await createUser(testDb())
  await insertMembership(testDb(), { orgId: agency.id, userId: m.id, role: 'member' })
  agencyMember = await principalFor(testDb(), m.id)
  const e = await createMember(testDb(), { type: 'enterprise', role: 'owner' })
  ent = e.org
  entOwner = e.principal
})

describe('registering as a technology manager', () => {
  it("a fresh account's registration with a verified agency makes it no manager: it waits, the agency's admins are told", async () => {
    const actor = await newcomer()
    const certificateNo = certificate()
    const r = await registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta)
    expect(r).toEqual({ status: 'pending', agency: agency.name })

    const after = (await loadPrincipal(testDb(), actor.userId))!
    expect(after.manager).toBeNull()
    expect(productRoles(after).has('manager')).toBe(false)
    // Not a manager: cannot claim needs.
    const need = await liveNeed('待审核经理人不能认领的需求')
    expect(await catchError(claimNeed(testDb(), after, need, testMeta))).toMatchObject({ kind: 'forbidden', messageKey: 'errors.match.managersOnly' })

    expect(await auditOf('manager.requested', actor.userId)).toEqual([expect.objectContaining({ actor_id: actor.userId, org_id: agency.id })])
    expect(await auditOf('manager.registered', actor.userId)).toEqual([])
    const [mail] = (await mailsTo(agencyAdmin.email)).filter((x) => x.template === 'manager_requested')
    expect(mail?.params).toMatchObject({ cert: certificateNo, agency: agency.name, path: `/orgs/${agency.id}#manager-requests` })

    // The admins see it; nobody else does.
    expect((await managerRequests(testDb(), agencyAdmin, agency))?.map((x) => x.user_id)).toContain(actor.userId)
    expect(await managerRequests(testDb(), agencyMember, agency)).toBeNull()
    expect(await managerRequests(testDb(), actor, agency)).toBeNull()

    // A second application while one waits is refused.
    expect(await catchError(registerManager(testDb(), actor, { certificateNo: certificate(), agencyId: agency.id }, testMeta))).toMatchObject({
      kind: 'conflict',
      messageKey: 'errors.managerPending',
    })
  })

  it("the agency admin's approval makes the applicant a manager, audited and told by mail", async () => {
    const actor = await newcomer()
    const certificateNo = certificate()
    await registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta)

    // Only an admin of that agency may decide: not the applicant, a plain member, or another agency's admin.
    const otherAgencyAdmin = (await createMember(testDb(), { type: 'agency', role: 'admin' })).principal
    for (const who of [actor, agencyMember]) {
      expect(await catchError(decideManager(testDb(), who, agency.id, actor.userId, 'approve', testMeta))).toMatchObject({ kind: 'forbidden' })
    }
    expect(await catchError(decideManager(testDb(), otherAgencyAdmin, otherAgencyAdmin.memberships[0]!.orgId, actor.userId, 'approve', testMeta))).toMatchObject({
      kind: 'not_found',
    })
    expect((await loadPrincipal(testDb(), actor.userId))!.manager).toBeNull()

    await decideManager(testDb(), agencyAdmin, agency.id, actor.userId, 'approve', testMeta)
    const after = (await loadPrincipal(testDb(), actor.userId))!
    expect(after.manager).toEqual({ certificateNo, agencyId: agency.id })
    expect(productRoles(after).has('manager')).toBe(true)
    expect(await auditOf('manager.approved', actor.userId)).toEqual([expect.objectContaining({ actor_id: agencyAdmin.userId, org_id: agency.id })])
    expect((await mailsTo(actor.email)).map((m) => m.template)).toEqual(['manager_approved'])
    // Decided once: a second decision is refused.
    expect(await catchError(decideManager(testDb(), agencyAdmin, agency.id, actor.userId, 'reject', testMeta))).toMatchObject({ kind: 'conflict' })
  })

  it('a rejection leaves the applicant no manager, audited and told; they may apply again', async () => {
    const actor = await newcomer()
    const certificateNo = certificate()
    await registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta)
    await decideManager(testDb(), agencyAdmin, agency.id, actor.userId, 'reject', testMeta)
    expect((await loadPrincipal(testDb(), actor.userId))!.manager).toBeNull()
    expect(await auditOf('manager.rejected', actor.userId)).toEqual([expect.objectContaining({ actor_id: agencyAdmin.userId })])
    expect((await mailsTo(actor.email)).map((m) => m.template)).toEqual(['manager_rejected'])
    expect((await managerRequests(testDb(), agencyAdmin, agency))?.map((x) => x.user_id)).not.toContain(actor.userId)
    const again = await registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta)
    expect(again.status).toBe('pending')
  })

  it("a member of the agency (there by the agency's invitation) is a manager at once", async () => {
    const u = await createUser(testDb())
    await insertMembership(testDb(), { orgId: agency.id, userId: u.id, role: 'member' })
    const actor = await principalFor(testDb(), u.id)
    const certificateNo = certificate()
    expect(await registerManager(testDb(), actor, { certificateNo, agencyId: agency.id }, testMeta)).toEqual({ status: 'approved', agency: agency.name })
    expect((await loadPrincipal(testDb(), actor.userId))!.manager).toEqual({ certificateNo, agencyId: agency.id })
    expect(await auditOf('manager.registered', actor.userId)).toHaveLength(1)
  })
})

describe('claims are capped and lapse', () => {
  it('defaults: 5 open claims, 14 days', () => {
    const config = loadConfig({})
    expect(config.MATCH_MAX_OPEN_CLAIMS).toBe(5)
    expect(config.MATCH_CLAIM_LAPSE_DAYS).toBe(14)
  })

  it('refuses the 6th open claim with a clear message; a proposed match frees a slot', async () => {
    const m = (await createManager(testDb())).principal
    const needs = []
    for (let i = 0; i < 7; i++) needs.push(await liveNeed(`认领上限测试需求 ${i}`))
    for (const n of needs.slice(0, 5)) await claimNeed(testDb(), m, n, testMeta)
    const err = await catchError(claimNeed(testDb(), m, needs[5]!, testMeta))
    expect(err).toMatchObject({ kind: 'conflict', messageKey: 'errors.match.tooManyClaims|max=5' })
    expect(translate('zh-CN', 'errors.match.tooManyClaims', { max: 5 })).toBe(
      '您已有 5 个尚未提出匹配的认领需求，请先为其提出匹配或放弃部分认领后再认领新的需求。',
    )
    expect(await testDb().selectFrom('need_claims').select('manager_id').where('need_id', '=', needs[5]!).executeTakeFirst()).toBeUndefined()

    // Proposing a match for one claimed need makes that claim worked, not open: the next claim goes through.
    const uni = await createMember(testDb(), { type: 'university', role: 'admin' })
    const achievement = await publishedAchievement(testDb(), uni.principal, uni.principal, uni.org.id, { title: '液冷板钎焊工艺' })
    await proposeMatch(testDb(), m, ProposeMatchSchema.parse({ needId: needs[0]!, achievementId: achievement, note: '' }), testMeta)
    await claimNeed(testDb(), m, needs[5]!, testMeta)
    expect(await catchError(claimNeed(testDb(), m, needs[6]!, testMeta))).toMatchObject({ messageKey: 'errors.match.tooManyClaims|max=5' })
    // The cap is configuration.
    await claimNeed(testDb(), m, needs[6]!, testMeta, { maxOpenClaims: 6, lapseDays: 14 })
  })

  it('a claim with no match proposed within the lapse period frees the need for another manager', async () => {
    const holder = (await createManager(testDb())).principal
    const other = (await createManager(testDb())).principal
    const need = await liveNeed('认领失效测试需求')
    await claimNeed(testDb(), holder, need, testMeta)
    expect(await catchError(claimNeed(testDb(), other, need, testMeta))).toMatchObject({ messageKey: 'errors.match.claimedByOther' })

    await sql`update need_claims set claimed_at = now() - interval '15 days' where need_id = ${need}`.execute(testDb())
    // Read as free at once: the board shows it open to the other manager, and no longer as the holder's.
    const engine = createPostgresEngine(testDb())
    const board = await matchBoard(testDb(), engine, other, { need })
    expect(board.open.map((n) => n.id)).toEqual([need])
    const holderBoard = await matchBoard(testDb(), engine, holder, { need })
    expect(holderBoard.mine).toEqual([])

    await claimNeed(testDb(), other, need, testMeta)
    const claim = await testDb().selectFrom('need_claims').selectAll().where('need_id', '=', need).executeTakeFirstOrThrow()
    expect(claim.manager_id).toBe(other.userId)
    const lapsed = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'match.claim_lapsed').where('entity_id', '=', need).execute()
    expect(lapsed).toEqual([expect.objectContaining({ details: expect.objectContaining({ managerId: holder.userId }) })])
  })

  it('the periodic job releases lapsed claims, keeping fresh ones and ones with a proposed match', async () => {
    const m = (await createManager(testDb())).principal
    const [old, fresh, worked] = [await liveNeed('已过期的认领需求'), await liveNeed('新近认领的需求'), await liveNeed('已推荐匹配的认领')]
    for (const n of [old, fresh, worked]) await claimNeed(testDb(), m, n, testMeta)
    const uni = await createMember(testDb(), { type: 'university', role: 'admin' })
    const achievement = await publishedAchievement(testDb(), uni.principal, uni.principal, uni.org.id, { title: '液冷板检测技术' })
    await proposeMatch(testDb(), m, ProposeMatchSchema.parse({ needId: worked, achievementId: achievement, note: '' }), testMeta)
    await sql`update need_claims set claimed_at = now() - interval '20 days' where need_id in (${old}, ${worked})`.execute(testDb())

    expect(await releaseLapsedClaims(testDb(), 14)).toBeGreaterThanOrEqual(1)
    const left = await testDb().selectFrom('need_claims').select('need_id').where('manager_id', '=', m.userId).execute()
    expect(left.map((c) => c.need_id).sort()).toEqual([fresh, worked].sort())
    expect(await testDb().selectFrom('audit_log').select('id').where('action', '=', 'match.claim_lapsed').where('entity_id', '=', old).execute()).toHaveLength(1)
  })
})
