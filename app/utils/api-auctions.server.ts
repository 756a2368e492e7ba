import type { AppLoadContext } from '@remix-run/node'
import { IdempotencyKey } from '../../server/auctions/api-schemas'
import type { ApiBidReply } from '../../server/auctions/api-auctions'
import { apiError, apiJson, apiLocale, requireApiCaller, type ApiCaller } from './api.server'
import { getPrincipal, requestMeta } from './auth.server'
import { translateError } from './i18n'

// Request handling particular to /api/v1/auctions: public reads that say more
// to a known caller, the Idempotency-Key header, and bid answers as responses.

/** A caller if one identifies itself (a bad token is still 401), else anonymous. */
export async function optionalApiCaller(request: Request, context: AppLoadContext): Promise<ApiCaller | { principal: null; tokenOrgId: null }> {
  if (request.headers.get('authorization')) return requireApiCaller(request, context)
  const principal = await getPrincipal(request, context)
  return principal ? { principal, meta: requestMeta(context), tokenOrgId: null } : { principal: null, tokenOrgId: null }
}

/** The Idempotency-Key header, or a 400 naming it: a bid without one could be placed twice on a retry. */
export function idempotencyKeyOr400(request: Request) {
  const parsed = IdempotencyKey.safeParse(request.headers.get('idempotency-key') ?? '')
  if (parsed.success) return parsed.data
  const locale = apiLocale(request)
  throw apiError(locale, 400, 'invalid', 'api.errors.invalid', [{ path: 'Idempotency-Key', code: 'idempotencyKey', message: translateError(locale, 'api.errors.idempotencyKey') }])
}

export function bidResponse(request: Request, auctionId: string, reply: ApiBidReply) {
  if (reply.status === 400) return apiError(apiLocale(request), 400, 'invalid', 'api.errors.invalid')
  const headers: HeadersInit = reply.status === 201 ? { location: `/api/v1/auctions/${auctionId}` } : {}
  return apiJson(reply.body, { status: reply.status, headers })
}
