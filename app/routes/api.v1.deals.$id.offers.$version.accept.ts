import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiError, apiJson, apiLocale, methodNotAllowed, requireApiCaller } from '~/utils/api.server'
import { apiDealOffer } from '../../server/deals/api-deals'
import { acceptOffer } from '../../server/deals/offers'

// POST /api/v1/deals/:id/offers/:version/accept  the other side accepts the open version; the terms are frozen.

export const loader = ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, 'POST')

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'POST')
  const caller = await requireApiCaller(request, context)
  const dealId = params.id ?? ''
  const version = /^\d{1,9}$/.test(params.version ?? '') ? Number(params.version) : NaN
  if (!Number.isSafeInteger(version)) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  const { db } = context.services
  await apiAttempt(request, () => acceptOffer(db, { principal: caller.principal, tokenOrgId: caller.tokenOrgId }, dealId, version, caller.meta))
  return apiJson(await apiDealOffer(db, dealId, version, apiLocale(request)))
}
