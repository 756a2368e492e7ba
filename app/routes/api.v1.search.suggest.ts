import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, parseOr400, queryOf } from '~/utils/api.server'
import { SuggestQuerySchema } from '../../server/engagement/search-schemas'
import { searchSuggestions } from '../../server/engagement/search'

// GET /api/v1/search/suggest?q=  title completions while someone types (public).

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { q, limit } = parseOr400(request, SuggestQuerySchema, queryOf(request))
  return apiJson({ q, suggestions: await searchSuggestions(context.services.search, q, limit) })
}
