import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed, requireApiCaller } from '~/utils/api.server'
import { apiContract } from '../../server/contracts/view'

// GET /api/v1/contracts/:id  one contract of the token's organisation; 404 for any other.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const contract = await apiContract(context.services.db, caller.principal, caller.tokenOrgId, params.id ?? '', context.origin)
  if (!contract) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  return apiJson(contract)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
