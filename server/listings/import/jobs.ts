import { createHash } from 'node:crypto'
import type { Locale } from '../../i18n/catalog'
import type { Database } from '../../../db/index'
import { findImportJob, insertImportJob, listImportErrors, listImportJobs } from '../../../db/repos/import-jobs'
import { listIndustries } from '../../../db/repos/industries'
import { enqueueOutbox } from '../../../db/repos/outbox'
import { audit } from '../../platform/audit'
import { cleanFilename } from '../../platform/files/sniff'
import { forbidden, invalid, notFound } from '../../platform/errors'
import { can, membershipRole } from '../../identity/permissions'
import type { Principal, RequestMeta } from '../../identity/principal'
import { MAX_IMPORT_BYTES, sniffImportFile } from './parse'
import { templateCsv, templateXlsx } from './template'

// Bulk import (批量导入) as the pages see it: an institution admin uploads a
// file; the job is queued (its row, the file and an outbox row in one
// transaction) and processed in the background by runner.ts, chunk by chunk;
// the pages show its progress and the problems found.

export interface ImportPayload {
  jobId: string
  /** Rows already processed: this delivery handles the next chunk from here. */
  offset: number
  /** The upload request, so the drafts' audit entries say where they came from. */
  meta: RequestMeta
}

/** Organisations `actor` may import achievements into. */
export function importableOrgs(actor: Principal) {
  return actor.memberships.filter((m) => can(actor, { action: 'import:run', orgId: m.orgId })).map((m) => ({ id: m.orgId, name: m.orgName }))
}

export async function startImport(db: Database, actor: Principal, input: { orgId: string; filename: string; bytes: Uint8Array }, meta: RequestMeta) {
  if (!can(actor, { action: 'import:run', orgId: input.orgId })) throw forbidden()
  if (!input.bytes.length) throw invalid({ file: ['import.errors.empty'] })
  if (input.bytes.length > MAX_IMPORT_BYTES) throw invalid({ file: [`import.errors.tooLarge|max=${MAX_IMPORT_BYTES / 1024 / 1024}`] })
  const format = sniffImportFile(input.bytes)
  if (!format) throw invalid({ file: ['import.errors.type'] })
  const filename = cleanFilename(input.filename)
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  return db.transaction().execute(async (trx) => {
    const jobId = await insertImportJob(trx, { orgId: input.orgId, createdBy: actor.userId, filename, fileSha256: sha256, source: Buffer.from(input.bytes) })
    await enqueueOutbox(trx, 'import', { jobId, offset: 0, meta } satisfies ImportPayload)
    await audit(trx, meta, actor.userId, 'import.started', { type: 'import_job', id: jobId, orgId: input.orgId }, {
      filename,
      format,
      bytes: input.bytes.length,
      sha256,
    })
    return jobId
  })
}

/**
 * The job if `viewer` may follow it: the admins of its organisation (who may
 * import) and platform admins. Members without the right get 403; everyone
 * else 404, as for other unpublished records.
 */
export async function importJobForViewer(db: Database, viewer: Principal, id: string, opts: { errorLimit?: number } = {}) {
  const job = await findImportJob(db, id)
  if (!job) throw notFound()
  const allowed = viewer.isPlatformAdmin || can(viewer, { action: 'import:run', orgId: job.org_id })
  if (!allowed) throw membershipRole(viewer, job.org_id) ? forbidden() : notFound()
  const errors = await listImportErrors(db, id, opts.errorLimit)
  return { job, errors, running: job.status === 'queued' || job.status === 'running' }
}

/** The import page: where `actor` may import to and the recent jobs there. */
export async function importDesk(db: Database, actor: Principal) {
  const orgs = importableOrgs(actor)
  const jobs = await listImportJobs(db, orgs.map((o) => o.id), 20)
  return { orgs, jobs }
}

/** The downloadable template in either format. */
export async function importTemplate(db: Database, format: 'xlsx' | 'csv', locale: Locale) {
  return format === 'csv' ? Buffer.from(templateCsv(), 'utf8') : templateXlsx(locale, await listIndustries(db))
}
