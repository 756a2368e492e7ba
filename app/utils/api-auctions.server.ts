import type { ActionFunctionArgs, AppLoadContext } from '@remix-run/node'
import type { z } from 'zod'
import type { Database } from '../../db/index'
import { visibleLot, type ApiCommandResult } from '../../server/auctions/api-auctions'
import { IdempotencyKey, type BidRefusedOut } from '../../server/auctions/api-schemas'
import type { BidRejection } from '../../server/auctions/bidding'
import { translate } from '../../server/i18n/catalog'
import type { Principal, RequestMeta } from '../../server/identity/principal'
import { fenToWan } from '../../server/platform/money'
import { apiError, apiJson, apiLocale, methodNotAllowed, parseOr400, readJsonObject, requireApiCaller, type ApiCaller } from './api.server'
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

/** How a refusal reads over HTTP: the caller may not bid here (403), the lot's state refuses it (409), the amount or key does (422). */
const REFUSAL_STATUS: Record<BidRejection | 'not_found' | 'key_reused', { status: 403 | 404 | 409 | 422; code: z.infer<typeof BidRefusedOut>['error']['code'] }> = {
  not_registered: { status: 403, code: 'forbidden' },
  own_lot: { status: 403, code: 'forbidden' },
  not_found: { status: 404, code: 'not_found' },
  closed: { status: 409, code: 'conflict' },
  not_open: { status: 409, code: 'conflict' },
  ended: { status: 409, code: 'conflict' },
  no_deposit: { status: 409, code: 'conflict' },
  leading: { status: 409, code: 'conflict' },
  format: { status: 409, code: 'conflict' },
  too_low: { status: 422, code: 'unprocessable' },
  key_reused: { status: 422, code: 'unprocessable' },
}

/** An answer as a response: `created` (201 for a bid, 200 for a proxy) when placed, 200 for the same key again, else the refusal with the lot's state. */
function commandResponse(request: Request, auctionId: string, { answer, keyReused }: ApiCommandResult, created: 200 | 201) {
  const locale = apiLocale(request)
  if (!answer.ok && answer.reason === 'invalid') return apiError(locale, 400, 'invalid', 'api.errors.invalid')
  if (answer.ok && !keyReused) {
    const { ok: _ok, ...body } = answer
    const status = answer.duplicate ? 200 : created
    return apiJson(body, { status, headers: status === 201 ? { location: `/api/v1/auctions/${auctionId}` } : {} })
  }
  const lot = { priceFen: answer.priceFen, minNextFen: answer.minNextFen, endsAt: answer.endsAt, bidCount: answer.bidCount, leaderPaddle: answer.leaderPaddle }
  const reason = answer.ok ? 'key_reused' : answer.reason
  const { status, code } = REFUSAL_STATUS[reason]
  const message = reason === 'key_reused' ? translate(locale, 'auction.api.keyReused') : translate(locale, `auction.bid.reason.${reason}` as 'auction.bid.reason.closed', { min: fenToWan(answer.minNextFen) })
  const body: z.infer<typeof BidRefusedOut> = { error: { code, reason: reason as z.infer<typeof BidRefusedOut>['error']['reason'], message }, lot }
  return apiJson(body, { status })
}

/**
 * POST /api/v1/auctions/:id/bids and …/proxy: the caller, the lot (who may not
 * see it learns nothing of it, not even whether the body was valid), the body,
 * the Idempotency-Key header, then `run`.
 */
export async function auctionCommandAction<T extends z.ZodTypeAny>(
  { request, params, context }: ActionFunctionArgs,
  schema: T,
  run: (db: Database, principal: Principal, call: { auctionId: string; key: string } & z.infer<T>, meta: RequestMeta) => Promise<ApiCommandResult>,
  created: 200 | 201,
) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'POST')
  const caller = await requireApiCaller(request, context)
  const { db } = context.services
  const auctionId = params.id ?? ''
  if (!(await visibleLot(db, caller.principal, auctionId))) throw apiError(apiLocale(request), 404, 'not_found', 'api.errors.notFound')
  const input = parseOr400(request, schema, await readJsonObject(request))
  const key = idempotencyKeyOr400(request)
  return commandResponse(request, auctionId, await run(db, caller.principal, { auctionId, key, ...input }, caller.meta), created)
}
