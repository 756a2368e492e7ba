import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiJson, methodNotAllowed, requireApiCaller } from '~/utils/api.server'
import { transitionListing } from '../../server/listings/workflow'

// POST /api/v1/needs/:id/submit  draft or returned → submitted (session or API token)

export const loader = ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, 'POST')

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'POST')
  const caller = await requireApiCaller(request, context)
  const { db, config } = context.services
  const result = await apiAttempt(request, () =>
    transitionListing(db, caller.principal, 'need', params.id ?? '', 'submit', { ttlMonths: config.LISTING_TTL_MONTHS }, caller.meta),
  )
  return apiJson(result)
}
