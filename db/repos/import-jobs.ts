import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// Bulk import jobs (批量导入): one row per uploaded file, with its progress
// counters and the problems found, row by row. The uploaded bytes stay in
// `source` until the job finishes.

/** One invalid row's problem: the spreadsheet row number, the column header as in the file, and a message key. */
export interface ImportRowError {
  row: number
  column: string
  message: string
  /** For list cells (IP rights, contributors): which entry, counting from 1. */
  item?: number
}


const PUBLIC_COLUMNS = [
  'j.id', 'j.org_id', 'j.created_by', 'j.filename', 'j.file_sha256', 'j.status', 'j.total_rows', 'j.processed_rows',
  'j.created_rows', 'j.duplicate_rows', 'j.error_rows', 'j.failure', 'j.created_at', 'j.finished_at',
] as const

export async function insertImportJob(db: Executor, j: { orgId: string; createdBy: string; filename: string; fileSha256: string; source: Buffer }) {
  const row = await db
    .insertInto('import_jobs')
    .values({ org_id: j.orgId, created_by: j.createdBy, filename: j.filename, file_sha256: j.fileSha256, source: j.source })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The job with its organisation's and uploader's names, without the file or the error list. */
export async function findImportJob(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('import_jobs as j')
    .innerJoin('organisations as o', 'o.id', 'j.org_id')
    .innerJoin('users as u', 'u.id', 'j.created_by')
    .select([...PUBLIC_COLUMNS, 'o.name as org_name', 'u.name as created_by_name'])
    .where('j.id', '=', id)
    .executeTakeFirst()
}

/** The problems found so far, in row order; at most `limit` when given. */
export async function listImportErrors(db: Executor, id: string, limit?: number): Promise<ImportRowError[]> {
  const r = await db
    .selectFrom('import_jobs')
    .select(
      limit === undefined
        ? sql<ImportRowError[]>`errors`.as('errors')
        : sql<ImportRowError[]>`coalesce((select jsonb_agg(e) from (select e from jsonb_array_elements(errors) e limit ${limit}) s), '[]'::jsonb)`.as('errors'),
    )
    .where('id', '=', id)
    .executeTakeFirst()
  return r?.errors ?? []
}

export async function listImportJobs(db: Executor, orgIds: string[], limit: number) {
  if (!orgIds.length) return []
  return db
    .selectFrom('import_jobs as j')
    .innerJoin('organisations as o', 'o.id', 'j.org_id')
    .innerJoin('users as u', 'u.id', 'j.created_by')
    .select([...PUBLIC_COLUMNS, 'o.name as org_name', 'u.name as created_by_name'])
    .where('j.org_id', 'in', orgIds)
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id')
    .limit(limit)
    .execute()
}

export async function loadImportSource(db: Executor, id: string) {
  const r = await db.selectFrom('import_jobs').select('source').where('id', '=', id).executeTakeFirst()
  return r?.source ?? null
}

/** Locks the job for one chunk's bookkeeping. */
export async function lockImportJob(db: Executor, id: string) {
  return db
    .selectFrom('import_jobs')
    .select(['id', 'org_id', 'created_by', 'status', 'total_rows', 'processed_rows', 'filename'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function markImportRunning(db: Executor, id: string, totalRows: number) {
  await db.updateTable('import_jobs').set({ status: 'running', total_rows: totalRows }).where('id', '=', id).execute()
}

/** Adds one chunk's counts and problems to the job. */
export async function recordImportChunk(
  db: Executor,
  id: string,
  c: { processed: number; created: number; duplicates: number; errorRows: number; errors: ImportRowError[] },
) {
  await db
    .updateTable('import_jobs')
    .set({
      processed_rows: sql`processed_rows + ${c.processed}`,
      created_rows: sql`created_rows + ${c.created}`,
      duplicate_rows: sql`duplicate_rows + ${c.duplicates}`,
      error_rows: sql`error_rows + ${c.errorRows}`,
      ...(c.errors.length ? { errors: sql`errors || ${JSON.stringify(c.errors)}::jsonb` as any } : {}),
    })
    .where('id', '=', id)
    .execute()
}

export async function finishImportJob(db: Executor, id: string) {
  await db.updateTable('import_jobs').set({ status: 'done', finished_at: new Date(), source: null }).where('id', '=', id).execute()
}

/** The job stops with a reason (a message key, optionally with parameters after a bar). */
export async function failImportJob(db: Executor, id: string, failure: string) {
  await db.updateTable('import_jobs').set({ status: 'failed', failure, finished_at: new Date(), source: null }).where('id', '=', id).execute()
}
