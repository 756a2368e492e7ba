import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, methodNotAllowed, nextPage, parseOr400, queryOf, requireApiCaller } from '~/utils/api.server'
import { apiContractPage, ContractListQuery } from '../../server/contracts/view'

// GET /api/v1/contracts  the technology contracts the token's organisation is a party of (with a session: the /contracts page's scope).

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const q = parseOr400(request, ContractListQuery, queryOf(request))
  const { items, total } = await apiContractPage(context.services.db, caller.principal, caller.tokenOrgId, q, context.origin)
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
