import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, parseOr400, queryOf } from '~/utils/api.server'
import { SearchQuerySchema } from '../../server/engagement/search-schemas'
import { apiSearch } from '../../server/engagement/search'

// GET /api/v1/search  one search across achievements, needs and organisations (public):
// q, type, filters, sort, page, pageSize ≤ 50, facets=1 → {total, page, pageSize, relaxed, facets, hits}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = parseOr400(request, SearchQuerySchema, queryOf(request))
  return apiJson(await apiSearch(context.services.search, q, context.origin))
}
