import type { AppLoadContext } from '@remix-run/node'
import { DomainError } from '../../server/platform/errors'
import { catalogEdition } from '../../server/listings/catalogs/service'

// Shared by the catalog download routes (/catalogs/:id.pdf|.xlsx|.csv).

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The edition, or a 404 response when there is none with this id. */
export async function loadEdition(context: AppLoadContext, id: string | undefined) {
  try {
    return await catalogEdition(context.services.db, id ?? '')
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found') throw new Response('Not found', { status: 404 })
    throw err
  }
}
