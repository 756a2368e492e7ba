import type { Transaction } from 'kysely'
import { insertProject, projectOfRegistration, registrationFacts, updateProject } from '../../db/repos/projects'
import type { DB } from '../../db/schema'
import { standardMet, targetPlanOn } from '../government/targets'
import type { RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { projectSnapshot } from './snapshot'

// A registered contract that meets the city's standard (server/government/
// targets.ts: the technology amount and a priority industry) becomes a
// transformation project (转化项目, ADR 037), proposed for an officer to
// confirm. It belongs to the county of the enterprise that applies the
// achievement (the buyer party's division as the contract recorded it) and
// keeps a snapshot of the registered figures. The registration service calls
// these inside its own transaction, next to the subsidy hooks, so a project
// never exists without its registration; 注销 excludes the project.

export async function projectsOnRegistered(trx: Transaction<DB>, registrationId: string, actorId: string, meta: RequestMeta): Promise<void> {
  const r = await registrationFacts(trx, { id: registrationId })
  if (!r || r.status !== 'registered' || !r.registered_at || !r.buyer) return
  if (await projectOfRegistration(trx, registrationId)) return
  const { met, qualifies } = standardMet(targetPlanOn(r.registered_at).standard, { technologyAmountFen: Number(r.technology_amount_fen), industryCode: r.industry_code })
  if (!qualifies) return
  const project = await insertProject(trx, {
    source: 'registration',
    ...projectSnapshot(r, r.registered_at, r.buyer),
    status: 'proposed',
    standard_met: met,
    created_by: actorId,
  })
  await audit(trx, meta, actorId, 'project.propose', { type: 'transformation_project', id: project.id, orgId: r.buyer.org_id }, { registration: r.number, standard: met })
}

export async function projectsOnTerminated(trx: Transaction<DB>, registrationId: string, actorId: string, reason: string, meta: RequestMeta): Promise<void> {
  const project = await projectOfRegistration(trx, registrationId)
  if (!project || project.status === 'excluded') return
  const statusReason = `注销登记：${reason}`.slice(0, 1000)
  await updateProject(trx, project.id, { status: 'excluded', status_reason: statusReason, decided_by: actorId, decided_at: new Date() })
  await audit(trx, meta, actorId, 'project.exclude', { type: 'transformation_project', id: project.id, orgId: project.enterprise_org_id }, { reason: statusReason, cause: 'registration_terminated' })
}
