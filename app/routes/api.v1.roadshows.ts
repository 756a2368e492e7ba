import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, methodNotAllowed, nextPage, parseOr400, queryOf } from '~/utils/api.server'
import { optionalApiCaller } from '~/utils/api-auctions.server'
import { apiRoadshowPage } from '../../server/roadshows/api-roadshows'
import { RoadshowListQuery } from '../../server/roadshows/api-schemas'

// GET /api/v1/roadshows  live, upcoming and past roadshows the caller may see, a page at a time; anonymous allowed.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = parseOr400(request, RoadshowListQuery, queryOf(request))
  const caller = await optionalApiCaller(request, context)
  const { items, total } = await apiRoadshowPage(context.services.db, caller.principal, caller.tokenOrgId, q, context.origin)
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
