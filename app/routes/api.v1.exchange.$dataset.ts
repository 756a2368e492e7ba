import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiJson, methodNotAllowed, parseOr400, queryOf, requireApiCaller } from '~/utils/api.server'
import { apiExchangePage } from '../../server/exchange/api'
import { ExchangeApiQuery } from '../../server/exchange/schemas'

// GET /api/v1/exchange/{dataset}  a dataset of the data exchange for partner platforms, paged with a cursor.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const q = parseOr400(request, ExchangeApiQuery, queryOf(request))
  const page = await apiAttempt(request, () => apiExchangePage(context.services.db, caller.principal, params.dataset ?? '', q, caller.meta))
  let next: string | null = null
  if (page.nextCursor) {
    const url = new URL(request.url)
    url.searchParams.set('cursor', page.nextCursor)
    url.searchParams.set('limit', String(q.limit))
    next = `${context.origin}${url.pathname}${url.search}`
  }
  return apiJson({ dataset: page.dataset, items: page.items, limit: q.limit, nextCursor: page.nextCursor, next })
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
