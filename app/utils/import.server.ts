import type { AppLoadContext } from '@remix-run/node'
import { DomainError } from '../../server/platform/errors'
import { importJobForViewer } from '../../server/listings/import/jobs'
import { importableOrgs } from '../../server/listings/import/jobs'
import { requireUser } from './auth.server'

// Guards shared by the bulk import routes (/achievements/import/…).

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
