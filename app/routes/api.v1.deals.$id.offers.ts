import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiError, apiJson, apiLocale, methodNotAllowed, parseOr400, readJsonObject, requireApiCaller } from '~/utils/api.server'
import { apiDealOffer, apiDealOffers } from '../../server/deals/api-deals'
import { makeOffer } from '../../server/deals/offers'
import { DealTermsSchema } from '../../server/deals/terms'

// GET  /api/v1/deals/:id/offers  every version with its diff
// POST /api/v1/deals/:id/offers  an offer or counter-offer (DealTerms) for the token organisation's side

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const locale = apiLocale(request)
  const page = await apiDealOffers(context.services.db, caller.principal, caller.tokenOrgId, params.id ?? '', locale)
  if (!page) throw apiError(locale, 404, 'not_found', 'api.errors.notFound')
  return apiJson(page)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'GET, POST')
  const caller = await requireApiCaller(request, context)
  const body = await readJsonObject(request)
  const dealId = params.id ?? ''
  const { db } = context.services
  const actor = { principal: caller.principal, tokenOrgId: caller.tokenOrgId }
  // Who may not see the deal learns nothing of it, not even whether the body was valid.
  if (!(await apiDealOffers(db, caller.principal, caller.tokenOrgId, dealId, 'en'))) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  const terms = parseOr400(request, DealTermsSchema, body)
  const { version } = await apiAttempt(request, () => makeOffer(db, actor, dealId, terms, caller.meta))
  const created = await apiDealOffer(db, dealId, version, apiLocale(request))
  return apiJson(created, { status: 201, headers: { location: `/api/v1/deals/${dealId}/offers` } })
}
