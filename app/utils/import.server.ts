import type { SubmissionResult } from '@conform-to/react'
import {
  type AppLoadContext,
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'
import { MAX_IMPORT_BYTES } from '../../server/listings/import/parse'
import { checkFieldNames } from '../../server/platform/body-guard'
import { DomainError } from '../../server/platform/errors'
import { importJobForViewer } from '../../server/listings/import/jobs'
import { importableOrgs } from '../../server/listings/import/jobs'
import { requireUser } from './auth.server'

// Guards and the upload reader shared by the bulk import routes (/achievements/import/…, /exchange/import).

/** The signed-in user who may import into at least one organisation; 403 for anyone else signed in. */
export async function requireImporter(request: Request, context: AppLoadContext) {
  const principal = await requireUser(request, context)
  const orgs = importableOrgs(principal)
  if (!orgs.length) throw new Response('Forbidden', { status: 403 })
  return { principal, orgs }
}

/** The job as the signed-in viewer may see it: 404 when unknown or not theirs to know about, 403 for the wrong role. */
export async function requireImportJob(request: Request, context: AppLoadContext, id: string | undefined, opts: { errorLimit?: number } = {}) {
  const principal = await requireUser(request, context)
  try {
    return await importJobForViewer(context.services.db, principal, id ?? '', opts)
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found') throw new Response('Not found', { status: 404 })
    if (err instanceof DomainError && err.kind === 'forbidden') throw new Response('Forbidden', { status: 403 })
    throw err
  }
}

export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024

/**
 * An import page's form: one file of at most MAX_IMPORT_BYTES, held in memory. A larger file or broken
 * multipart framing is not a 500 but the file field's error (docs/decisions/016), 413 or 400, for the
 * route to return as its action data; `tooLargeKey` is the message, given `max` in MB.
 */
export async function readImportForm(request: Request, tooLargeKey: string) {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return { form: await request.formData() }
  try {
    return { form: checkFieldNames(request, await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }))) }
  } catch (err) {
    const tooLarge = err instanceof MaxPartSizeExceededError
    const result: SubmissionResult<string[]> = { status: 'error', error: { file: [tooLarge ? `${tooLargeKey}|max=${MAX_IMPORT_MB}` : 'errors.badUpload'] } }
    return { reply: data({ result }, { status: tooLarge ? 413 : 400 }) }
  }
}
