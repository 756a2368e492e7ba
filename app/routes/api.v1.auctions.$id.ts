import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed } from '~/utils/api.server'
import { optionalApiCaller } from '~/utils/api-auctions.server'
import { apiAuction } from '../../server/auctions/api-auctions'

// GET /api/v1/auctions/:id  one public lot with its live state; the caller's own registration and,
// for registered bidders and the seller, the bid history. 404 for a lot the caller may not see.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await optionalApiCaller(request, context)
  const lot = await apiAuction(context.services.db, caller.principal, caller.tokenOrgId, params.id ?? '', context.origin)
  if (!lot) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  return apiJson(lot)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
