import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../server/platform/errors'
import { projectsOnRegistered, projectsOnTerminated } from '../../server/projects/hooks'
import { sendProjectReminders } from '../../server/projects/reminders'
import { ProgressSchema, ProjectFilterSchema } from '../../server/projects/schemas'
import { addManualProject, addProjectByRegistration, decideProject, plausibilityWarnings, projectDetail, projectList, submitProgress, targetsOverview } from '../../server/projects/service'
import { projectRulesOn } from '../../server/projects/config'
import { createMember, testMeta } from '../helpers/factories'
import { transformationProject } from '../helpers/projects'
import { cityOfficer, countyOfficer, registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// Transformation projects (ADR 037): a registered contract that meets the
// standard is proposed as a project of the buying enterprise's county; officers
// confirm, exclude or add inside the counties they oversee; the enterprise
// reports quarterly, implausible figures need confirming, late quarters show.

type Db = ReturnType<typeof testDb>
const noFilter = ProjectFilterSchema.parse({})

async function kindOf(fn: () => Promise<unknown>) {
  try {
    await fn()
  } catch (e) {
    if (e instanceof DomainError) return { kind: e.kind, fields: e.fieldErrors }
    throw e
  }
  return null
}

/** Registers with the hook in the registration's transaction, optionally recording the buyer party in another county first. */
async function registerWithHook(db: Db, o: { contractAmountFen?: number; equipmentFen?: number; buyerDivision?: string } = {}) {
  const c = await registeredContract(db, {
    contractAmountFen: o.contractAmountFen,
    equipmentFen: o.equipmentFen,
    beforeRegister: async (s) => {
      if (!o.buyerDivision) return
      // The buyer's county as the contract recorded it (the organisation itself stays in 450204); signed contracts are frozen by a trigger.
      await db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx)
        await trx.updateTable('contract_parties').set({ division_code: o.buyerDivision! }).where('contract_id', '=', s.contractId).where('side', '=', 'buyer').execute()
      })
    },
  })
  await db.transaction().execute((trx) => projectsOnRegistered(trx, c.registrationId, c.registrar.user.id, testMeta))
  const project = await db.selectFrom('transformation_projects').selectAll().where('registration_id', '=', c.registrationId).executeTakeFirst()
  return { ...c, project }
}

const progress = (o: Partial<Record<'quarter' | 'investment' | 'output' | 'tax' | 'jobs' | 'stage' | 'confirmWarnings', string>>) =>
  ProgressSchema.parse({ quarter: '2026-Q1', investment: '100', output: '200', tax: '10', jobs: '20', stage: 'trial', ...o })

describe('projects from registrations', () => {
  it('proposes a project for a contract that meets the standard, in the county of the buyer, with a snapshot of its figures', async () => {
    const db = testDb()
    const r = await registerWithHook(db, { buyerDivision: '450223' })
    expect(r.project).toMatchObject({
      source: 'registration',
      status: 'proposed',
      division_code: '450223',
      enterprise_org_id: r.buyerOrgId,
      institution_org_id: r.sellerOrgId,
      technology_amount_fen: 80_000_000,
      contract_amount_fen: 100_000_000,
      projected_output_fen: 2_000_000_000,
      industry_code: 'auto.parts',
      standard_met: ['amount', 'industry'],
    })
    // Proposed does not count yet; confirming makes the county's actual go up.
    const city = await cityOfficer(db)
    const before = await targetsOverview(db, city.principal)
    const count = (o: typeof before) => o.counties.find((c) => c.code === '450223')!.path.find((l) => l.current)!.actual
    await decideProject(db, city.principal, r.project!.id, { intent: 'confirm', reason: '' }, testMeta)
    expect(count(await targetsOverview(db, city.principal))).toBe(count(before) + 1)
    const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', r.project!.id).execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['project.confirm', 'project.propose'])
  })

  it('proposes nothing below the minimum technology amount; an officer adds it by number with a reason (flagged)', async () => {
    const db = testDb()
    const r = await registerWithHook(db, { contractAmountFen: 40_000_000, equipmentFen: 0 })
    expect(r.project).toBeUndefined()
    const number = (await db.selectFrom('registrations').select('number').where('id', '=', r.registrationId).executeTakeFirstOrThrow()).number!
    const elsewhere = await countyOfficer(db, '450205')
    expect(await kindOf(() => addProjectByRegistration(db, elsewhere.principal, { number, reason: '县重点项目' }, testMeta))).toEqual({ kind: 'invalid', fields: { number: ['project.errors.otherCounty'] } })
    const county = await countyOfficer(db, '450204')
    const added = await addProjectByRegistration(db, county.principal, { number, reason: '县重点项目' }, testMeta)
    expect(added).toMatchObject({ source: 'manual', status: 'confirmed', standard_met: ['industry', 'flag'], status_reason: '县重点项目', division_code: '450204' })
    expect(await kindOf(() => addProjectByRegistration(db, county.principal, { number, reason: '再次' }, testMeta))).toEqual({ kind: 'invalid', fields: { number: ['project.errors.exists'] } })
  })

  it('excludes the project when its registration is terminated, and it cannot be confirmed again', async () => {
    const db = testDb()
    const r = await registerWithHook(db)
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('registrations').set({ status: 'terminated', terminated_at: new Date() }).where('id', '=', r.registrationId).execute()
      await projectsOnTerminated(trx, r.registrationId, r.registrar.user.id, '合同解除', testMeta)
    })
    const p = await db.selectFrom('transformation_projects').selectAll().where('id', '=', r.project!.id).executeTakeFirstOrThrow()
    expect(p.status).toBe('excluded')
    expect(p.status_reason).toContain('合同解除')
    const city = await cityOfficer(db)
    expect(await kindOf(() => decideProject(db, city.principal, p.id, { intent: 'confirm', reason: '' }, testMeta))).toMatchObject({ kind: 'conflict' })
  })
})

describe('officers and county scope', () => {
  it('lets a county officer manage only their county: 404 and absent from lists elsewhere', async () => {
    const db = testDb()
    const { project, ent, otherEnt } = await transformationProject(db, { divisionCode: '450205', status: 'proposed' })
    const liunan = await countyOfficer(db, '450204')
    const liubei = await countyOfficer(db, '450205')
    expect(await kindOf(() => projectDetail(db, liunan.principal, project.id))).toMatchObject({ kind: 'not_found' })
    expect(await kindOf(() => decideProject(db, liunan.principal, project.id, { intent: 'confirm', reason: '' }, testMeta))).toMatchObject({ kind: 'not_found' })
    expect((await projectList(db, liunan.principal, noFilter)).rows.map((r) => r.id)).not.toContain(project.id)
    expect((await projectList(db, liunan.principal, { ...noFilter, county: '450205' })).rows).toEqual([])
    // Their own county's officer sees and decides it.
    expect((await projectList(db, liubei.principal, noFilter)).rows.map((r) => r.id)).toContain(project.id)
    expect(await kindOf(() => decideProject(db, liubei.principal, project.id, { intent: 'exclude', reason: '  ' }, testMeta))).toEqual({ kind: 'invalid', fields: { reason: ['project.errors.reasonRequired'] } })
    expect((await decideProject(db, liubei.principal, project.id, { intent: 'exclude', reason: '重复申报' }, testMeta)).status).toBe('excluded')
    expect((await decideProject(db, liubei.principal, project.id, { intent: 'confirm', reason: '核实后纳入' }, testMeta)).status).toBe('confirmed')
    // The enterprise's own members read it; another enterprise's do not; someone with no role is refused the list.
    expect((await projectDetail(db, ent.principal, project.id)).canReport).toBe(true)
    expect((await projectDetail(db, ent.principal, project.id)).canDecide).toBe(false)
    expect(await kindOf(() => projectDetail(db, otherEnt.principal, project.id))).toMatchObject({ kind: 'not_found' })
    expect(await kindOf(() => decideProject(db, ent.principal, project.id, { intent: 'exclude', reason: 'x' }, testMeta))).toMatchObject({ kind: 'forbidden' })
    const researcher = await createMember(db, { type: 'university' })
    expect(await kindOf(() => projectList(db, researcher.principal, noFilter))).toMatchObject({ kind: 'forbidden' })
    expect(await kindOf(() => targetsOverview(db, ent.principal))).toMatchObject({ kind: 'forbidden' })
    // The county officer's target page shows their county only.
    const overview = await targetsOverview(db, liubei.principal)
    expect(overview.cityPath).toBeNull()
    expect(overview.counties.map((c) => c.code)).toEqual(['450205'])
  })

  it('adds a wholly manual project only inside the officer’s counties', async () => {
    const db = testDb()
    const enterprise = await createMember(db, { type: 'enterprise', divisionCode: '450222' })
    const input = { title: '蔗渣综合利用中试', enterpriseId: enterprise.org.id, industryCode: 'agrifood', institutionName: '广西某研究所', technologyAmount: 30_000_000, contractAmount: null, projectedInvestment: 100_000_000, projectedOutput: null, registeredOn: '2026-03-01', reason: '区外登记合同' }
    const liunan = await countyOfficer(db, '450204')
    expect(await kindOf(() => addManualProject(db, liunan.principal, input, testMeta))).toEqual({ kind: 'invalid', fields: { divisionCode: ['project.errors.otherCounty'] } })
    const city = await cityOfficer(db)
    const p = await addManualProject(db, city.principal, input, testMeta)
    expect(p).toMatchObject({ source: 'manual', status: 'confirmed', division_code: '450222', enterprise_name: enterprise.org.name, standard_met: ['industry', 'flag'], registered_on: '2026-03-01' })
    expect(await kindOf(() => addManualProject(db, city.principal, { ...input, registeredOn: '2999-01-01' }, testMeta))).toEqual({ kind: 'invalid', fields: { registeredOn: ['project.errors.futureDate'] } })
  })
})

describe('quarterly progress', () => {
  const now = new Date('2026-12-05T04:00:00Z')

  it('rejects negative and non-numeric figures at the field', () => {
    const r = ProgressSchema.safeParse({ quarter: '2026-Q1', investment: '-5', output: 'abc', tax: '1', jobs: '-2', stage: 'trial' })
    expect(r.success).toBe(false)
    const fields = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))
    expect(fields).toEqual({ investment: 'project.errors.negative', output: 'project.errors.amount', jobs: 'project.errors.negative' })
  })

  it('warns about a 10× jump and falling jobs, stores confirmed warnings, and flags late quarters', async () => {
    const db = testDb()
    const { project, ent } = await transformationProject(db, { divisionCode: '450204', registeredOn: '2026-01-10' })
    // Q1 2026 filed on 2026-12-05: long after its due date (2026-04-15).
    const q1 = await submitProgress(db, ent.principal, project.id, progress({}), testMeta, now)
    expect(q1.late).toBe(true)
    expect(q1.report.due_on).toBe('2026-04-15')
    // Q2: output value 2,000 万元 against 200 万元 last quarter, and fewer jobs.
    const jump = progress({ quarter: '2026-Q2', output: '2000', jobs: '15' })
    const refused = await kindOf(() => submitProgress(db, ent.principal, project.id, jump, testMeta, now))
    expect(refused).toEqual({
      kind: 'invalid',
      fields: { confirmWarnings: ['project.warning.jump.output|from=200&to=2000&factor=10', 'project.warning.fall.jobs|from=20&to=15&factor=10'] },
    })
    const stored = await submitProgress(db, ent.principal, project.id, { ...jump, confirmWarnings: true }, testMeta, now)
    expect(stored.report.warnings).toHaveLength(2)
    // A plausible Q3 needs no confirmation.
    expect((await submitProgress(db, ent.principal, project.id, progress({ quarter: '2026-Q3', output: '2100', jobs: '16' }), testMeta, now)).report.warnings).toEqual([])
    // A quarter outside the open ones is refused; officers cannot file for the enterprise.
    expect(await kindOf(() => submitProgress(db, ent.principal, project.id, progress({ quarter: '2027-Q2' }), testMeta, now))).toEqual({ kind: 'invalid', fields: { quarter: ['project.errors.quarterClosed'] } })
    const county = await countyOfficer(db, '450204')
    expect(await kindOf(() => submitProgress(db, county.principal, project.id, progress({ quarter: '2026-Q4' }), testMeta, now))).toMatchObject({ kind: 'forbidden' })
    // The officer of the county reads the reports, with the warnings and the lateness.
    const d = await projectDetail(db, county.principal, project.id, now)
    expect(d.reports.map((r) => [r.year, r.quarter, r.late, r.warnings.length])).toEqual([
      [2026, 1, true, 0],
      [2026, 2, true, 2],
      [2026, 3, true, 0],
    ])
    expect(d.quarters.map((q) => [q.key, q.state])).toEqual([
      ['2026-Q1', 'late_reported'],
      ['2026-Q2', 'late_reported'],
      ['2026-Q3', 'late_reported'],
      ['2026-Q4', 'open'],
    ])
    expect(d.overdue).toBe(0)
  })

  it('lists a project with a missing past quarter as late', async () => {
    const db = testDb()
    const { project, ent } = await transformationProject(db, { divisionCode: '450226', registeredOn: '2026-04-20' })
    await submitProgress(db, ent.principal, project.id, progress({ quarter: '2026-Q2' }), testMeta, now)
    const county = await countyOfficer(db, '450226')
    const d = await projectDetail(db, county.principal, project.id, now)
    expect(d.quarters.find((q) => q.key === '2026-Q3')?.state).toBe('overdue')
    expect(d.overdue).toBe(1)
    const late = await projectList(db, county.principal, { ...noFilter, late: true }, now)
    expect(late.rows.find((r) => r.id === project.id)?.overdue).toBe(1)
    await submitProgress(db, ent.principal, project.id, progress({ quarter: '2026-Q3' }), testMeta, now)
    expect((await projectList(db, county.principal, { ...noFilter, late: true }, now)).rows.map((r) => r.id)).not.toContain(project.id)
  })

  it('reminds the enterprise before the due date and once when a quarter is overdue', async () => {
    const db = testDb()
    const { project, ent } = await transformationProject(db, { divisionCode: '450225', registeredOn: '2026-07-02' })
    const mine = () => db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', ent.user.id).where('kind', 'like', 'project_%').orderBy('created_at').execute()
    // 2027-01-05: Q3 2026 (due 2026-10-15) is overdue; Q4 is due 2027-01-15, not yet within the 7 days.
    await sendProjectReminders(db, new Date('2027-01-05T02:00:00Z'))
    expect(await mine()).toEqual([{ kind: 'project_progress_overdue', link: `/projects/${project.id}/progress?quarter=2026-Q3` }])
    await sendProjectReminders(db, new Date('2027-01-10T02:00:00Z'))
    await sendProjectReminders(db, new Date('2027-01-11T02:00:00Z'))
    expect(await mine()).toEqual([
      { kind: 'project_progress_overdue', link: `/projects/${project.id}/progress?quarter=2026-Q3` },
      { kind: 'project_progress_due', link: `/projects/${project.id}/progress?quarter=2026-Q4` },
    ])
  })

  it('computes warnings only against a previous quarter with figures', () => {
    const rules = projectRulesOn(new Date('2026-12-05T00:00:00Z'))
    const f = { investment_fen: 0, output_fen: 1_000_000, tax_fen: 0, jobs: 0 }
    expect(plausibilityWarnings(undefined, f, rules)).toEqual([])
    expect(plausibilityWarnings({ ...f, investment_fen: 0 }, { ...f, investment_fen: 500_000_000 }, rules)).toEqual([])
    expect(plausibilityWarnings(f, { ...f, output_fen: 9_999_999 }, rules)).toEqual([])
    expect(plausibilityWarnings(f, { ...f, output_fen: 10_000_000 }, rules)).toEqual(['project.warning.jump.output|from=1&to=10&factor=10'])
  })
})
