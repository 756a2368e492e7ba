import type { Executor } from '../../db/index'
import { projectSnapshot } from './snapshot'
import { industryExists, listIndustries } from '../../db/repos/industries'
import { listDivisions } from '../../db/repos/organisations'
import {
  confirmedByDivision,
  findProject,
  findVerifiedEnterprise,
  insertProject,
  listProjects,
  lockProject,
  projectOfRegistration,
  registrationFacts,
  reportsOf,
  updateProject,
  upsertReport,
  verifiedEnterprises,
  type LateWindow,
  type ProjectRow,
  type ProjectScope,
} from '../../db/repos/projects'
import { isUniqueViolation } from '../../db/index'
import { periodOf, standardMet, targetPath, targetPlanOn } from '../government/targets'
import { verifiedMemberOf } from '../identity/permissions'
import { officerScope, type Principal, type RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { fenToWan } from '../platform/money'
import { dueOn, dueQuarter, projectRulesOn, quarterKey, reportableQuarters, type ProjectRules, type Quarter } from './config'
import type { ProgressInput, ProjectFilterInput } from './schemas'

// Transformation projects (转化项目, ADR 037). Who sees what is decided here,
// never in a page: city officers (the government organisation at the city
// division) see and manage every project; county officers only those of their
// county (`oversees`), with the same actions inside it; the members of the
// enterprise that applies the achievement read their own projects and report
// their quarterly progress. Anyone else: 403 on the lists, 404 on a project.
// Officers confirm a proposed project, exclude one with a reason, or add one
// (by the registration number of a registered contract that missed the
// standard, flagged with a reason, or wholly by hand). Only confirmed projects
// count against the targets. Every change is one transaction with its audit entry.

export const PAGE_SIZE = 50
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const tx = <T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))

export interface ProjectAccess {
  city: boolean
  /** Divisions the viewer oversees as an officer ('all' for the city). */
  officer: 'all' | string[]
  /** Verified enterprise organisations the viewer is a member of. */
  orgIds: string[]
  scope: ProjectScope
}

export function projectAccess(p: Principal | null): ProjectAccess | null {
  if (!p) return null
  const officer = officerScope(p)
  const orgIds = p.memberships.filter((m) => m.orgStatus === 'verified' && m.orgType === 'enterprise').map((m) => m.orgId)
  if (officer === 'all') return { city: true, officer, orgIds, scope: { all: true } }
  if (!officer.length && !orgIds.length) return null
  return { city: false, officer, orgIds, scope: { divisions: officer, orgIds } }
}

const isOfficer = (a: ProjectAccess | null) => !!a && (a.officer === 'all' || a.officer.length > 0)
const overseesDivision = (a: ProjectAccess, division: string) => a.officer === 'all' || a.officer.includes(division)

function canSee(a: ProjectAccess | null, project: Pick<ProjectRow, 'division_code' | 'enterprise_org_id'>) {
  if (!a) return false
  return overseesDivision(a, project.division_code) || (!!project.enterprise_org_id && a.orgIds.includes(project.enterprise_org_id))
}

const qIndex = (q: Quarter) => q.year * 4 + q.quarter - 1

/** The quarters before the due one (within the open window) whose missing report makes a project late. */
export function lateWindow(today: string, rules: ProjectRules): LateWindow {
  const due = qIndex(dueQuarter(today, rules))
  return { fromIndex: due - rules.lateQuartersOpen + 1, toIndex: due - 1 }
}

export async function projectList(db: Executor, p: Principal, q: ProjectFilterInput, now = new Date()) {
  const access = projectAccess(p)
  if (!access) throw forbidden()
  const today = shanghaiDate(now)
  const plan = targetPlanOn(now)
  const period = q.period ? plan.periods.find((x) => x.key === q.period) : undefined
  const { rows, byStatus, total } = await listProjects(
    db,
    access.scope,
    { division: q.county, status: q.status, from: period?.from, to: period?.to, industry: q.industry, late: q.late },
    lateWindow(today, projectRulesOn(now)),
    { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE },
  )
  const officer = isOfficer(access)
  const divisions = officer ? (await listDivisions(db)).filter((d) => access.officer === 'all' || access.officer.includes(d.code)) : await listDivisions(db)
  const industries = (await listIndustries(db)).filter((i) => !i.parent_code)
  return { rows, byStatus, total, page: q.page, pageSize: PAGE_SIZE, city: access.city, officer, canAdd: officer, divisions, industries, periods: plan.periods }
}

export interface QuarterLine {
  key: string
  year: number
  quarter: number
  dueOn: string
  state: 'reported' | 'late_reported' | 'overdue' | 'open'
}

function quarterLines(project: Pick<ProjectRow, 'registered_on' | 'status'>, reports: { year: number; quarter: number; submitted_at: Date; due_on: string }[], today: string, rules: ProjectRules): QuarterLine[] {
  const quarters = reportableQuarters(project.registered_on, today, rules)
  return quarters.map((q) => {
    const r = reports.find((x) => x.year === q.year && x.quarter === q.quarter)
    const due = dueOn(q, rules)
    const state = r ? (shanghaiDate(r.submitted_at) > r.due_on ? 'late_reported' : 'reported') : due < today ? 'overdue' : 'open'
    return { key: quarterKey(q), year: q.year, quarter: q.quarter, dueOn: due, state }
  })
}

export async function projectDetail(db: Executor, p: Principal | null, id: string, now = new Date()) {
  if (!UUID.test(id)) throw notFound()
  const project = await findProject(db, id)
  const access = projectAccess(p)
  if (!project || !canSee(access, project)) throw notFound()
  const rules = projectRulesOn(now)
  const today = shanghaiDate(now)
  const reports = (await reportsOf(db, id)).map((r) => ({ ...r, late: shanghaiDate(r.submitted_at) > r.due_on }))
  const quarters = project.status === 'excluded' ? [] : quarterLines(project, reports, today, rules)
  const member = !!project.enterprise_org_id && access!.orgIds.includes(project.enterprise_org_id)
  const institutionMember = !!p && !!project.institution_org_id && verifiedMemberOf(p, project.institution_org_id)
  const plan = targetPlanOn(now)
  const [divisions, industries] = await Promise.all([listDivisions(db), listIndustries(db)])
  return {
    project,
    reports,
    divisionName: divisions.find((x) => x.code === project.division_code) ?? null,
    industryName: industries.find((x) => x.code === project.industry_code) ?? null,
    quarters,
    overdue: quarters.filter((q) => q.state === 'overdue').length,
    period: periodOf(plan, project.registered_on)?.key ?? null,
    canDecide: overseesDivision(access!, project.division_code),
    canReport: member && project.status !== 'excluded',
    /** The registration page opens for the contract's parties. */
    registrationLink: project.registration_id && (member || institutionMember) ? `/registrations/${project.registration_id}` : null,
  }
}

async function lockedForOfficer(trx: Executor, p: Principal, id: string) {
  if (!UUID.test(id)) throw notFound()
  const access = projectAccess(p)
  const project = await lockProject(trx, id)
  if (!project || !canSee(access, project)) throw notFound()
  if (!overseesDivision(access!, project.division_code)) throw forbidden()
  return project
}

/** Confirm (it counts) or exclude (with a reason) a project of a division the officer oversees. */
export async function decideProject(db: Executor, p: Principal, id: string, d: { intent: 'confirm' | 'exclude'; reason: string }, meta: RequestMeta) {
  return tx(db, async (trx) => {
    const project = await lockedForOfficer(trx, p, id)
    const reason = d.reason.trim()
    if (d.intent === 'exclude') {
      if (!reason) throw invalid({ reason: ['project.errors.reasonRequired'] })
      if (project.status === 'excluded') throw conflict('project.errors.wrongStatus')
    } else {
      if (project.status === 'confirmed') throw conflict('project.errors.wrongStatus')
      if (project.registration_id) {
        const reg = await registrationFacts(trx, { id: project.registration_id })
        if (reg?.status !== 'registered') throw conflict('project.errors.registrationEnded')
      }
    }
    const status = d.intent === 'confirm' ? 'confirmed' : 'excluded'
    const row = await updateProject(trx, id, { status, status_reason: reason || null, decided_by: p.userId, decided_at: new Date() })
    await audit(trx, meta, p.userId, `project.${d.intent}`, { type: 'transformation_project', id, orgId: project.enterprise_org_id }, { from: project.status, reason: reason || null })
    return row
  })
}

function requireOfficerOf(p: Principal, division: string) {
  const access = projectAccess(p)
  if (!isOfficer(access)) throw forbidden()
  if (!overseesDivision(access!, division)) return false
  return true
}

/** What the manual-add page offers: verified enterprises, the divisions the officer oversees, industries. */
export async function addOptions(db: Executor, p: Principal) {
  const access = projectAccess(p)
  if (!isOfficer(access)) throw forbidden()
  const divisions = (await listDivisions(db)).filter((d) => access!.officer === 'all' || access!.officer.includes(d.code))
  const enterprises = await verifiedEnterprises(db)
  const industries = await listIndustries(db)
  return { divisions, enterprises, industries, standard: targetPlanOn().standard }
}

/**
 * Adds the project of a registered contract that does not meet the standard:
 * the officer flags it with a reason (standard_met gains 'flag') and it is
 * confirmed. A county officer adds only contracts whose enterprise is in their county.
 */
export async function addProjectByRegistration(db: Executor, p: Principal, input: { number: string; reason: string }, meta: RequestMeta) {
  const access = projectAccess(p)
  if (!isOfficer(access)) throw forbidden()
  return tx(db, async (trx) => {
    const r = await registrationFacts(trx, { number: input.number })
    if (!r || r.status !== 'registered' || !r.registered_at || !r.buyer) throw invalid({ number: ['project.errors.noRegistration'] })
    if (!requireOfficerOf(p, r.buyer.division_code)) throw invalid({ number: ['project.errors.otherCounty'] })
    if (await projectOfRegistration(trx, r.registration_id)) throw invalid({ number: ['project.errors.exists'] })
    const { met } = standardMet(targetPlanOn(r.registered_at).standard, { technologyAmountFen: Number(r.technology_amount_fen), industryCode: r.industry_code })
    const now = new Date()
    const project = await insertProject(trx, {
      source: 'manual',
      ...projectSnapshot(r, r.registered_at, r.buyer),
      status: 'confirmed',
      standard_met: [...met, 'flag'],
      status_reason: input.reason,
      decided_by: p.userId,
      decided_at: now,
      created_by: p.userId,
    }).catch((e: unknown) => {
      if (isUniqueViolation(e)) throw invalid({ number: ['project.errors.exists'] })
      throw e
    })
    await audit(trx, meta, p.userId, 'project.add', { type: 'transformation_project', id: project.id, orgId: project.enterprise_org_id }, { registration: r.number, reason: input.reason, standard: project.standard_met })
    return project
  })
}

export interface ManualProjectInput {
  title: string
  enterpriseId: string
  divisionCode?: string
  industryCode: string
  institutionName: string
  technologyAmount: number
  contractAmount: number | null
  projectedInvestment: number | null
  projectedOutput: number | null
  registeredOn: string
  reason: string
}

/** A project the platform did not see registered (e.g. registered elsewhere), added and confirmed by an officer. */
export async function addManualProject(db: Executor, p: Principal, input: ManualProjectInput, meta: RequestMeta, now = new Date()) {
  const access = projectAccess(p)
  if (!isOfficer(access)) throw forbidden()
  return tx(db, async (trx) => {
    const enterprise = await findVerifiedEnterprise(trx, input.enterpriseId)
    if (!enterprise) throw invalid({ enterpriseId: ['project.errors.enterprise'] })
    const division = input.divisionCode ?? enterprise.division_code
    const divisions = await listDivisions(trx)
    if (!divisions.some((d) => d.code === division)) throw invalid({ divisionCode: ['project.errors.division'] })
    if (!requireOfficerOf(p, division)) throw invalid({ divisionCode: ['project.errors.otherCounty'] })
    if (!(await industryExists(trx, input.industryCode))) throw invalid({ industryCode: ['project.errors.industry'] })
    if (input.registeredOn > shanghaiDate(now)) throw invalid({ registeredOn: ['project.errors.futureDate'] })
    if (input.contractAmount !== null && input.contractAmount < input.technologyAmount) throw invalid({ contractAmount: ['project.errors.contractBelowTechnology'] })
    const { met, qualifies } = standardMet(targetPlanOn(now).standard, { technologyAmountFen: input.technologyAmount, industryCode: input.industryCode })
    const project = await insertProject(trx, {
      source: 'manual',
      title: input.title,
      division_code: division,
      industry_code: input.industryCode,
      enterprise_org_id: enterprise.id,
      enterprise_name: enterprise.name,
      institution_name: input.institutionName,
      contract_amount_fen: input.contractAmount ?? input.technologyAmount,
      technology_amount_fen: input.technologyAmount,
      projected_investment_fen: input.projectedInvestment,
      projected_output_fen: input.projectedOutput,
      registered_on: input.registeredOn,
      status: 'confirmed',
      standard_met: qualifies ? met : [...met, 'flag'],
      status_reason: input.reason,
      decided_by: p.userId,
      decided_at: now,
      created_by: p.userId,
    })
    await audit(trx, meta, p.userId, 'project.add', { type: 'transformation_project', id: project.id, orgId: enterprise.id }, { manual: true, reason: input.reason, standard: project.standard_met })
    return project
  })
}

type Figures = { investment_fen: number; output_fen: number; tax_fen: number; jobs: number }
const AMOUNTS = [
  ['investment', 'investment_fen'],
  ['output', 'output_fen'],
  ['tax', 'tax_fen'],
] as const

/**
 * Plausibility of a quarter's figures against the last reported quarter
 * before it: each a catalog key with its values ("key|from=…&to=…"), for the
 * reporter to confirm. A figure `jumpFactor` times last quarter's or more is
 * suspicious; jobs are a headcount to date (cumulative), so fewer is too.
 */
export function plausibilityWarnings(prev: Figures | undefined, next: Figures, rules: ProjectRules): string[] {
  if (!prev) return []
  const out: string[] = []
  const params = (from: string, to: string) => new URLSearchParams({ from, to, factor: String(rules.jumpFactor) }).toString()
  for (const [name, col] of AMOUNTS) {
    if (prev[col] > 0 && next[col] >= prev[col] * rules.jumpFactor) out.push(`project.warning.jump.${name}|${params(fenToWan(prev[col]), fenToWan(next[col]))}`)
  }
  if (prev.jobs > 0 && next.jobs >= prev.jobs * rules.jumpFactor) out.push(`project.warning.jump.jobs|${params(String(prev.jobs), String(next.jobs))}`)
  if (next.jobs < prev.jobs) out.push(`project.warning.fall.jobs|${params(String(prev.jobs), String(next.jobs))}`)
  return out
}

/** What the progress form needs: the quarters open to a report (the due one preselected) and what was filed. */
export async function progressForm(db: Executor, p: Principal, id: string, now = new Date()) {
  const d = await projectDetail(db, p, id, now)
  if (!d.canReport) throw forbidden()
  const rules = projectRulesOn(now)
  const due = quarterKey(dueQuarter(shanghaiDate(now), rules))
  return { ...d, dueKey: due, dueDays: rules.dueDaysAfterQuarter }
}

/**
 * The enterprise files (or corrects) a quarter's report. Figures that look
 * implausible must be confirmed by the reporter (the form shows each warning);
 * they are stored with the report for the officers to see. A report after the
 * quarter's due date is stored as filed late.
 */
export async function submitProgress(db: Executor, p: Principal, id: string, input: ProgressInput, meta: RequestMeta, now = new Date()) {
  if (!UUID.test(id)) throw notFound()
  return tx(db, async (trx) => {
    const access = projectAccess(p)
    const project = await lockProject(trx, id)
    if (!project || !canSee(access, project)) throw notFound()
    if (!project.enterprise_org_id || !access!.orgIds.includes(project.enterprise_org_id)) throw forbidden()
    if (project.status === 'excluded') throw conflict('project.errors.excluded')
    const rules = projectRulesOn(now)
    const today = shanghaiDate(now)
    const open = reportableQuarters(project.registered_on, today, rules)
    const q = open.find((x) => quarterKey(x) === input.quarter)
    if (!q) throw invalid({ quarter: ['project.errors.quarterClosed'] })
    const figures: Figures = { investment_fen: input.investment, output_fen: input.output, tax_fen: input.tax, jobs: input.jobs }
    const reports = await reportsOf(trx, id)
    const prev = reports.filter((r) => qIndex(r) < qIndex(q)).at(-1)
    const warnings = plausibilityWarnings(prev, figures, rules)
    if (warnings.length && !input.confirmWarnings) throw invalid({ confirmWarnings: warnings }, 'project.errors.confirmWarnings')
    const due = dueOn(q, rules)
    const report = await upsertReport(trx, { project_id: id, year: q.year, quarter: q.quarter, due_on: due, ...figures, stage: input.stage, note: input.note, warnings, submitted_by: p.userId, submitted_at: now })
    await updateProject(trx, id, { stage: input.stage })
    await audit(trx, meta, p.userId, 'project.progress', { type: 'transformation_project', id, orgId: project.enterprise_org_id }, { quarter: quarterKey(q), late: today > due, warnings })
    return { report, late: today > due }
  })
}

/** The target path (cumulative target per period) against the confirmed count, for the city and each county the officer oversees. */
export async function targetsOverview(db: Executor, p: Principal, now = new Date()) {
  const access = projectAccess(p)
  if (!isOfficer(access)) throw forbidden()
  const plan = targetPlanOn(now)
  const scope: ProjectScope = access!.officer === 'all' ? { all: true } : { divisions: access!.officer, orgIds: [] }
  const perPeriod = await Promise.all(plan.periods.map((x) => confirmedByDivision(db, scope, x.from, x.to)))
  const divisions = (await listDivisions(db)).filter((d) => d.code !== '450200' && (access!.officer === 'all' || access!.officer.includes(d.code)))
  const today = shanghaiDate(now)
  const line = (code?: string) => {
    const path = targetPath(plan, code)
    let actual = 0
    return plan.periods.map((period, i) => {
      const counts = perPeriod[i]!
      actual += code ? (counts.get(code) ?? 0) : [...counts.values()].reduce((s, n) => s + n, 0)
      return { key: period.key, from: period.from, to: period.to, target: path[i]!.cumulative, actual, current: period.from <= today && today <= period.to, past: period.to < today }
    })
  }
  return {
    city: access!.city,
    standard: plan.standard,
    priorityIndustries: (await listIndustries(db)).filter((i) => plan.standard.priorityIndustries.includes(i.code)),
    effectiveFrom: plan.effectiveFrom,
    cityPath: access!.city ? line() : null,
    counties: divisions.map((d) => ({ code: d.code, name_zh: d.name_zh, name_en: d.name_en, path: line(d.code) })),
  }
}
