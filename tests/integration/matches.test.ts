import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { ProposeMatchSchema } from '../../server/engagement/matching/schemas'
import { insertMembership } from '../../db/repos/organisations'
import { DomainError } from '../../server/platform/errors'
import { feedbackFor } from '../../server/engagement/feedback'
import { matchBoard, matchesForViewer } from '../../server/engagement/matching/board'
import { answerMatch, claimNeed, proposeMatch, releaseNeed, type MatchAnswerInput, type MatchExplanation } from '../../server/engagement/matching/matches'
import type { Principal } from '../../server/identity/principal'
import { createPostgresEngine } from '../../search/pg-engine'
import { draftAchievement, publishedAchievement } from '../helpers/engagement'
import { refusedUnchanged } from '../helpers/errors'
import { createManager, createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { draftNeed, publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// The technology managers' matches: claims (one manager per need), proposals
// (managers only, live listings, no duplicates, both sides told by e-mail), the
// sides' answers (the listing's creator or an admin of its organisation, once
// each), accepted when both are interested, declined with a reason the manager
// sees and the declined-against side finds on its feedback dashboard.

interface Person {
  id: string
  email: string
  principal: Principal
}

let manager: Person
let otherManager: Person
let ent: { id: string; name: string }
let entOwner: Person // owner of the enterprise
let needCreator: Person // plain member who posts the needs (English mail)
let entColleague: Person // plain member who did not post them
let uni: { id: string; name: string }
let uniAdmin: Person // admin of the university (not the creator)
let researcher: Person // member who drafts the achievements
let outsider: Person // owner of another enterprise

async function person(userId: string): Promise<Person> {
  const p = await principalFor(testDb(), userId)
  return { id: userId, email: p.email, principal: p }
}

async function counts() {
  const db = testDb()
  const n = async (q: Promise<{ n: number }>) => (await q).n
  return {
    matches: await n(db.selectFrom('matches').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()),
    claims: await n(db.selectFrom('need_claims').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()),
    audit: await n(db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', 'like', 'match.%').executeTakeFirstOrThrow()),
    outbox: await n(db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'email').executeTakeFirstOrThrow()),
    answers: await n(
      db
        .selectFrom('matches')
        .select(sql<number>`count(*)::int`.as('n'))
        .where((eb) => eb.or([eb('enterprise_answer', 'is not', null), eb('institution_answer', 'is not', null)]))
        .executeTakeFirstOrThrow(),
    ),
  }
}

/** Expects the call to be refused with `kind` (and `key`), changing nothing: no claim, match, answer, audit entry or e-mail. */
function refused(call: () => Promise<unknown>, kind: DomainError['kind'], key?: string) {
  return refusedUnchanged(counts, call, kind, key)
}

async function mails(to: string, template?: string) {
  const rows = await testDb().selectFrom('outbox').select(['payload']).where('kind', '=', 'email').where(sql<string>`payload->>'to'`, '=', to).orderBy('id').execute()
  const all = rows.map((r) => r.payload as { template: string; locale: string; params: Record<string, string> })
  return template ? all.filter((m) => m.template === template) : all
}

const liveNeed = (title = '电池包液冷板焊接泄漏率高', o: { expired?: boolean } = {}) =>
  publishedNeed(testDb(), needCreator.principal, entOwner.principal, ent.id, { title, industryCode: 'auto.thermal', ...o })
const liveAchievement = (title = '电池包液冷板一体化成型技术', o: { expired?: boolean } = {}) =>
  publishedAchievement(testDb(), researcher.principal, uniAdmin.principal, uni.id, { title, ...o })
const propose = (who: Person, needId: string, achievementId: string, note = '') =>
  proposeMatch(testDb(), who.principal, ProposeMatchSchema.parse({ needId, achievementId, note }), testMeta)
const answer = (who: Person, matchId: string, a: MatchAnswerInput) => answerMatch(testDb(), who.principal, matchId, a, testMeta)
const interested = (side: 'enterprise' | 'institution'): MatchAnswerInput => ({ side, answer: 'interested' })

async function matchRow(id: string) {
  return testDb().selectFrom('matches').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

beforeAll(async () => {
  const db = testDb()
  const m = await createManager(db)
  manager = await person(m.user.id)
  otherManager = await person((await createManager(db)).user.id)
  const e = await createMember(db, { type: 'enterprise', role: 'owner' })
  ent = e.org
  entOwner = await person(e.user.id)
  const creator = await createUser(db, { locale: 'en' })
  await insertMembership(db, { orgId: ent.id, userId: creator.id, role: 'member' })
  needCreator = await person(creator.id)
  const colleague = await createUser(db)
  await insertMembership(db, { orgId: ent.id, userId: colleague.id, role: 'member' })
  entColleague = await person(colleague.id)
  const u = await createMember(db, { type: 'university', role: 'admin' })
  uni = u.org
  uniAdmin = await person(u.user.id)
  const r = await createUser(db)
  await insertMembership(db, { orgId: uni.id, userId: r.id, role: 'member' })
  researcher = await person(r.id)
  outsider = await person((await createMember(db, { type: 'enterprise', role: 'owner' })).user.id)
})

describe('claiming a need', () => {
  it('lets a technology manager claim a live need, once, and records it', async () => {
    const needId = await liveNeed()
    await claimNeed(testDb(), manager.principal, needId, testMeta)
    const claim = await testDb().selectFrom('need_claims').selectAll().where('need_id', '=', needId).executeTakeFirstOrThrow()
    expect(claim.manager_id).toBe(manager.id)
    const audit = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'match.need_claimed').where('entity_id', '=', needId).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_id).toBe(manager.id)

    await refused(() => claimNeed(testDb(), manager.principal, needId, testMeta), 'conflict', 'errors.match.alreadyClaimed')
    await refused(() => claimNeed(testDb(), otherManager.principal, needId, testMeta), 'conflict', 'errors.match.claimedByOther')
  })

  it('refuses people who are not technology managers', async () => {
    const needId = await liveNeed()
    for (const p of [entOwner, uniAdmin, outsider]) {
      await refused(() => claimNeed(testDb(), p.principal, needId, testMeta), 'forbidden', 'errors.match.managersOnly')
    }
  })

  it('refuses expired needs, and does not reveal unpublished ones', async () => {
    const expired = await liveNeed('已过期的需求', { expired: true })
    await refused(() => claimNeed(testDb(), manager.principal, expired, testMeta), 'conflict', 'errors.listingExpired')
    const draft = await draftNeed(testDb(), needCreator.principal, ent.id)
    await refused(() => claimNeed(testDb(), manager.principal, draft, testMeta), 'not_found')
    await refused(() => claimNeed(testDb(), manager.principal, 'not-a-uuid', testMeta), 'not_found')
  })

  it('lets only the claiming manager release a need, which another may then claim', async () => {
    const needId = await liveNeed()
    await claimNeed(testDb(), manager.principal, needId, testMeta)
    await refused(() => releaseNeed(testDb(), otherManager.principal, needId, testMeta), 'conflict', 'errors.match.notYourClaim')
    await releaseNeed(testDb(), manager.principal, needId, testMeta)
    await claimNeed(testDb(), otherManager.principal, needId, testMeta)
    const claim = await testDb().selectFrom('need_claims').select('manager_id').where('need_id', '=', needId).executeTakeFirstOrThrow()
    expect(claim.manager_id).toBe(otherManager.id)
  })
})

describe('proposing a match', () => {
  it('keeps the score and its reasons, claims the need, audits, and tells both sides by e-mail', async () => {
    const needId = await liveNeed()
    const achId = await liveAchievement()
    const needMailsBefore = (await mails(needCreator.email)).length
    const achMailsBefore = (await mails(researcher.email)).length

    const { id, score } = await propose(manager, needId, achId, '建议先做小批量试制')
    const row = await matchRow(id)
    expect(row).toMatchObject({ need_id: needId, achievement_id: achId, manager_id: manager.id, status: 'proposed', note: '建议先做小批量试制', score })
    expect(score).toBeGreaterThan(0)
    expect(score).toBeLessThanOrEqual(100)
    const explanation = row.explanation as MatchExplanation
    expect(explanation.weights).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(explanation.reasons.map((r) => r.key)).toEqual(['terms', 'industry', 'maturity', 'money', 'county', 'modes'])
    expect(explanation.reasons.find((r) => r.key === 'terms')!.detail.terms).toEqual(expect.arrayContaining(['液冷', '电池']))

    // Proposing on an unclaimed need claims it for the manager.
    const claim = await testDb().selectFrom('need_claims').select('manager_id').where('need_id', '=', needId).executeTakeFirstOrThrow()
    expect(claim.manager_id).toBe(manager.id)
    const audit = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'match.proposed').where('entity_id', '=', id).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_id: manager.id, entity_type: 'match', org_id: ent.id })

    // Both sides: the need's creator (in English, their language) and the achievement's creator.
    const toNeed = (await mails(needCreator.email)).slice(needMailsBefore)
    expect(toNeed).toHaveLength(1)
    expect(toNeed[0]).toMatchObject({ template: 'match_proposed_need', locale: 'en' })
    expect(toNeed[0]!.params).toMatchObject({ path: `/my/matches#match-${id}`, score: String(score), note: '建议先做小批量试制' })
    const toAch = (await mails(researcher.email)).slice(achMailsBefore)
    expect(toAch).toHaveLength(1)
    expect(toAch[0]).toMatchObject({ template: 'match_proposed_achievement', locale: 'zh-CN' })
    expect(toAch[0]!.params.need).toBe('电池包液冷板焊接泄漏率高')
  })

  it('refuses a second proposal of the same pair', async () => {
    const needId = await liveNeed()
    const achId = await liveAchievement()
    await propose(manager, needId, achId)
    await refused(() => propose(manager, needId, achId), 'conflict', 'errors.match.alreadyProposed')
  })

  it('refuses people who are not technology managers', async () => {
    const needId = await liveNeed()
    const achId = await liveAchievement()
    for (const p of [entOwner, uniAdmin, researcher, outsider]) {
      await refused(() => propose(p, needId, achId), 'forbidden', 'errors.match.managersOnly')
    }
  })

  it('refuses expired needs and expired achievements', async () => {
    const live = await liveNeed()
    const liveAch = await liveAchievement()
    const expiredNeed = await liveNeed('过期需求', { expired: true })
    const expiredAch = await liveAchievement('过期成果', { expired: true })
    await refused(() => propose(manager, expiredNeed, liveAch), 'conflict', 'errors.listingExpired')
    await refused(() => propose(manager, live, expiredAch), 'conflict', 'errors.listingExpired')
  })

  it('does not reveal unpublished listings', async () => {
    const live = await liveNeed()
    const draft = await draftAchievement(testDb(), researcher.principal, uni.id)
    await refused(() => propose(manager, live, draft), 'not_found')
    await refused(() => propose(manager, live, '00000000-0000-4000-8000-000000000000'), 'not_found')
  })

  it('refuses a need another manager has claimed', async () => {
    const needId = await liveNeed()
    const achId = await liveAchievement()
    await claimNeed(testDb(), otherManager.principal, needId, testMeta)
    await refused(() => propose(manager, needId, achId), 'conflict', 'errors.match.claimedByOther')
  })
})

describe('answering a match', () => {
  it('takes answers from the right side only: the listing creator or an admin of its organisation', async () => {
    const { id } = await propose(manager, await liveNeed(), await liveAchievement())
    // A plain colleague who did not post the need, the manager, the other side: refused.
    await refused(() => answer(entColleague, id, interested('enterprise')), 'forbidden', 'errors.match.notYourSide')
    await refused(() => answer(manager, id, interested('enterprise')), 'forbidden', 'errors.match.notYourSide')
    await refused(() => answer(researcher, id, interested('enterprise')), 'forbidden', 'errors.match.notYourSide')
    await refused(() => answer(needCreator, id, interested('institution')), 'forbidden', 'errors.match.notYourSide')
    // Somebody with no part in it does not learn it exists.
    await refused(() => answer(outsider, id, interested('enterprise')), 'not_found')
    await refused(() => answer(outsider, 'not-a-uuid', interested('enterprise')), 'not_found')
  })

  it('becomes accepted when both sides are interested, and tells the manager and both sides', async () => {
    const { id } = await propose(manager, await liveNeed(), await liveAchievement())
    const first = await answer(needCreator, id, interested('enterprise'))
    expect(first.status).toBe('proposed')
    expect(await matchRow(id)).toMatchObject({ enterprise_answer: 'interested', institution_answer: null, status: 'proposed' })
    expect((await mails(manager.email, 'match_interested')).at(-1)!.params).toMatchObject({ org: ent.name, path: `/match-board#match-${id}` })

    // One answer per side.
    await refused(() => answer(entOwner, id, interested('enterprise')), 'conflict', 'errors.match.answered')

    const acceptedBefore = await Promise.all([manager, needCreator, researcher].map((p) => mails(p.email, 'match_accepted')))
    // The university's admin answers for the researcher's achievement.
    const second = await answer(uniAdmin, id, interested('institution'))
    expect(second.status).toBe('accepted')
    expect(await matchRow(id)).toMatchObject({ enterprise_answer: 'interested', institution_answer: 'interested', status: 'accepted' })
    const acceptedAfter = await Promise.all([manager, needCreator, researcher].map((p) => mails(p.email, 'match_accepted')))
    acceptedAfter.forEach((list, i) => expect(list.length).toBe(acceptedBefore[i]!.length + 1))

    const audit = await testDb().selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['match.proposed', 'match.interested', 'match.interested'])
    expect(audit[2]!.details).toMatchObject({ side: 'institution', status: 'accepted' })

    // Closed: no more answers.
    await refused(() => answer(entOwner, id, { side: 'enterprise', answer: 'declined', reason: 'price', note: '' }), 'conflict', 'errors.match.answered')
  })

  it('becomes declined when one side declines, with the reason for the manager and the other side', async () => {
    const needId = await liveNeed('电池包液冷板钎焊检测')
    const achId = await liveAchievement('液冷板钎焊泄漏检测方法')
    const { id } = await propose(manager, needId, achId)
    const r = await answer(researcher, id, { side: 'institution', answer: 'declined', reason: 'not_our_field', note: '我们只做成型，不做检测' })
    expect(r.status).toBe('declined')
    expect(await matchRow(id)).toMatchObject({
      status: 'declined',
      institution_answer: 'declined',
      institution_reason: 'not_our_field',
      institution_note: '我们只做成型，不做检测',
    })
    const mail = (await mails(manager.email, 'match_declined')).at(-1)!
    expect(mail.params).toMatchObject({ org: uni.name, reason: '不属于我们的领域', note: '我们只做成型，不做检测' })
    await refused(() => answer(needCreator, id, interested('enterprise')), 'conflict', 'errors.match.answered')

    // The manager's board shows the decline and its reason.
    const board = await matchBoard(testDb(), createPostgresEngine(testDb()), manager.principal, {})
    expect(board.matches.find((m) => m.id === id)).toMatchObject({
      status: 'declined',
      institution: { answer: 'declined', reason: 'not_our_field', note: '我们只做成型，不做检测' },
    })
    // The enterprise, declined against, finds the reason on its feedback dashboard, about its need.
    const feedback = await feedbackFor(testDb(), entOwner.principal)
    expect(feedback.listings.find((l) => l.source === 'match_declined' && l.id === needId)).toMatchObject({ kind: 'need', orgId: ent.id, total: 1 })
    expect(feedback.notes.find((n) => n.source === 'match_declined')).toMatchObject({ note: '我们只做成型，不做检测', counterpart: uni.name })
    // The university, which declined, does not count its own no.
    const own = await feedbackFor(testDb(), uniAdmin.principal)
    expect(own.listings.some((l) => l.source === 'match_declined')).toBe(false)
  })
})

describe('what each side and the manager see', () => {
  it('lists a match for both sides, with who may answer it', async () => {
    const { id } = await propose(manager, await liveNeed('电驱壳体液冷板'), await liveAchievement('液冷板轻量化'))
    const forCreator = (await matchesForViewer(testDb(), needCreator.principal)).matches.find((m) => m.id === id)!
    expect(forCreator).toMatchObject({ sides: ['enterprise'], answerable: ['enterprise'], managerName: expect.any(String) })
    const forColleague = (await matchesForViewer(testDb(), entColleague.principal)).matches.find((m) => m.id === id)!
    expect(forColleague).toMatchObject({ sides: ['enterprise'], answerable: [] })
    const forUni = (await matchesForViewer(testDb(), uniAdmin.principal)).matches.find((m) => m.id === id)!
    expect(forUni).toMatchObject({ sides: ['institution'], answerable: ['institution'] })
    expect((await matchesForViewer(testDb(), outsider.principal)).matches).toEqual([])
    // Waiting for the creator's answer: it comes first.
    expect((await matchesForViewer(testDb(), needCreator.principal)).matches[0]!.answerable).toEqual(['enterprise'])
  })

  it('shows the manager their claimed needs first and hides needs another manager claimed', async () => {
    const mine = await liveNeed('看板：我认领的需求')
    const theirs = await liveNeed('看板：别人认领的需求')
    const open = await liveNeed('看板：待认领的需求')
    await claimNeed(testDb(), manager.principal, mine, testMeta)
    await claimNeed(testDb(), otherManager.principal, theirs, testMeta)
    const board = await matchBoard(testDb(), createPostgresEngine(testDb()), manager.principal, { industry: 'auto.thermal' })
    expect(board.mine.map((n) => n.id)).toContain(mine)
    const all = [...board.mine, ...board.open].map((n) => n.id)
    expect(all).not.toContain(theirs)
    expect(board.open.map((n) => n.id)).toContain(open)
    expect(board.open.map((n) => n.id)).not.toContain(mine)
    // A filter that matches nothing empties both lists; the county filter too.
    const none = await matchBoard(testDb(), createPostgresEngine(testDb()), manager.principal, { industry: 'agrifood' })
    expect([...none.mine, ...none.open]).toEqual([])
    const county = await matchBoard(testDb(), createPostgresEngine(testDb()), manager.principal, { county: '450225' })
    expect([...county.mine, ...county.open]).toEqual([])
  })
})
