import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed } from '~/utils/api.server'
import { publicRegistration } from '../../server/registrations/pages'

// GET /api/v1/registrations/:number — public check of a registration by its number (no auth):
// number, status (a terminated one says so), type, amounts, registrar, date, parties' names; 404 for an unknown number.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await publicRegistration(context.services.db, (params.number ?? '').slice(0, 64))
  if (!found) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  return apiJson(found)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
