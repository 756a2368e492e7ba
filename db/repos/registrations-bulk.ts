import { sql } from 'kysely'
import type { Executor } from '../index'

// Many signed contracts at once, for the registration bench and the
// concurrency test: one deal each (a contract belongs to one deal), the same
// two parties, the same signed scan. Inserted as confirmed with their parties,
// then signed (the trigger freezes a signed contract's children).

export interface BulkParty {
  org_id: string
  name: string
  credit_code: string
  division_code: string
}

export async function insertSignedContractsBulk(
  db: Executor,
  o: { count: number; seller: BulkParty; buyer: BulkParty; scanId: string; userId: string; title: string; contractAmountFen: number; technologyAmountFen: number; contractType?: string },
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with d as (
      insert into deals (title, stage, source_kind, created_by)
      select ${o.title} || ' #' || g, 'contract', 'manager', ${o.userId}::uuid from generate_series(1, ${o.count}::int) g
      returning id, title
    )
    insert into contracts (deal_id, status, title, contract_type, subject, contract_amount_fen, technology_amount_fen, confirmed_at, created_by)
    select d.id, 'confirmed', d.title, ${o.contractType ?? 'transfer_patent'}, '技术转让', ${o.contractAmountFen}::bigint, ${o.technologyAmountFen}::bigint, now(), ${o.userId}::uuid from d
    returning id`.execute(db)
  const ids = rows.map((r) => r.id)
  for (const [p, side] of [
    [o.seller, 'seller'],
    [o.buyer, 'buyer'],
  ] as const) {
    await sql`
      insert into contract_parties (contract_id, org_id, side, name, credit_code, division_code, confirmed_revision, confirmed_by, confirmed_at)
      select c, ${p.org_id}::uuid, ${side}, ${p.name}, ${p.credit_code}, ${p.division_code}, 1, ${o.userId}::uuid, now() from unnest(${ids}::uuid[]) c`.execute(db)
  }
  await sql`update contracts set status = 'signed', signed_at = now(), signed_by = ${o.userId}::uuid, signed_scan_id = ${o.scanId}::uuid where id = any(${ids}::uuid[])`.execute(db)
  return ids
}

/** Submitted registrations for many contracts at once (the bench: submission is not what it measures). */
export async function insertSubmittedRegistrationsBulk(db: Executor, o: { contractIds: string[]; registrarOrgId: string; userId: string; deadlineAt: Date; days: number }) {
  const { rows } = await sql<{ id: string }>`
    insert into registrations (contract_id, registrar_org_id, status, submitted_by, deadline_working_days, deadline_at, contract_type, contract_amount_fen, technology_amount_fen)
    select c.id, ${o.registrarOrgId}::uuid, 'submitted', ${o.userId}::uuid, ${o.days}::int, ${o.deadlineAt}, c.contract_type, c.contract_amount_fen, c.technology_amount_fen
    from contracts c where c.id = any(${o.contractIds}::uuid[])
    returning id`.execute(db)
  return rows.map((r) => r.id)
}
