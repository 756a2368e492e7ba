import type { Database } from '../../../db/index'
import { insertAchievementsBulk } from '../../../db/repos/achievements'
import { insertAudits } from '../../../db/repos/audit'
import {
  failImportJob,
  findImportJob,
  finishImportJob,
  loadImportSource,
  lockImportJob,
  markImportRunning,
  recordImportChunk,
  type ImportRowError,
} from '../../../db/repos/import-jobs'
import { listIndustries } from '../../../db/repos/industries'
import { enqueueOutbox } from '../../../db/repos/outbox'
import { loadPrincipal } from '../../../db/repos/users'
import { record } from '../achievements'
import { audit } from '../../platform/audit'
import type { Logger } from '../../platform/logger'
import type { OutboxHandler } from '../../platform/outbox-worker'
import { can } from '../../identity/permissions'
import type { ImportPayload } from './jobs'
import { DEFAULT_IMPORT_LIMITS, parseImportFile, type ImportLimits, type ParsedRow } from './parse'
import { importKey, industryLookup, validateRow, type IndustryLookup } from './rows'

// The background half of the bulk import. Each outbox delivery of kind
// 'import' handles ONE chunk of rows (CHUNK_ROWS) in one transaction, then
// queues the next chunk as a new outbox row in that same transaction. So the
// outbox worker, which runs items one after another, is never held for long
// (e-mails queued meanwhile go first), a crash loses at most the chunk in
// hand (its delivery is retried), and any process may pick up the next chunk.
// A delivery whose offset no longer matches the job's progress is stale and
// does nothing, so a retried delivery never counts rows twice.

export const CHUNK_ROWS = 500
/** Every problem of a row is reported; this only keeps one pathological row (hundreds of IP entries) from filling the report. */
const MAX_PROBLEMS_PER_ROW = 50
const WRITE_SLICE = 125

/** Parsed files by job, so a 5,000-row file is read once rather than once per chunk (per process). */
const parsedCache = new Map<string, { rows: ParsedRow[]; headers: Record<string, string>; industries: IndustryLookup }>()

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

async function fail(db: Database, jobId: string, orgId: string, actorId: string, failure: string, meta: ImportPayload['meta']) {
  parsedCache.delete(jobId)
  await db.transaction().execute(async (trx) => {
    await failImportJob(trx, jobId, failure)
    await audit(trx, meta, actorId, 'import.failed', { type: 'import_job', id: jobId, orgId }, { failure })
  })
}

/** Processes the chunk of the job starting at `offset`; returns what happened. */
export async function runImportChunk(
  db: Database,
  payload: ImportPayload,
  log?: Logger,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<'more' | 'done' | 'failed' | 'stale'> {
  const { jobId, offset, meta } = payload
  const t0 = performance.now()
  let parseMs = 0
  const job = await findImportJob(db, jobId)
  if (!job || job.status === 'done' || job.status === 'failed' || job.processed_rows !== offset) return 'stale'

  let parsed = parsedCache.get(jobId)
  if (!parsed) {
    const source = await loadImportSource(db, jobId)
    if (!source) {
      await fail(db, jobId, job.org_id, job.created_by, 'import.failure.unreadable', meta)
      return 'failed'
    }
    const tp = performance.now()
    const result = await parseImportFile(source, limits)
    parseMs = performance.now() - tp
    if (!result.ok) {
      log?.info({ jobId, failure: result.failure, inflatedBytes: result.inflatedBytes, parseMs: Math.round(parseMs) }, 'import file refused')
      await fail(db, jobId, job.org_id, job.created_by, result.failure, meta)
      return 'failed'
    }
    parsed = { rows: result.rows, headers: result.headers, industries: industryLookup(await listIndustries(db)) }
    parsedCache.set(jobId, parsed)
    while (parsedCache.size > 4) parsedCache.delete(parsedCache.keys().next().value!)
  }
  if (job.status === 'queued') await markImportRunning(db, jobId, parsed.rows.length)

  // The uploader must still be allowed to import here, as for any state change.
  const actor = await loadPrincipal(db, job.created_by)
  if (!actor || !can(actor, { action: 'import:run', orgId: job.org_id })) {
    await fail(db, jobId, job.org_id, job.created_by, 'import.failure.forbidden', meta)
    return 'failed'
  }

  const slice = parsed.rows.slice(offset, offset + CHUNK_ROWS)
  const errors: ImportRowError[] = []
  let errorRows = 0
  const valid = new Map<string, ReturnType<typeof record> & { importKey: string }>()
  let duplicatesInChunk = 0
  for (const [i, row] of slice.entries()) {
    if (i % 25 === 24) await yieldToEventLoop()
    const r = validateRow(row.cells, { orgId: job.org_id, industries: parsed.industries })
    if (!r.ok) {
      errorRows++
      for (const p of r.problems.slice(0, MAX_PROBLEMS_PER_ROW)) {
        errors.push({ row: row.number, column: parsed.headers[p.column] ?? p.column, message: p.message, ...(p.item ? { item: p.item } : {}) })
      }
      continue
    }
    const key = importKey(job.org_id, row.cells)
    if (valid.has(key)) duplicatesInChunk++
    else valid.set(key, { ...record(actor, r.input, key), importKey: key })
  }

  const tv = performance.now()
  const finished = offset + slice.length >= parsed.rows.length
  const outcome = await db.transaction().execute(async (trx) => {
    const locked = await lockImportJob(trx, jobId)
    if (!locked || locked.status !== 'running' || locked.processed_rows !== offset) return 'stale' as const
    // Written in slices, so building each statement never holds the event loop for long.
    const records = [...valid.values()]
    const created = new Map<string, string>()
    for (let i = 0; i < records.length; i += WRITE_SLICE) {
      for (const [k, v] of await insertAchievementsBulk(trx, records.slice(i, i + WRITE_SLICE))) created.set(k, v)
    }
    await insertAudits(
      trx,
      [...created.entries()].map(([key, id]) => ({
        actorId: actor.userId,
        action: 'achievement.created',
        entityType: 'achievement',
        entityId: id,
        orgId: job.org_id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
        details: { title: valid.get(key)!.title, imported: true, importJobId: jobId },
      })),
    )
    const duplicates = duplicatesInChunk + (valid.size - created.size)
    await recordImportChunk(trx, jobId, { processed: slice.length, created: created.size, duplicates, errorRows, errors })
    if (finished) {
      await finishImportJob(trx, jobId)
      const totals = await findImportJob(trx, jobId)
      await audit(trx, meta, actor.userId, 'import.finished', { type: 'import_job', id: jobId, orgId: job.org_id }, {
        rows: totals?.total_rows,
        created: totals?.created_rows,
        duplicates: totals?.duplicate_rows,
        errors: totals?.error_rows,
      })
      return 'done' as const
    }
    await enqueueOutbox(trx, 'import', { jobId, offset: offset + slice.length, meta } satisfies ImportPayload)
    return 'more' as const
  })
  if (outcome !== 'more') parsedCache.delete(jobId)
  const round = (n: number) => Math.round(n)
  log?.info({ jobId, offset, rows: slice.length, outcome, parseMs: round(parseMs), validateMs: round(tv - t0 - parseMs), writeMs: round(performance.now() - tv) }, 'import chunk')
  return outcome
}

/** The outbox handler for kind 'import' (registered in server/index.ts). */
export function importHandler(db: Database, log?: Logger, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): OutboxHandler {
  return async (payload: ImportPayload) => {
    await runImportChunk(db, payload, log, limits)
  }
}
