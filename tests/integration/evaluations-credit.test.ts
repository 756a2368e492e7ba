import { describe, expect, it } from 'vitest'
import { creditOnRegistered } from '../../server/credit/hooks'
import { creditKey, creditLevels } from '../../server/credit/levels'
import { CREDIT_CONFIGS, creditConfigOn } from '../../server/credit/config'
import { scoreOf } from '../../server/credit/score'
import { adjustCredit, creditList, creditRecord, decideObjection, lodgeCreditObjection, recordComplaint } from '../../server/credit/service'
import { EVALUATION_CONFIGS, evaluationConfigOn, evaluationScoreCenti, resultOf, weightedScore, type EvaluationConfig } from '../../server/evaluations/config'
import { evaluationReportPdf, verifyEvaluationReport } from '../../server/evaluations/report'
import {
  assignExpert,
  closeEvaluation,
  evaluationList,
  evaluationPage,
  openEvaluation,
  scoreEvaluation,
  submitSelfAssessment,
} from '../../server/evaluations/service'
import { DomainError } from '../../server/platform/errors'
import { refuseRegistration, submitRegistration } from '../../server/registrations/service'
import { signedContract } from '../helpers/contracts'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { pdfText } from '../helpers/pdf-text'
import { transformationProject } from '../helpers/projects'
import { cityOfficer, countyOfficer, registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// 项目评价 and 信用管理 as officers, enterprises, experts and the subjects of a
// credit record meet them: the weighted result from the configured weights
// and thresholds, county scoping, the report's text, a platform event that
// moves a score and a level, adjustments that need a reason and are audited,
// and an upheld objection that cancels its event.

const kind = async (p: Promise<unknown>) => {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (e instanceof DomainError) return e.kind
    throw e
  }
}

const ALL = (v: number) => Object.fromEntries(evaluationConfigOn().indicators.map((i) => [i.key, v]))

describe('evaluation scoring', () => {
  it('weights each indicator by the configuration and maps the score to a result by its thresholds', () => {
    const cfg = evaluationConfigOn(new Date('2026-12-05T00:00:00Z'))
    expect(cfg.indicators.map((i) => [i.key, i.weight])).toEqual([
      ['technology', 20],
      ['implementation', 30],
      ['economic', 30],
      ['social', 10],
      ['leverage', 10],
    ])
    // 100×20 + 80×30 + 70×30 + 60×10 + 50×10 = 7600 / 100
    expect(weightedScore(cfg, { technology: 100, implementation: 80, economic: 70, social: 60, leverage: 50 })).toBe(76)
    expect(resultOf(cfg, 90)).toBe('excellent')
    expect(resultOf(cfg, 89.99)).toBe('good')
    expect(resultOf(cfg, 75)).toBe('good')
    expect(resultOf(cfg, 74.99)).toBe('pass')
    expect(resultOf(cfg, 60)).toBe('pass')
    expect(resultOf(cfg, 59.99)).toBe('fail')
    // Two experts: the mean of their weighted scores, in hundredths.
    expect(evaluationScoreCenti(cfg, [ALL(80), ALL(91)])).toBe(8550)
  })

  it('takes weights and thresholds from the version in force', () => {
    const later: EvaluationConfig = {
      from: '2030-01-01',
      dueAfterYears: 3,
      indicators: [
        { key: 'technology', weight: 90 },
        { key: 'economic', weight: 10 },
      ],
      thresholds: { excellent: 95, good: 85, pass: 50 },
    }
    const configs = [...EVALUATION_CONFIGS, later]
    expect(evaluationConfigOn(new Date('2029-12-30T00:00:00Z'), configs).from).toBe('2019-01-01')
    const cfg = evaluationConfigOn(new Date('2030-02-01T00:00:00Z'), configs)
    expect(cfg).toBe(later)
    const scores = { technology: 50, implementation: 100, economic: 100, social: 100, leverage: 100 }
    expect(weightedScore(cfg, scores)).toBe(55)
    expect(resultOf(cfg, weightedScore(cfg, scores))).toBe('pass')
    expect(resultOf(evaluationConfigOn(), weightedScore(evaluationConfigOn(), scores))).toBe('excellent')
  })
})

describe('evaluation flow', () => {
  it('a county officer opens a due project of their county, the enterprise self-assesses, an expert scores, the officer closes it and the report says the result', async () => {
    const db = testDb()
    const { project, ent } = await transformationProject(db, { registeredOn: '2023-05-10', title: '电驱壳体一体化压铸成果转化' })
    const officer = await countyOfficer(db, project.division_code)
    const otherCounty = await countyOfficer(db, '450222')
    const city = await cityOfficer(db)

    // Listed as due for its county and the city, not for another county.
    expect((await evaluationList(db, officer.principal)).due.map((r) => r.projectId)).toContain(project.id)
    expect((await evaluationList(db, city.principal)).due.map((r) => r.projectId)).toContain(project.id)
    expect((await evaluationList(db, otherCounty.principal)).due.map((r) => r.projectId)).not.toContain(project.id)
    expect(await kind(openEvaluation(db, otherCounty.principal, project.id, testMeta))).toBe('not_found')
    expect(await kind(openEvaluation(db, ent.principal, project.id, testMeta))).toBe('not_found')

    const ev = await openEvaluation(db, officer.principal, project.id, testMeta)
    expect(await kind(openEvaluation(db, city.principal, project.id, testMeta))).toBe('conflict')
    expect(await kind(evaluationPage(db, otherCounty.principal, ev.id))).toBe('not_found')
    expect((await evaluationList(db, ent.principal)).inProgress.map((r) => r.evaluationId)).toContain(ev.id)

    const expertUser = await createUser(db, { email: `expert-${Date.now()}@example.cn`, name: '评审专家甲' })
    const expert = await principalFor(db, expertUser.id)
    // Experts score only after the self-assessment.
    await assignExpert(db, officer.principal, ev.id, expertUser.email, testMeta)
    expect(await kind(scoreEvaluation(db, expert, ev.id, { scores: ALL(80), comment: '' }, testMeta))).toBe('conflict')
    expect(await kind(assignExpert(db, officer.principal, ev.id, 'nobody@nowhere.cn', testMeta))).toBe('invalid')
    expect(await kind(assignExpert(db, officer.principal, ev.id, ent.user.email, testMeta))).toBe('invalid')
    expect(
      await kind(submitSelfAssessment(db, officer.principal, ev.id, { applied: 'x', investmentFen: 0, outputFen: 0, jobs: 0, problems: '' }, testMeta))
    ).toBe('forbidden')

    await submitSelfAssessment(
      db,
      ent.principal,
      ev.id,
      { applied: '压铸工艺已用于电驱壳体量产线', investmentFen: 800_000_000, outputFen: 3_000_000_000, jobs: 45, problems: '模具寿命仍需提升' },
      testMeta
    )
    expect(await kind(scoreEvaluation(db, expert, ev.id, { scores: { ...ALL(80), social: 101 }, comment: '' }, testMeta))).toBe('invalid')
    expect(await kind(closeEvaluation(db, officer.principal, ev.id, testMeta))).toBe('conflict')
    await scoreEvaluation(
      db,
      expert,
      ev.id,
      { scores: { technology: 90, implementation: 80, economic: 75, social: 70, leverage: 60 }, comment: '转化成效明显' },
      testMeta
    )
    expect(await kind(closeEvaluation(db, expert, ev.id, testMeta))).toBe('forbidden')

    const closed = await closeEvaluation(db, officer.principal, ev.id, testMeta)
    // 90×20 + 80×30 + 75×30 + 70×10 + 60×10 = 7750 → 77.50 → 良好
    expect(closed.score_centi).toBe(7750)
    expect(closed.result).toBe('good')
    const page = await evaluationPage(db, ent.principal, ev.id)
    expect(page.ev.result).toBe('good')
    expect((await evaluationList(db, city.principal)).done.map((r) => r.evaluationId)).toContain(ev.id)

    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', ev.id).execute()
    expect(audits.map((a) => a.action).sort()).toEqual(
      ['evaluation.closed', 'evaluation.expert_assigned', 'evaluation.opened', 'evaluation.scored', 'evaluation.self_assessed'].sort()
    )
    const notified = await db.selectFrom('notifications').select('kind').where('user_id', '=', ent.user.id).where('kind', 'like', 'evaluation_%').execute()
    expect(notified.map((n) => n.kind)).toEqual(expect.arrayContaining(['evaluation_opened', 'evaluation_closed']))

    const { pdf } = await evaluationReportPdf(db, ent.principal, ev.id, { origin: 'https://kjdsc.example' })
    const text = pdfText(pdf).replace(/\s+/g, '')
    expect(text).toContain('科技成果转化项目评价报告')
    expect(text).toContain('电驱壳体一体化压铸成果转化')
    expect(text).toContain('加权得分77.50，评价结果：良好')
    expect(text).toContain('技术先进性（权重20）')
    expect(text).toContain('https://kjdsc.example/verify/')
    const verified = await verifyEvaluationReport(db, closed.verification_code!)
    expect(verified?.facts.find((f) => f.labelKey === 'evaluation.verify.result')?.value).toBe('良好')
    expect(await kind(evaluationReportPdf(db, otherCounty.principal, ev.id))).toBe('not_found')
  })

  it('a project registered less than the configured years ago is not due', async () => {
    const db = testDb()
    const { project } = await transformationProject(db, { registeredOn: '2026-01-10' })
    const city = await cityOfficer(db)
    expect((await evaluationList(db, city.principal, new Date('2026-12-05T00:00:00Z'))).due.map((r) => r.projectId)).not.toContain(project.id)
    expect(await kind(openEvaluation(db, city.principal, project.id, testMeta, new Date('2026-12-05T00:00:00Z')))).toBe('conflict')
    expect(await kind(openEvaluation(db, city.principal, project.id, testMeta, new Date('2028-01-10T00:00:00Z')))).toBe('ok')
  })
})

describe('credit records', () => {
  it('scores each dimension from its base within its bounds and levels the total by the thresholds', () => {
    const cfg = CREDIT_CONFIGS[0]!
    const base = scoreOf(cfg, [])
    expect(base.total).toBe(cfg.dimensions.reduce((s, d) => s + d.base, 0))
    const at = new Date()
    const capped = scoreOf(cfg, [{ dimension: 'reputation', points: 50, at }])
    expect(capped.dimensions.find((d) => d.key === 'reputation')!.score).toBe(10)
    const floored = scoreOf(cfg, [{ dimension: 'governance', points: -500, at }])
    expect(floored.dimensions.find((d) => d.key === 'governance')!.score).toBe(0)
    expect(scoreOf(cfg, [{ dimension: 'performance', points: -1, at, cancelled_at: at }]).total).toBe(base.total)
    expect(scoreOf({ ...cfg, levels: { A: 85, B: 70, C: 60 } }, [{ dimension: 'governance', points: -16, at }]).level).toBe('D')
  })

  it('a refused registration brokered by a manager lowers the agency’s and the manager’s score and level; county officers of other counties never see the record', async () => {
    const db = testDb()
    const c = await signedContract(db, { title: '信用测试合同（不予登记）' })
    const registrar = await createMember(db, { type: 'registrar', divisionCode: '450204' })
    const city = await cityOfficer(db)
    const agency = { kind: 'org', id: c.manager.org.id }
    const before = await creditRecord(db, city.principal, 'org', agency.id)
    expect(before.score.level).toBe('B')
    // A manual adjustment needs its reason and is audited.
    expect(await kind(adjustCredit(db, city.principal, 'org', agency.id, { dimension: 'governance', points: -4, reason: '   ' }, testMeta))).toBe('invalid')
    expect(await kind(adjustCredit(db, city.principal, 'org', agency.id, { dimension: 'nonsense', points: -4, reason: '年报逾期' }, testMeta))).toBe('invalid')
    expect(await kind(adjustCredit(db, c.manager.principal, 'org', agency.id, { dimension: 'governance', points: 4, reason: '自评' }, testMeta))).toBe(
      'forbidden'
    )
    const adj = await adjustCredit(db, city.principal, 'org', agency.id, { dimension: 'governance', points: -4, reason: '年度报告逾期未报' }, testMeta)
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'credit.adjusted')
      .where('entity_id', '=', `org:${agency.id}`)
      .executeTakeFirstOrThrow()
    expect(audit.actor_id).toBe(city.user.id)
    expect(audit.details).toMatchObject({ reason: '年度报告逾期未报', points: -4, adjustmentId: adj.id })
    const adjusted = await creditRecord(db, city.principal, 'org', agency.id)
    expect(adjusted.score.total).toBe(before.score.total - 4)
    expect(adjusted.score.level).toBe('B')

    const reg = await submitRegistration(db, c.uni.principal, { contractId: c.contractId, registrarId: registrar.org.id }, testMeta)
    await refuseRegistration(db, registrar.principal, reg.id, ['not_technology_contract'], null, testMeta)

    const after = await creditRecord(db, city.principal, 'org', agency.id)
    expect(after.events.map((e) => e.kind)).toEqual(['registration_refused'])
    expect(after.score.total).toBe(adjusted.score.total - 3)
    expect(after.score.level).toBe('C')
    const levels = await creditLevels(db, [
      agency as never,
      { kind: 'manager', id: c.manager.user.id },
      { kind: 'org', id: c.uni.org.id },
      { kind: 'org', id: c.ent.org.id },
    ])
    expect(levels.get(creditKey({ kind: 'org', id: agency.id }))).toBe('C')
    expect(levels.get(creditKey({ kind: 'manager', id: c.manager.user.id }))).toBe('B')
    expect(levels.has(creditKey({ kind: 'org', id: c.ent.org.id }))).toBe(false)
    const manager = await creditRecord(db, c.manager.principal, 'manager', c.manager.user.id)
    expect(manager.events.map((e) => e.kind)).toEqual(['registration_refused'])
    const uni = await creditRecord(db, city.principal, 'org', c.uni.org.id)
    expect(uni.events.map((e) => e.kind)).toEqual(['registration_refused'])

    // Scoping: the agency's county sees it, another county does not, an outsider does not.
    const own = await countyOfficer(db, '450204')
    const other = await countyOfficer(db, '450222')
    expect((await creditList(db, own.principal)).rows.some((r) => r.id === agency.id)).toBe(true)
    expect((await creditList(db, other.principal)).rows.some((r) => r.id === agency.id)).toBe(false)
    expect(await kind(creditRecord(db, other.principal, 'org', agency.id))).toBe('not_found')
    expect(await kind(creditRecord(db, c.ent.principal, 'org', agency.id))).toBe('not_found')
    expect((await creditList(db, city.principal)).rows.find((r) => r.id === agency.id)?.trend).toBe(-7)
  })

  it('a brokered registration adds points once however often the hook runs', async () => {
    const db = testDb()
    const c = await registeredContract(db, { title: '信用测试合同（已登记）' })
    await db.transaction().execute((trx) => creditOnRegistered(trx, c.registrationId))
    await db.transaction().execute((trx) => creditOnRegistered(trx, c.registrationId))
    const city = await cityOfficer(db)
    const r = await creditRecord(db, city.principal, 'manager', c.manager.user.id)
    expect(r.events.map((e) => [e.kind, e.points])).toEqual([['deal_brokered', creditConfigOn().events.deal_brokered.points]])
  })

  it('the subject objects to an event; a city officer upholds it and the event no longer counts', async () => {
    const db = testDb()
    const c = await signedContract(db, { title: '信用测试合同（异议）' })
    const city = await cityOfficer(db)
    const m = { kind: 'manager', id: c.manager.user.id }
    await recordComplaint(db, city.principal, m.kind, m.id, { note: '服务费争议', evidence: '投诉登记 2026-118 号' }, testMeta)
    expect(await kind(recordComplaint(db, c.manager.principal, m.kind, m.id, { note: 'x', evidence: 'y' }, testMeta))).toBe('forbidden')
    const rec = await creditRecord(db, c.manager.principal, m.kind, m.id)
    const event = rec.events[0]!
    expect(event.kind).toBe('complaint')
    expect(rec.actions.object).toBe(true)
    expect(rec.actions.adjust).toBe(false)
    const before = rec.score.total

    expect(await kind(lodgeCreditObjection(db, c.uni.principal, m.kind, m.id, { eventId: event.id, reason: '不实' }, testMeta))).toBe('not_found')
    await lodgeCreditObjection(db, c.manager.principal, m.kind, m.id, { eventId: event.id, reason: '费用已按合同退还，投诉不实' }, testMeta)
    expect(await kind(lodgeCreditObjection(db, c.manager.principal, m.kind, m.id, { eventId: event.id, reason: '再次' }, testMeta))).toBe('conflict')
    const pending = (await creditRecord(db, city.principal, m.kind, m.id)).events[0]!.objections[0]!
    expect(pending.status).toBe('pending')
    expect(await kind(decideObjection(db, c.manager.principal, m.kind, m.id, { objectionId: pending.id, decision: 'upheld', answer: '自己' }, testMeta))).toBe(
      'forbidden'
    )
    await decideObjection(db, city.principal, m.kind, m.id, { objectionId: pending.id, decision: 'upheld', answer: '经核实退款凭证，投诉不成立' }, testMeta)

    const after = await creditRecord(db, c.manager.principal, m.kind, m.id)
    expect(after.events[0]!.cancelled).toBe(true)
    expect(after.events[0]!.objections[0]!.status).toBe('upheld')
    expect(after.score.total).toBe(before + 3)
    const told = await db.selectFrom('notifications').select('kind').where('user_id', '=', c.manager.user.id).execute()
    expect(told.map((n) => n.kind)).toEqual(expect.arrayContaining(['credit_complaint', 'credit_objection_upheld']))
  })
})
