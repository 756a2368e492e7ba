import type { Database } from '../../db/index'
import type { ProjectStatus } from '../../db/schema'
import { registeredContract } from './subsidies'

/**
 * A transformation project (转化项目) on a registered contract, written the way
 * the projects service writes one (a snapshot of the contract's figures, the
 * county of the buying enterprise unless `divisionCode` says otherwise).
 * Confirmed by default so it counts against the targets.
 */
export async function transformationProject(
  db: Database,
  o: { divisionCode?: string; status?: ProjectStatus; registeredOn?: string; industryCode?: string; title?: string; projectedOutputFen?: number } = {},
) {
  const registeredAt = o.registeredOn ? new Date(`${o.registeredOn}T04:00:00Z`) : new Date()
  const c = await registeredContract(db, { registeredAt, title: o.title })
  const contract = await db.selectFrom('contracts').selectAll().where('id', '=', c.contractId).executeTakeFirstOrThrow()
  const buyer = await db.selectFrom('organisations').select(['id', 'name', 'division_code']).where('id', '=', c.buyerOrgId).executeTakeFirstOrThrow()
  const seller = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', c.sellerOrgId).executeTakeFirstOrThrow()
  const registration = await db.selectFrom('registrations').select(['number']).where('id', '=', c.registrationId).executeTakeFirstOrThrow()
  const status = o.status ?? 'confirmed'
  const project = await db
    .insertInto('transformation_projects')
    .values({
      source: 'registration',
      registration_id: c.registrationId,
      contract_id: c.contractId,
      registration_number: registration.number,
      title: contract.title,
      division_code: o.divisionCode ?? buyer.division_code,
      industry_code: o.industryCode ?? 'auto.parts',
      enterprise_org_id: buyer.id,
      enterprise_name: buyer.name,
      institution_org_id: seller.id,
      institution_name: seller.name,
      contract_type: contract.contract_type,
      contract_amount_fen: contract.contract_amount_fen,
      technology_amount_fen: contract.technology_amount_fen,
      projected_investment_fen: contract.projected_investment_fen,
      projected_output_fen: o.projectedOutputFen ?? contract.projected_output_fen ?? 500_000_000,
      registered_on: (o.registeredOn ?? registeredAt.toISOString().slice(0, 10)),
      status,
      standard_met: ['amount', 'industry'],
      status_reason: status === 'excluded' ? '不符合重大成果标准' : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { ...c, project }
}
