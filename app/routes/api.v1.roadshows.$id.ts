import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed } from '~/utils/api.server'
import { optionalApiCaller } from '~/utils/api-auctions.server'
import { apiRoadshow } from '../../server/roadshows/api-roadshows'

// GET /api/v1/roadshows/:id  one roadshow: head, agenda, live summary, results once ended. 404 for one the caller may not see.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await optionalApiCaller(request, context)
  const roadshow = await apiRoadshow(context.services.db, caller.principal, params.id ?? '', context.origin)
  if (!roadshow) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  return apiJson(roadshow)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
