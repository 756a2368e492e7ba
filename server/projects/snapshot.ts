import type { registrationFacts } from '../../db/repos/projects'
import { shanghaiDate } from '../platform/intl'

type Facts = NonNullable<Awaited<ReturnType<typeof registrationFacts>>>

/**
 * What a project copies from its registered contract, whoever creates it (the
 * registering hook or an officer adding it by number): the county of the
 * buying enterprise, the seller as institution, and the registered figures.
 */
export function projectSnapshot(r: Facts, registeredAt: Date, buyer: NonNullable<Facts['buyer']>) {
  return {
    registration_id: r.registration_id,
    contract_id: r.contract_id,
    registration_number: r.number,
    title: r.title.slice(0, 200),
    division_code: buyer.division_code,
    industry_code: r.industry_code,
    enterprise_org_id: buyer.org_id,
    enterprise_name: buyer.name,
    institution_org_id: r.seller?.org_id ?? null,
    institution_name: r.seller?.name ?? '',
    contract_type: r.contract_type,
    contract_amount_fen: Number(r.contract_amount_fen),
    technology_amount_fen: Number(r.technology_amount_fen),
    projected_investment_fen: r.projected_investment_fen,
    projected_output_fen: r.projected_output_fen,
    registered_on: shanghaiDate(registeredAt),
  }
}
