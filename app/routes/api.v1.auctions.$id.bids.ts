import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiLocale, methodNotAllowed, parseOr400, readJsonObject, requireApiCaller } from '~/utils/api.server'
import { bidResponse, idempotencyKeyOr400 } from '~/utils/api-auctions.server'
import { apiBid, visibleLot } from '../../server/auctions/api-auctions'
import { BidInput } from '../../server/auctions/api-schemas'

// POST /api/v1/auctions/:id/bids  a bid for the caller's registration (201 placed, 200 the same key again), with the Idempotency-Key
// header; refused → 403/409/422 with the reason. Through the same command as the socket and the page.

export const loader = ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, 'POST')

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'POST')
  const caller = await requireApiCaller(request, context)
  const { db } = context.services
  const auctionId = params.id ?? ''
  // Who may not see the lot learns nothing of it, not even whether the body was valid.
  if (!(await visibleLot(db, caller.principal, auctionId))) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  const input = parseOr400(request, BidInput, await readJsonObject(request))
  const key = idempotencyKeyOr400(request)
  const reply = await apiBid(db, caller.principal, { auctionId, key, ...input }, caller.meta, apiLocale(request))
  return bidResponse(request, auctionId, reply)
}
