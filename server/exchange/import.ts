import { createHash } from 'node:crypto'
import type { Database } from '../../db/index'
import { divisionNames } from '../../db/repos/exchange-datasets'
import {
  earlierImportsOf,
  findExchangeJob,
  findImported,
  importedByNumber,
  importProjectFor,
  insertExchangeJob,
  insertExchangeRows,
  insertImported,
  insertImportProject,
  listExchangeJobs,
  listExchangeRows,
  registrationsByNumber,
  setExchangeJobCounts,
  updateImported,
  type ExchangeRowInsert,
  type ImportedValues,
} from '../../db/repos/exchange-imports'
import type { Principal, RequestMeta } from '../identity/principal'
import { standardMet, targetPlanOn } from '../government/targets'
import { audit } from '../platform/audit'
import { conflict, invalid, notFound } from '../platform/errors'
import { cleanFilename } from '../platform/files/sniff'
import { fenToWan } from '../platform/money'
import type { ImportLimits } from '../listings/import/parse'
import { requireCityOfficer } from './access'
import { parseNationalFile } from './import-file'
import { validateNationalRow, type NationalRecord } from './national-rows'

// Import of the national technology-contract registration system's export
// (全国技术合同网上登记系统). City officers upload the file; every row is checked
// and reported by its row number:
// - a number the platform registered itself is 'matched' (nothing written),
//   with the figures that differ listed (amounts, type, date, credit codes);
// - a number seen in an earlier import is 'unchanged', or 'updated' when the
//   file now says something else;
// - any other good row is 'created' as an imported registration;
// - a bad row is an 'error' with its problems; the good rows are kept.
// Importing the same file again therefore creates and changes nothing.
// The file is small (8 MB, IMPORT_MAX_ROWS rows) and the work is a few bulk
// look-ups, so it runs in the upload request, in one transaction.
// Transformation projects are never made automatically from imported rows:
// the export has no industry, so the standard (amount AND industry) cannot
// be met without a city officer flagging the row with a reason
// (proposeImportedProject), which proposes a project (status 'proposed').

export async function exchangeImportDesk(db: Database, p: Principal) {
  requireCityOfficer(p)
  return { jobs: await listExchangeJobs(db, 50) }
}

function compare(rec: NationalRecord, reg: { contract_type: string; contract_amount_fen: number; technology_amount_fen: number; registered_on: string; seller_credit_code: string; buyer_credit_code: string }) {
  const d: { field: string; platform: string; file: string }[] = []
  if (reg.contract_amount_fen !== rec.contractAmountFen) d.push({ field: 'contractAmount', platform: fenToWan(reg.contract_amount_fen), file: fenToWan(rec.contractAmountFen) })
  if (reg.technology_amount_fen !== rec.technologyAmountFen) d.push({ field: 'technologyAmount', platform: fenToWan(reg.technology_amount_fen), file: fenToWan(rec.technologyAmountFen) })
  if (reg.contract_type !== rec.contractType) d.push({ field: 'contractType', platform: reg.contract_type, file: rec.contractType })
  if (reg.registered_on !== rec.registeredOn) d.push({ field: 'registeredOn', platform: reg.registered_on, file: rec.registeredOn })
  if (rec.sellerCreditCode && reg.seller_credit_code !== rec.sellerCreditCode) d.push({ field: 'sellerCreditCode', platform: reg.seller_credit_code, file: rec.sellerCreditCode })
  if (rec.buyerCreditCode && reg.buyer_credit_code !== rec.buyerCreditCode) d.push({ field: 'buyerCreditCode', platform: reg.buyer_credit_code, file: rec.buyerCreditCode })
  return d
}

const valuesOf = (r: NationalRecord): ImportedValues => ({
  number: r.number,
  contract_name: r.contractName,
  contract_type: r.contractType,
  seller_name: r.sellerName,
  seller_credit_code: r.sellerCreditCode,
  buyer_name: r.buyerName,
  buyer_credit_code: r.buyerCreditCode,
  buyer_region: r.buyerRegion,
  division_code: r.divisionCode,
  contract_amount_fen: r.contractAmountFen,
  technology_amount_fen: r.technologyAmountFen,
  registered_on: r.registeredOn,
})

const sameValues = (a: ImportedValues, b: ImportedValues) => (Object.keys(a) as (keyof ImportedValues)[]).every((k) => a[k] === b[k])

export async function startExchangeImport(
  db: Database,
  p: Principal,
  file: { filename: string; bytes: Uint8Array },
  meta: RequestMeta,
  limits?: ImportLimits,
) {
  requireCityOfficer(p)
  const sha = createHash('sha256').update(file.bytes).digest('hex')
  const filename = cleanFilename(file.filename)
  const parsed = await parseNationalFile(file.bytes, limits)
  const divisions = await divisionNames(db)
  return db.transaction().execute(async (trx) => {
    if (!parsed.ok) {
      const id = await insertExchangeJob(trx, { createdBy: p.userId, filename, fileSha256: sha, format: null, status: 'failed', failure: parsed.failure })
      await audit(trx, meta, p.userId, 'exchange.import', { type: 'exchange_import', id }, { filename, failure: parsed.failure })
      return id
    }
    const jobId = await insertExchangeJob(trx, { createdBy: p.userId, filename, fileSha256: sha, format: parsed.format, status: 'done', failure: null })
    const checked = parsed.rows.map((r) => ({ row: r.number, result: validateNationalRow(r.cells, divisions) }))
    const numbers = [...new Set(checked.flatMap((c) => (c.result.ok ? [c.result.record.number] : [])))]
    const platform = new Map((await registrationsByNumber(trx, numbers)).map((r) => [r.number!, r]))
    const imported = new Map((await importedByNumber(trx, numbers)).map((r) => [r.number, r]))
    const firstRow = new Map<string, number>()
    const out: ExchangeRowInsert[] = []
    const counts = { total_rows: checked.length, matched_rows: 0, differing_rows: 0, created_rows: 0, updated_rows: 0, unchanged_rows: 0, error_rows: 0 }
    for (const { row, result } of checked) {
      if (!result.ok) {
        counts.error_rows++
        out.push({ rowNumber: row, outcome: 'error', registrationNumber: '', problems: result.problems })
        continue
      }
      const rec = result.record
      const earlier = firstRow.get(rec.number)
      if (earlier !== undefined) {
        counts.error_rows++
        out.push({ rowNumber: row, outcome: 'error', registrationNumber: rec.number, problems: [{ column: 'number', message: `exchange.problem.duplicateInFile|row=${earlier}` }] })
        continue
      }
      firstRow.set(rec.number, row)
      const reg = platform.get(rec.number)
      if (reg) {
        const differences = compare(rec, reg)
        counts.matched_rows++
        if (differences.length) counts.differing_rows++
        out.push({ rowNumber: row, outcome: 'matched', registrationNumber: rec.number, registrationId: reg.id, differences })
        continue
      }
      const values = valuesOf(rec)
      const known = imported.get(rec.number)
      if (known) {
        const { id, ...before } = known
        if (sameValues(before, values)) {
          counts.unchanged_rows++
          out.push({ rowNumber: row, outcome: 'unchanged', registrationNumber: rec.number, importedId: id })
        } else {
          await updateImported(trx, id, values, jobId)
          counts.updated_rows++
          out.push({ rowNumber: row, outcome: 'updated', registrationNumber: rec.number, importedId: id })
        }
        continue
      }
      const id = await insertImported(trx, values, jobId)
      counts.created_rows++
      out.push({ rowNumber: row, outcome: 'created', registrationNumber: rec.number, importedId: id })
    }
    await insertExchangeRows(trx, jobId, out)
    await setExchangeJobCounts(trx, jobId, counts)
    await audit(trx, meta, p.userId, 'exchange.import', { type: 'exchange_import', id: jobId }, { filename, sha256: sha, ...counts })
    return jobId
  })
}

/** The job and its row report; an unknown id is a 404. */
export async function exchangeImportReport(db: Database, p: Principal, jobId: string) {
  requireCityOfficer(p)
  const job = await findExchangeJob(db, jobId)
  if (!job) throw notFound()
  const [rows, earlier] = await Promise.all([listExchangeRows(db, job.id), earlierImportsOf(db, job.file_sha256, job.id)])
  const standard = targetPlanOn().standard
  return {
    job,
    earlier: earlier.filter((e) => e.created_at < job.created_at),
    rows: rows.map((r) => ({
      ...r,
      // Only the amount part of the standard can be judged: the export names no industry.
      amountMet: r.technology_amount_fen !== null && standardMet(standard, { technologyAmountFen: r.technology_amount_fen, industryCode: null }).met.includes('amount'),
    })),
  }
}

/**
 * A city officer flags an imported registration as a transformation project
 * (the standard's industry part is theirs to vouch for, with a reason): a
 * project with source 'import', status 'proposed', no registration_id and the
 * registration number, attributed to the buyer's county.
 */
export async function proposeImportedProject(db: Database, p: Principal, importedId: string, reason: string, meta: RequestMeta) {
  requireCityOfficer(p)
  const rec = await findImported(db, importedId)
  if (!rec) throw notFound()
  if (!rec.division_code) throw invalid({ reason: ['exchange.propose.noCounty'] })
  const r = reason.trim()
  if (r.length < 2 || r.length > 500) throw invalid({ reason: ['exchange.propose.reason'] })
  return db.transaction().execute(async (trx) => {
    if (await importProjectFor(trx, rec.number)) throw conflict('exchange.propose.exists')
    const met = standardMet(targetPlanOn(new Date(`${rec.registered_on}T04:00:00Z`)).standard, { technologyAmountFen: rec.technology_amount_fen, industryCode: null }).met
    const project = await insertImportProject(trx, {
      number: rec.number,
      title: rec.contract_name.slice(0, 200),
      divisionCode: rec.division_code!,
      enterpriseName: rec.buyer_name,
      institutionName: rec.seller_name,
      contractType: rec.contract_type,
      contractAmountFen: rec.contract_amount_fen,
      technologyAmountFen: rec.technology_amount_fen,
      registeredOn: rec.registered_on,
      standardMet: [...met, 'flag'],
      reason: r,
      createdBy: p.userId,
    })
    await audit(trx, meta, p.userId, 'exchange.project.propose', { type: 'transformation_project', id: project.id }, { number: rec.number, reason: r })
    return project.id
  })
}
