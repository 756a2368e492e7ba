import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiJson, apiLocale, methodNotAllowed } from '~/utils/api.server'
import { apiAchievement } from '../../server/listings/api-listings'

// GET /api/v1/achievements/:id  the public part of a published achievement; 404 for anything else.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const a = await apiAchievement(context.services.db, null, params.id ?? '', context.origin)
  if (!a) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  return apiJson(a)
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
