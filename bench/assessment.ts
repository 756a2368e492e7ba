// npm run bench:assessment — computeAssessment over ten years of generated history: 100,000
// registered contracts spread over the 11 assessed divisions (buyers in each), 2,000 confirmed
// transformation projects, 500 trainings and a manual value per county and year, on a scratch
// PostgreSQL. Prints p50/p95/max of computing a whole period (every county's figures, scores,
// rank and trend) for the current year and a past one. N=<contracts> for a smaller run.
import { sql } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import { insertManualValue } from '../db/repos/assessment'
import { insertSignedContractsBulk, insertSubmittedRegistrationsBulk } from '../db/repos/registrations-bulk'
import { contractBetween } from '../db/seed/contracts'
import { DIVISIONS } from '../db/seed/divisions'
import { seedReference } from '../db/seed/reference'
import { computeAssessment } from '../server/assessment/compute'
import { createMember } from '../tests/helpers/factories'
import { scratchDatabase } from './scratch-db'

const N = Number(process.env.N ?? 100_000)
const RUNS = 30

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1)
  return `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${s[s.length - 1]!.toFixed(1)} ms`
}

async function main() {
  const scratch = await scratchDatabase('assessment')
  const { db } = scratch
  try {
    await migrateToLatest(db)
    await seedReference(db)
    const t0 = performance.now()
    const counties = DIVISIONS.filter((d) => d.parent_code).map((d) => d.code)
    const seller = await createMember(db, { type: 'university', divisionCode: '450205' })
    const registrar = await createMember(db, { type: 'registrar', divisionCode: '450202' })
    const orgRow = (id: string) => db.selectFrom('organisations').select(['id', 'name', 'credit_code', 'division_code']).where('id', '=', id).executeTakeFirstOrThrow()
    const party = (o: Awaited<ReturnType<typeof orgRow>>) => ({ ...o, org_id: o.id })
    const sellerOrg = await orgRow(seller.org.id)
    const per = Math.ceil(N / counties.length)
    const ids: string[] = []
    for (const code of counties) {
      const buyer = await createMember(db, { type: 'enterprise', divisionCode: code })
      const buyerOrg = await orgRow(buyer.org.id)
      const first = await contractBetween(db, { seller: party(sellerOrg), buyer: party(buyerOrg), userId: seller.user.id, buyerUserId: buyer.user.id, title: '基准合同', type: 'transfer_patent', contractAmountFen: 100_000_000, technologyAmountFen: 80_000_000, status: 'signed' })
      const scan = await db.selectFrom('contracts').select('signed_scan_id').where('id', '=', first.contractId).executeTakeFirstOrThrow()
      for (let done = 0; done < per; done += 5_000) {
        ids.push(
          ...(await insertSignedContractsBulk(db, {
            count: Math.min(5_000, per - done),
            seller: party(sellerOrg),
            buyer: party(buyerOrg),
            scanId: scan.signed_scan_id!,
            userId: seller.user.id,
            title: '技术转让合同',
            contractAmountFen: 100_000_000,
            technologyAmountFen: 80_000_000,
          })),
        )
      }
    }
    const regIds = await insertSubmittedRegistrationsBulk(db, { contractIds: ids, registrarOrgId: registrar.org.id, userId: seller.user.id, deadlineAt: new Date(), days: 15 })
    // Registered on a random day of the last ten years, numbered like the registrar would.
    await sql`
      with n as (select id, row_number() over () as k, now() - random() * interval '3650 days' as at from registrations where id = any(${regIds}::uuid[]))
      update registrations r set status = 'registered', registered_at = n.at, decided_at = n.at, year = 2000 + (n.k % 50)::int, serial = n.k::int,
        number = lpad(n.k::text, 16, '0'), registered_by = ${registrar.user.id}::uuid, decided_by = ${registrar.user.id}::uuid
      from n where r.id = n.id`.execute(db)
    await sql`
      insert into transformation_projects (source, registration_id, contract_id, title, division_code, enterprise_name, registered_on, status)
      select 'registration', r.id, r.contract_id, '转化项目', p.division_code, p.name, (r.registered_at at time zone 'Asia/Shanghai')::date, 'confirmed'
      from registrations r join contract_parties p on p.contract_id = r.contract_id and p.side = 'buyer'
      where r.id = any(${regIds}::uuid[]) and r.serial % 50 = 0`.execute(db)
    await sql`
      insert into training_events (kind, title, division_code, starts_at, ends_at, checkin_token)
      select 'policy', '科技大讲堂', ${counties}::text[][1 + g % ${counties.length}::int], now() - g * interval '7 days', now() - g * interval '7 days' + interval '2 hours', 'bench-' || g
      from generate_series(1, 500) g`.execute(db)
    const year = new Date().getFullYear()
    for (let y = year - 9; y <= year; y++) {
      for (const code of counties) {
        await insertManualValue(db, { periodKey: String(y), divisionCode: code, indicatorKey: 'innovation', value: 50 + ((y + code.length) % 50), note: '基准', filename: 'a.pdf', mime: 'application/pdf', sizeBytes: 1, sha256: '0'.repeat(64), storageKey: 'bench/a.pdf', enteredBy: seller.user.id })
      }
    }
    await sql`analyze`.execute(db)
    const { n } = await db.selectFrom('registrations').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'registered').executeTakeFirstOrThrow()
    console.log(`setup: ${n} registered contracts over ten years in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    for (const period of [String(year), String(year - 3)]) {
      await computeAssessment(db, { periodKey: period }) // warm
      const ms: number[] = []
      let result: Awaited<ReturnType<typeof computeAssessment>> | null = null
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now()
        result = await computeAssessment(db, { periodKey: period })
        ms.push(performance.now() - t)
      }
      const top = result!.counties[0]!
      console.log(`computeAssessment ${period}: ${stats(ms)}  (${result!.counties.length} counties; top ${top.code} ${top.total}, ${top.values.contract_count} contracts)`)
    }
  } finally {
    await scratch.close()
  }
}

await main()
