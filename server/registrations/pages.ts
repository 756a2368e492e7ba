import type { Executor } from '../../db/index'
import { contractPartiesOf, findRegistrationView, listRegistrations, registrationByNumber, registrationEvents } from '../../db/repos/registrations'
import type { RegistrationStatus } from '../../db/schema'
import { CONTRACT_TYPE_CODES } from '../contracts/types'
import type { Principal } from '../identity/principal'
import { shanghaiDate } from '../platform/intl'
import { registrationConfigOn } from './config'
import { registrationDaysLeft } from './deadline'
import { registrationAccess } from './service'

// What the registration pages and the public API show: the queue (registrar)
// or the submissions (parties) by deadline with working days left, one
// registration's facts, history and the actions the viewer may take.

export { isRegistrationStatus, REGISTRATION_STATUSES } from './config'

const OPEN: RegistrationStatus[] = ['submitted', 'returned']

export async function registrationList(db: Executor, viewer: Principal, status: RegistrationStatus | null, now = new Date()) {
  const verified = viewer.memberships.filter((m) => m.orgStatus === 'verified')
  const registrarOrgIds = verified.filter((m) => m.orgType === 'registrar').map((m) => m.orgId)
  const partyOrgIds = verified.filter((m) => m.orgType !== 'registrar').map((m) => m.orgId)
  const rows = await listRegistrations(db, { registrarOrgIds, partyOrgIds, status })
  return {
    isRegistrar: registrarOrgIds.length > 0,
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      registrar: r.registrar_name,
      number: r.number,
      deadlineAt: r.deadline_at.toISOString(),
      open: OPEN.includes(r.status),
      daysLeft: OPEN.includes(r.status) ? registrationDaysLeft(now, r.deadline_at) : null,
      overdue: r.status === 'submitted' && r.deadline_at <= now,
    })),
  }
}

export async function registrationPage(db: Executor, viewer: Principal, id: string, now = new Date()) {
  const access = await registrationAccess(db, viewer, id)
  const [view, events, parties] = await Promise.all([findRegistrationView(db, id), registrationEvents(db, id), contractPartiesOf(db, access.reg.contract_id)])
  const r = view!
  const s = r.status
  const registrar = access.role === 'registrar'
  return {
    role: access.role,
    reg: {
      id: r.id,
      title: r.title,
      dealId: r.deal_id,
      status: s,
      contractType: r.contract_type,
      originalType: r.original_type,
      contractAmountFen: Number(r.contract_amount_fen),
      technologyAmountFen: Number(r.technology_amount_fen),
      submittedAt: r.submitted_at.toISOString(),
      deadlineAt: r.deadline_at.toISOString(),
      deadlineDays: r.deadline_working_days,
      daysLeft: OPEN.includes(s) ? registrationDaysLeft(now, r.deadline_at) : null,
      overdue: s === 'submitted' && r.deadline_at <= now,
      expertReview: r.expert_review,
      number: r.number,
      registeredAt: r.registered_at ? shanghaiDate(r.registered_at) : null,
      registrar: r.registrar_name,
      refusalGrounds: r.refusal_grounds,
      refusalNote: r.refusal_note,
      changed: r.changed,
    },
    parties: parties.map((p) => ({ side: p.side, name: p.name, creditCode: p.credit_code })),
    events: events.map((e) => ({ id: String(e.id), kind: e.kind, params: e.params as Record<string, unknown>, note: e.note, at: e.at.toISOString(), actor: e.actor_name })),
    actions: {
      correction: registrar && s === 'submitted',
      expert: registrar && OPEN.includes(s) && !r.expert_review,
      reclassify: registrar && OPEN.includes(s),
      amount: registrar && OPEN.includes(s),
      register: registrar && s === 'submitted',
      refuse: registrar && OPEN.includes(s),
      change: registrar && s === 'registered',
      terminate: registrar && s === 'registered',
      resubmit: access.role === 'seller' && s === 'returned',
      certificate: s === 'registered' || s === 'terminated',
    },
    types: CONTRACT_TYPE_CODES,
    grounds: registrationConfigOn(now).refusalGrounds,
  }
}

/** GET /api/v1/registrations/{number}: the public facts of a registration, or null. */
export async function publicRegistration(db: Executor, number: string) {
  if (!/^[0-9A-Za-z-]{1,40}$/.test(number)) return null
  const r = await registrationByNumber(db, number)
  if (!r || !r.number || !r.registered_at) return null
  const parties = await contractPartiesOf(db, r.contract_id)
  return {
    number: r.number,
    status: r.status as 'registered' | 'terminated',
    terminated: r.status === 'terminated',
    terminatedAt: r.terminated_at?.toISOString() ?? null,
    changed: r.changed,
    contractType: r.contract_type,
    contractAmountFen: Number(r.contract_amount_fen),
    technologyAmountFen: Number(r.technology_amount_fen),
    registrar: r.registrar_name,
    registeredOn: shanghaiDate(r.registered_at),
    parties: parties.map((p) => ({ side: p.side, name: p.name })),
  }
}
