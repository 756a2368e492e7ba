// npm run bench:registration — 10,000 registered contracts: how long registering them through the
// registration service takes (number from the registrar's serial under its row lock, verification code,
// audit, history, notifications, the subsidy claims hook) and then generating every 登记证明 PDF
// (each rendered, counted and dropped: nothing kept in memory). Prints totals, per-item times,
// throughput and memory samples (rss / heapUsed at the start, every 1,000 and the end), on a scratch
// PostgreSQL. N=<count> for a smaller run. Target: under 60 s for 10,000, memory flat.
import { migrateToLatest } from '../db/migrate'
import { insertSignedContractsBulk, insertSubmittedRegistrationsBulk } from '../db/repos/registrations-bulk'
import { contractBetween } from '../db/seed/contracts'
import { seedReference } from '../db/seed/reference'
import { certificateDataOf, certificatePdf } from '../server/registrations/certificate'
import { registrationDeadline } from '../server/registrations/deadline'
import { registerContract } from '../server/registrations/service'
import { createMember, testMeta } from '../tests/helpers/factories'
import { scratchDatabase } from './scratch-db'

const N = Number(process.env.N ?? 10_000)
const CONCURRENCY = 4
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`
const mem = (label: string) => {
  const m = process.memoryUsage()
  console.log(`  memory ${label.padEnd(14)} rss ${mb(m.rss).padStart(7)}  heapUsed ${mb(m.heapUsed).padStart(7)}`)
}

async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i]!, i)
      }
    }),
  )
}

async function main() {
  const scratch = await scratchDatabase('registration')
  const { db } = scratch
  try {
    await migrateToLatest(db)
    await seedReference(db)
    const seller = await createMember(db, { type: 'university', divisionCode: '450204' })
    const buyer = await createMember(db, { type: 'enterprise', divisionCode: '450204' })
    const registrar = await createMember(db, { type: 'registrar', divisionCode: '450204' })
    const orgRow = (id: string) => db.selectFrom('organisations').select(['id', 'name', 'credit_code', 'division_code']).where('id', '=', id).executeTakeFirstOrThrow()
    const [sellerOrg, buyerOrg] = await Promise.all([orgRow(seller.org.id), orgRow(buyer.org.id)])
    const party = (o: typeof sellerOrg) => ({ ...o, org_id: o.id })
    const first = await contractBetween(db, { seller: party(sellerOrg), buyer: party(buyerOrg), userId: seller.user.id, buyerUserId: buyer.user.id, title: '基准测试合同', type: 'transfer_patent', contractAmountFen: 100_000_000, technologyAmountFen: 80_000_000, status: 'signed' })
    const scan = await db.selectFrom('contracts').select('signed_scan_id').where('id', '=', first.contractId).executeTakeFirstOrThrow()

    let t = performance.now()
    const ids: string[] = []
    for (let done = 0; done < N; done += 2_000) {
      ids.push(
        ...(await insertSignedContractsBulk(db, {
          count: Math.min(2_000, N - done),
          seller: party(sellerOrg),
          buyer: party(buyerOrg),
          scanId: scan.signed_scan_id!,
          userId: seller.user.id,
          title: '一体化压铸工艺技术转让合同',
          contractAmountFen: 100_000_000,
          technologyAmountFen: 80_000_000,
        })),
      )
    }
    const { days, deadlineAt } = registrationDeadline(new Date(), 80_000_000, false)
    const regIds = await insertSubmittedRegistrationsBulk(db, { contractIds: ids, registrarOrgId: registrar.org.id, userId: seller.user.id, deadlineAt, days })
    console.log(`setup: ${N} signed contracts submitted in bulk in ${((performance.now() - t) / 1000).toFixed(1)} s`)

    console.log(`\nregistering ${N} through the service (${CONCURRENCY} at a time)`)
    mem('start')
    t = performance.now()
    await pool(regIds, CONCURRENCY, async (id, i) => {
      await registerContract(db, registrar.principal, id, testMeta)
      if ((i + 1) % 1_000 === 0) mem(`${i + 1}`)
    })
    const regMs = performance.now() - t
    mem('end')
    const serials = await db.selectFrom('registrations').select((eb) => [eb.fn.count<string>('serial').as('n'), eb.fn.max('serial').as('max')]).executeTakeFirstOrThrow()
    console.log(`  registered ${serials.n}, highest serial ${serials.max}`)

    console.log(`\ngenerating ${N} certificates (PDF, rendered and dropped)`)
    mem('start')
    t = performance.now()
    let bytes = 0
    for (let i = 0; i < regIds.length; i++) {
      const pdf = await certificatePdf(db, await certificateDataOf(db, regIds[i]!), { origin: 'https://kjdsc.example.cn' })
      bytes += pdf.length
      if ((i + 1) % 1_000 === 0) mem(`${i + 1}`)
    }
    const pdfMs = performance.now() - t
    mem('end')

    console.log('\nresults')
    console.log(`  register:     ${(regMs / 1000).toFixed(1)} s total, ${(regMs / N).toFixed(2)} ms each, ${((N / regMs) * 1000).toFixed(0)} /s`)
    console.log(`  certificates: ${(pdfMs / 1000).toFixed(1)} s total, ${(pdfMs / N).toFixed(2)} ms each, ${((N / pdfMs) * 1000).toFixed(0)} /s, ${(bytes / N / 1024).toFixed(0)} KB each`)
    console.log(`  together:     ${((regMs + pdfMs) / 1000).toFixed(1)} s (target < 60 s for 10,000)`)
  } finally {
    await scratch.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
