import type { Executor } from '../index'
import { insertExchangeJob, insertExchangeRows, insertImported, registrationsByNumber, setExchangeJobCounts } from '../repos/exchange-imports'

// Demo data of the data exchange: one finished import of the national
// registration system's export by the city officer, with a matched row (a
// demo registration, when the contracts seed made one), a created row (a
// contract registered elsewhere whose buyer is in 鹿寨县) and a bad row, so
// /exchange/import shows a report. Idempotent (one job by its file name) and
// works without the other seeds (the matched row is left out then).

const FILE = '全国技术合同登记导出-2026年上半年.csv'
const NUMBER = '2026450100000377'

export async function seedDemoExchange(trx: Executor) {
  const officer = await trx.selectFrom('users').select('id').where('email', '=', 'city@demo.kjdsc.cn').executeTakeFirst()
  if (!officer) return { exchangeJobs: 0 }
  if (await trx.selectFrom('exchange_import_jobs').select('id').where('filename', '=', FILE).executeTakeFirst()) return { exchangeJobs: 0 }
  const jobId = await insertExchangeJob(trx, { createdBy: officer.id, filename: FILE, fileSha256: 'demo-' + '0'.repeat(59), format: 'csv', status: 'done', failure: null })
  const someRegistration = await trx.selectFrom('registrations').select('number').where('status', '=', 'registered').where('number', 'is not', null).orderBy('registered_at').executeTakeFirst()
  const matched = someRegistration?.number ? (await registrationsByNumber(trx, [someRegistration.number]))[0] : undefined
  const existing = await trx.selectFrom('imported_registrations').select('id').where('number', '=', NUMBER).executeTakeFirst()
  const importedId =
    existing?.id ??
    (await insertImported(
      trx,
      {
        number: NUMBER,
        contract_name: '汽车轻量化铝合金压铸工艺技术转让',
        contract_type: 'transfer_know_how',
        seller_name: '广西大学',
        seller_credit_code: '',
        buyer_name: '鹿寨县恒达机械制造有限公司',
        buyer_credit_code: '',
        buyer_region: '广西壮族自治区柳州市鹿寨县',
        division_code: '450223',
        contract_amount_fen: 80_000_000,
        technology_amount_fen: 72_500_000,
        registered_on: '2026-05-09',
      },
      jobId,
    ))
  const rows = [
    ...(matched ? [{ rowNumber: 3, outcome: 'matched' as const, registrationNumber: matched.number!, registrationId: matched.id, differences: [] }] : []),
    { rowNumber: 4, outcome: 'created' as const, registrationNumber: NUMBER, importedId },
    { rowNumber: 5, outcome: 'error' as const, registrationNumber: '', problems: [{ column: 'registeredOn', message: 'exchange.problem.date' }, { column: 'technologyAmount', message: 'exchange.problem.technologyAboveContract' }] },
  ]
  await insertExchangeRows(trx, jobId, rows)
  await setExchangeJobCounts(trx, jobId, { total_rows: rows.length, matched_rows: matched ? 1 : 0, differing_rows: 0, created_rows: 1, updated_rows: 0, unchanged_rows: 0, error_rows: 1 })
  return { exchangeJobs: 1 }
}
