import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed, requireApiCaller } from '~/utils/api.server'
import { apiDeal } from '../../server/deals/api-deals'

// GET /api/v1/deals/:id  one deal of the token's organisation; 404 for any other.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const locale = apiLocale(request)
  const deal = await apiDeal(context.services.db, caller.principal, caller.tokenOrgId, params.id ?? '', locale, context.origin)
  if (!deal) throw apiError(locale, 404, 'not_found', 'api.errors.notFound')
  return apiJson(deal)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
