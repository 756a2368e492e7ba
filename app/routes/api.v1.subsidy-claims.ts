import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiJson, methodNotAllowed, nextPage, parseOr400, queryOf, requireApiCaller } from '~/utils/api.server'
import { apiClaimPage } from '../../server/subsidies/api'
import { SubsidyClaimQuery } from '../../server/subsidies/api-schemas'

// GET /api/v1/subsidy-claims  the caller's subsidy claims (免申即享), a page at a time: a token its organisation's, a session what its desk shows.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const q = parseOr400(request, SubsidyClaimQuery, queryOf(request))
  const { items, total, totalAmountFen } = await apiAttempt(request, () => apiClaimPage(context.services.db, caller.principal, caller.tokenOrgId, q, context.origin))
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, totalAmountFen, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
