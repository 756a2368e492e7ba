import { sql } from 'kysely'
import type { Executor } from '../index'
import type { ExchangeRowOutcome } from '../schema'
import { isUuid } from './ids'

// Imports of the national registration system's export (server/exchange/import.ts):
// the job, its row-level report, and the registrations it brought in.

export async function insertExchangeJob(
  db: Executor,
  j: { createdBy: string; filename: string; fileSha256: string; format: 'csv' | 'xlsx' | null; status: 'done' | 'failed'; failure: string | null },
) {
  const r = await db
    .insertInto('exchange_import_jobs')
    .values({ created_by: j.createdBy, filename: j.filename, file_sha256: j.fileSha256, format: j.format, status: j.status, failure: j.failure, finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

export async function setExchangeJobCounts(db: Executor, id: string, c: Record<'total_rows' | 'matched_rows' | 'differing_rows' | 'created_rows' | 'updated_rows' | 'unchanged_rows' | 'error_rows', number>) {
  await db.updateTable('exchange_import_jobs').set(c).where('id', '=', id).execute()
}

export interface ExchangeRowInsert {
  rowNumber: number
  outcome: ExchangeRowOutcome
  registrationNumber: string
  registrationId?: string | null
  importedId?: string | null
  problems?: { column: string; message: string }[]
  differences?: { field: string; platform: string; file: string }[]
}

export async function insertExchangeRows(db: Executor, jobId: string, rows: ExchangeRowInsert[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('exchange_import_rows')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          job_id: jobId,
          row_number: r.rowNumber,
          outcome: r.outcome,
          registration_number: r.registrationNumber,
          registration_id: r.registrationId ?? null,
          imported_id: r.importedId ?? null,
          problems: JSON.stringify(r.problems ?? []),
          differences: JSON.stringify(r.differences ?? []),
        })),
      )
      .execute()
  }
}

/** The platform's registered contracts with these numbers, with the figures an import compares. */
export async function registrationsByNumber(db: Executor, numbers: string[]) {
  if (!numbers.length) return []
  return db
    .selectFrom('registrations as r')
    .innerJoin('contract_parties as s', (j) => j.onRef('s.contract_id', '=', 'r.contract_id').on('s.side', '=', 'seller'))
    .innerJoin('contract_parties as b', (j) => j.onRef('b.contract_id', '=', 'r.contract_id').on('b.side', '=', 'buyer'))
    .select([
      'r.id',
      'r.number',
      'r.contract_type',
      'r.contract_amount_fen',
      'r.technology_amount_fen',
      sql<string>`to_char(r.registered_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`.as('registered_on'),
      's.credit_code as seller_credit_code',
      'b.credit_code as buyer_credit_code',
    ])
    .where('r.number', 'in', numbers)
    .where('r.status', '=', 'registered')
    .execute()
}

const IMPORTED_COLUMNS = [
  'id', 'number', 'contract_name', 'contract_type', 'seller_name', 'seller_credit_code', 'buyer_name', 'buyer_credit_code',
  'buyer_region', 'division_code', 'contract_amount_fen', 'technology_amount_fen',
] as const

export async function importedByNumber(db: Executor, numbers: string[]) {
  if (!numbers.length) return []
  return db
    .selectFrom('imported_registrations')
    .select([...IMPORTED_COLUMNS, sql<string>`to_char(registered_on, 'YYYY-MM-DD')`.as('registered_on')])
    .where('number', 'in', numbers)
    .execute()
}

export interface ImportedValues {
  number: string
  contract_name: string
  contract_type: string
  seller_name: string
  seller_credit_code: string
  buyer_name: string
  buyer_credit_code: string
  buyer_region: string
  division_code: string | null
  contract_amount_fen: number
  technology_amount_fen: number
  registered_on: string
}

export async function insertImported(db: Executor, v: ImportedValues, jobId: string) {
  const r = await db
    .insertInto('imported_registrations')
    .values({ ...v, first_job_id: jobId, last_job_id: jobId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

export async function updateImported(db: Executor, id: string, v: ImportedValues, jobId: string) {
  await db
    .updateTable('imported_registrations')
    .set({ ...v, last_job_id: jobId, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

const JOB_COLUMNS = [
  'j.id', 'j.filename', 'j.file_sha256', 'j.format', 'j.status', 'j.failure', 'j.total_rows', 'j.matched_rows', 'j.differing_rows',
  'j.created_rows', 'j.updated_rows', 'j.unchanged_rows', 'j.error_rows', 'j.created_at', 'j.finished_at',
] as const

export async function listExchangeJobs(db: Executor, limit: number) {
  return db
    .selectFrom('exchange_import_jobs as j')
    .innerJoin('users as u', 'u.id', 'j.created_by')
    .select([...JOB_COLUMNS, 'u.name as created_by_name'])
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id')
    .limit(limit)
    .execute()
}

export async function findExchangeJob(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('exchange_import_jobs as j')
    .innerJoin('users as u', 'u.id', 'j.created_by')
    .select([...JOB_COLUMNS, 'u.name as created_by_name'])
    .where('j.id', '=', id)
    .executeTakeFirst()
}

/** Earlier finished imports of the same bytes (the page says so). */
export async function earlierImportsOf(db: Executor, sha256: string, beforeId: string) {
  return db
    .selectFrom('exchange_import_jobs')
    .select(['id', 'created_at'])
    .where('file_sha256', '=', sha256)
    .where('id', '<>', beforeId)
    .where('status', '=', 'done')
    .orderBy('created_at')
    .execute()
}

/** The row-level report; `outcome` narrows it; imported rows carry their division and figures (for proposing projects). */
export async function listExchangeRows(db: Executor, jobId: string, o: { outcome?: ExchangeRowOutcome; limit?: number } = {}) {
  let q = db
    .selectFrom('exchange_import_rows as r')
    .leftJoin('imported_registrations as i', 'i.id', 'r.imported_id')
    .leftJoin('transformation_projects as p', (j) => j.onRef('p.registration_number', '=', 'i.number').on('p.source', '=', 'import'))
    .select([
      'r.row_number', 'r.outcome', 'r.registration_number', 'r.registration_id', 'r.imported_id', 'r.problems', 'r.differences',
      'i.contract_name', 'i.division_code', 'i.technology_amount_fen', 'p.id as project_id',
    ])
    .where('r.job_id', '=', jobId)
  if (o.outcome) q = q.where('r.outcome', '=', o.outcome)
  q = q.orderBy('r.row_number')
  if (o.limit) q = q.limit(o.limit)
  return q.execute()
}

export async function findImported(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('imported_registrations')
    .select([...IMPORTED_COLUMNS, sql<string>`to_char(registered_on, 'YYYY-MM-DD')`.as('registered_on')])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function importProjectFor(db: Executor, number: string) {
  return db.selectFrom('transformation_projects').select('id').where('registration_number', '=', number).executeTakeFirst()
}

/** A proposed project from an imported registration (source 'import', no registration_id). */
export async function insertImportProject(
  db: Executor,
  v: {
    number: string
    title: string
    divisionCode: string
    enterpriseName: string
    institutionName: string
    contractType: string
    contractAmountFen: number
    technologyAmountFen: number
    registeredOn: string
    standardMet: string[]
    reason: string
    createdBy: string
  },
) {
  return db
    .insertInto('transformation_projects')
    .values({
      source: 'import',
      registration_id: null,
      registration_number: v.number,
      title: v.title,
      division_code: v.divisionCode,
      enterprise_name: v.enterpriseName,
      institution_name: v.institutionName,
      contract_type: v.contractType,
      contract_amount_fen: v.contractAmountFen,
      technology_amount_fen: v.technologyAmountFen,
      registered_on: v.registeredOn,
      status: 'proposed',
      standard_met: v.standardMet,
      status_reason: v.reason,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}
