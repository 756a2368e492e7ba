import type { AppLoadContext } from '@remix-run/node'
import { dealAccess } from '../../server/deals/access'
import { invariantResponse, requireUser } from './auth.server'

/**
 * The signed-in member and their access to the deal room `params.id`; 404 for
 * anyone dealAccess refuses (ADR 026). Every deal room loader and action starts here.
 */
export async function requireDealAccess(request: Request, params: { id?: string }, context: AppLoadContext) {
  const principal = await requireUser(request, context)
  const access = await dealAccess(context.services.db, principal, params.id ?? '')
  invariantResponse(access, 404)
  return { principal, access }
}
