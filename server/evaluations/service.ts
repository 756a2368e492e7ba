import type { Executor } from '../../db/index'
import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema'
import {
  evaluationOfProject,
  evaluationRows,
  expertsOf,
  findEvaluation,
  findProject,
  insertEvaluation,
  insertExpert,
  lockEvaluation,
  officerIdsFor,
  orgMemberIds,
  setExpertScores,
  updateEvaluation,
  userByEmail,
  type EvaluationRow,
} from '../../db/repos/evaluations'
import { verifiedMemberOf } from '../identity/permissions'
import { CITY_DIVISION, officerScope, type Principal, type RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { newVerificationCode } from '../platform/verification'
import { dueRegisteredBy, evaluationConfigFrom, evaluationConfigOn, evaluationScoreCenti, resultOf } from './config'

// 项目评价: a confirmed transformation project registered the configured
// number of years ago (2) or more is due for evaluation. An officer who
// oversees its county opens it; the enterprise that applies the achievement
// submits its self-assessment; the officer assigns experts (user accounts, by
// e-mail; not the enterprise's own people); each expert scores the configured
// indicators 0–100; the officer closes it once every expert has scored: the
// mean of the experts' weighted scores gives the result by the configured
// thresholds, and the report (PDF) carries a verification code. Authorised
// here, scoped to the officer's county in every query; each step one
// transaction, audited, the people concerned notified (kinds `evaluation_…`).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One transaction: the caller's when it is in one (the demo seed), else a new one. */
function inTransaction<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn)
}

/** A DATE column as YYYY-MM-DD: node-postgres reads it as local midnight, so its local calendar fields are the day. */
export const dayOf = (v: Date | string) =>
  v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10)

function officerSees(p: Principal, divisionCode: string) {
  const scope = officerScope(p)
  const gov = p.memberships.some((m) => m.orgType === 'government' && m.orgStatus === 'verified')
  return gov && (scope === 'all' || scope.includes(divisionCode))
}

const enterpriseOrgIds = (p: Principal) => p.memberships.filter((m) => m.orgStatus === 'verified' && m.orgType === 'enterprise').map((m) => m.orgId)

/** /evaluations: due projects not yet evaluated, evaluations in progress and done, within the viewer's scope. */
export async function evaluationList(db: Executor, viewer: Principal, now = new Date()) {
  const scope = officerScope(viewer)
  const isOfficer = viewer.memberships.some((m) => m.orgType === 'government' && m.orgStatus === 'verified')
  const rows = await evaluationRows(db, dueRegisteredBy(now), {
    divisions: isOfficer ? scope : viewer.isPlatformAdmin ? 'all' : undefined,
    enterpriseOrgIds: enterpriseOrgIds(viewer),
    expertUserId: viewer.userId,
  })
  const view = rows.map((r) => ({
    projectId: r.project_id as string,
    title: r.title,
    enterprise: r.enterprise_name,
    institution: r.institution_name,
    divisionCode: r.division_code as string,
    division: { zh: r.division_zh ?? r.division_code, en: r.division_en ?? r.division_code },
    registeredOn: dayOf(r.registered_on),
    number: r.registration_number,
    evaluationId: r.evaluation_id,
    status: r.status ?? ('due' as const),
    result: r.result,
    score: r.score_centi === null ? null : r.score_centi / 100,
    mayOpen: !r.evaluation_id && officerSees(viewer, r.division_code as string),
  }))
  return {
    due: view.filter((r) => !r.evaluationId),
    inProgress: view.filter((r) => r.evaluationId && r.status !== 'closed'),
    done: view.filter((r) => r.status === 'closed'),
    dueAfterYears: evaluationConfigOn(now).dueAfterYears,
  }
}

type Role = 'officer' | 'enterprise' | 'expert' | 'admin'

async function accessOf(db: Executor, viewer: Principal, ev: EvaluationRow | undefined) {
  if (!ev) throw notFound()
  const project = (await findProject(db, ev.project_id))!
  const roles = new Set<Role>()
  if (officerSees(viewer, ev.division_code)) roles.add('officer')
  if (project.enterprise_org_id && verifiedMemberOf(viewer, project.enterprise_org_id)) roles.add('enterprise')
  const experts = await expertsOf(db, ev.id)
  if (experts.some((x) => x.user_id === viewer.userId)) roles.add('expert')
  if (viewer.isPlatformAdmin) roles.add('admin')
  if (!roles.size) throw notFound()
  return { ev, project, roles, experts }
}

async function locked(trx: Executor, viewer: Principal, id: string) {
  if (!UUID.test(id)) throw notFound()
  return accessOf(trx, viewer, await lockEvaluation(trx, id))
}

/** The page of one evaluation, role-aware. */
export async function evaluationPage(db: Executor, viewer: Principal, id: string) {
  if (!UUID.test(id)) throw notFound()
  const a = await accessOf(db, viewer, await findEvaluation(db, id))
  const cfg = evaluationConfigFrom(a.ev.config_from)
  const mine = a.experts.find((x) => x.user_id === viewer.userId)
  const officer = a.roles.has('officer')
  const enterprise = a.roles.has('enterprise')
  const closed = a.ev.status === 'closed'
  // Experts see only their own scores until the evaluation is closed; officers see all.
  const experts = a.experts.map((x) => ({
    userId: x.user_id,
    name: x.name,
    email: officer ? x.email : '',
    scored: !!x.scored_at,
    scores: officer || closed || x.user_id === viewer.userId ? x.scores : null,
    comment: officer || closed || x.user_id === viewer.userId ? x.comment : '',
  }))
  return {
    ev: {
      id: a.ev.id,
      status: a.ev.status,
      result: a.ev.result,
      score: a.ev.score_centi === null ? null : a.ev.score_centi / 100,
      openedAt: a.ev.opened_at.toISOString(),
      closedAt: a.ev.closed_at?.toISOString() ?? null,
      selfAssessment: a.ev.sa_submitted_at
        ? {
            applied: a.ev.sa_applied ?? '',
            investmentFen: Number(a.ev.sa_investment_fen ?? 0),
            outputFen: Number(a.ev.sa_output_fen ?? 0),
            jobs: a.ev.sa_jobs ?? 0,
            problems: a.ev.sa_problems ?? '',
            submittedAt: a.ev.sa_submitted_at.toISOString(),
          }
        : null,
    },
    project: {
      id: a.project.id,
      title: a.project.title,
      enterprise: a.project.enterprise_name,
      institution: a.project.institution_name,
      number: a.project.registration_number,
      registeredOn: dayOf(a.project.registered_on),
      divisionCode: a.project.division_code,
      technologyAmountFen: Number(a.project.technology_amount_fen),
      projectedInvestmentFen: a.project.projected_investment_fen === null ? null : Number(a.project.projected_investment_fen),
      projectedOutputFen: a.project.projected_output_fen === null ? null : Number(a.project.projected_output_fen),
    },
    indicators: cfg.indicators,
    thresholds: cfg.thresholds,
    experts,
    myScores: mine ? { scores: mine.scores, comment: mine.comment } : null,
    actions: {
      selfAssess: enterprise && !closed,
      assign: officer && !closed,
      score: !!mine && a.ev.status === 'self_assessed',
      close: officer && a.ev.status === 'self_assessed' && a.experts.length > 0 && a.experts.every((x) => x.scored_at),
      report: closed,
    },
    roles: [...a.roles],
  }
}

/** An officer overseeing the project's county opens the evaluation of a due, confirmed project. */
export async function openEvaluation(db: Executor, actor: Principal, projectId: string, meta: RequestMeta, now = new Date()) {
  if (!UUID.test(projectId)) throw notFound()
  return inTransaction(db, async (trx) => {
    const p = await findProject(trx, projectId)
    if (!p || !officerSees(actor, p.division_code)) throw notFound()
    if (p.status !== 'confirmed') throw conflict('evaluation.errors.notConfirmed')
    if (dayOf(p.registered_on) > dueRegisteredBy(now)) throw conflict('evaluation.errors.notDue')
    if (await evaluationOfProject(trx, p.id)) throw conflict('evaluation.errors.alreadyOpen')
    const ev = await insertEvaluation(trx, {
      project_id: p.id,
      division_code: p.division_code,
      config_from: evaluationConfigOn(now).from,
      opened_by: actor.userId,
      opened_at: now,
    })
    if (!ev) throw conflict('evaluation.errors.alreadyOpen')
    await audit(
      trx,
      meta,
      actor.userId,
      'evaluation.opened',
      { type: 'evaluation', id: ev.id, orgId: p.enterprise_org_id },
      { projectId: p.id, title: p.title }
    )
    await notify(trx, await orgMemberIds(trx, p.enterprise_org_id), { kind: 'evaluation_opened', params: { title: p.title }, link: `/evaluations/${ev.id}` })
    return ev
  })
}

export interface SelfAssessment {
  applied: string
  investmentFen: number
  outputFen: number
  jobs: number
  problems: string
}

/** The enterprise submits (or, before experts score, revises) its self-assessment. */
export async function submitSelfAssessment(db: Executor, actor: Principal, id: string, input: SelfAssessment, meta: RequestMeta, now = new Date()) {
  return inTransaction(db, async (trx) => {
    const a = await locked(trx, actor, id)
    if (!a.roles.has('enterprise')) throw forbidden('evaluation.errors.enterpriseOnly')
    if (a.ev.status === 'closed') throw conflict('evaluation.errors.closed')
    if (a.experts.some((x) => x.scored_at)) throw conflict('evaluation.errors.alreadyScored')
    const ev = await updateEvaluation(trx, a.ev.id, {
      status: 'self_assessed',
      sa_applied: input.applied,
      sa_investment_fen: input.investmentFen,
      sa_output_fen: input.outputFen,
      sa_jobs: input.jobs,
      sa_problems: input.problems,
      sa_submitted_by: actor.userId,
      sa_submitted_at: now,
    })
    await audit(
      trx,
      meta,
      actor.userId,
      'evaluation.self_assessed',
      { type: 'evaluation', id: ev.id, orgId: a.project.enterprise_org_id },
      { investmentFen: input.investmentFen, outputFen: input.outputFen, jobs: input.jobs }
    )
    const to = [...(await officerIdsFor(trx, a.ev.division_code, CITY_DIVISION)), ...a.experts.map((x) => x.user_id)].filter((u) => u !== actor.userId)
    await notify(trx, to, { kind: 'evaluation_self_assessed', params: { title: a.project.title }, link: `/evaluations/${ev.id}` })
    return ev
  })
}

/** The officer assigns an expert by the e-mail of an existing account (not a member of the enterprise). */
export async function assignExpert(db: Executor, actor: Principal, id: string, email: string, meta: RequestMeta) {
  return inTransaction(db, async (trx) => {
    const a = await locked(trx, actor, id)
    if (!a.roles.has('officer')) throw forbidden('evaluation.errors.officerOnly')
    if (a.ev.status === 'closed') throw conflict('evaluation.errors.closed')
    const user = await userByEmail(trx, email)
    if (!user) throw invalid({ email: ['evaluation.errors.noSuchUser'] })
    if ((await orgMemberIds(trx, a.project.enterprise_org_id)).includes(user.id)) throw invalid({ email: ['evaluation.errors.conflictOfInterest'] })
    if (!(await insertExpert(trx, { evaluation_id: a.ev.id, user_id: user.id, assigned_by: actor.userId })))
      throw invalid({ email: ['evaluation.errors.alreadyExpert'] })
    await audit(
      trx,
      meta,
      actor.userId,
      'evaluation.expert_assigned',
      { type: 'evaluation', id: a.ev.id, orgId: a.project.enterprise_org_id },
      { expertId: user.id }
    )
    await notify(trx, [user.id], { kind: 'evaluation_expert', params: { title: a.project.title }, link: `/evaluations/${a.ev.id}` })
    return user
  })
}

/** An assigned expert scores every indicator 0–100 after the self-assessment; they may revise until it closes. */
export async function scoreEvaluation(
  db: Executor,
  actor: Principal,
  id: string,
  input: { scores: Record<string, number>; comment: string },
  meta: RequestMeta,
  now = new Date()
) {
  return inTransaction(db, async (trx) => {
    const a = await locked(trx, actor, id)
    if (!a.roles.has('expert')) throw forbidden('evaluation.errors.expertOnly')
    if (a.ev.status === 'open') throw conflict('evaluation.errors.noSelfAssessment')
    if (a.ev.status === 'closed') throw conflict('evaluation.errors.closed')
    const cfg = evaluationConfigFrom(a.ev.config_from)
    const errors: Record<string, string[]> = {}
    const scores: Record<string, number> = {}
    for (const i of cfg.indicators) {
      const v = input.scores[i.key]
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) errors[`score_${i.key}`] = ['evaluation.errors.score']
      else scores[i.key] = v
    }
    if (Object.keys(errors).length) throw invalid(errors)
    await setExpertScores(trx, a.ev.id, actor.userId, scores, input.comment, now)
    await audit(trx, meta, actor.userId, 'evaluation.scored', { type: 'evaluation', id: a.ev.id, orgId: a.project.enterprise_org_id }, { scores })
    await notify(
      trx,
      (await officerIdsFor(trx, a.ev.division_code, CITY_DIVISION)).filter((u) => u !== actor.userId),
      { kind: 'evaluation_scored', params: { title: a.project.title }, link: `/evaluations/${a.ev.id}` }
    )
  })
}

/** The officer closes it: the experts' mean weighted score, the result by the thresholds, a verification code for the report. */
export async function closeEvaluation(db: Executor, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return inTransaction(db, async (trx) => {
    const a = await locked(trx, actor, id)
    if (!a.roles.has('officer')) throw forbidden('evaluation.errors.officerOnly')
    if (a.ev.status === 'closed') throw conflict('evaluation.errors.closed')
    if (a.ev.status === 'open') throw conflict('evaluation.errors.noSelfAssessment')
    if (!a.experts.length || a.experts.some((x) => !x.scored_at || !x.scores)) throw conflict('evaluation.errors.notAllScored')
    const cfg = evaluationConfigFrom(a.ev.config_from)
    const centi = evaluationScoreCenti(
      cfg,
      a.experts.map((x) => x.scores!)
    )
    const result = resultOf(cfg, centi / 100)
    const ev = await updateEvaluation(trx, a.ev.id, {
      status: 'closed',
      score_centi: centi,
      result,
      verification_code: newVerificationCode(),
      closed_by: actor.userId,
      closed_at: now,
    })
    await audit(
      trx,
      meta,
      actor.userId,
      'evaluation.closed',
      { type: 'evaluation', id: ev.id, orgId: a.project.enterprise_org_id },
      { score: centi / 100, result }
    )
    await notify(
      trx,
      [...(await orgMemberIds(trx, a.project.enterprise_org_id)), ...a.experts.map((x) => x.user_id)].filter((u) => u !== actor.userId),
      {
        kind: 'evaluation_closed',
        params: { title: a.project.title },
        link: `/evaluations/${ev.id}`,
      }
    )
    return ev
  })
}
