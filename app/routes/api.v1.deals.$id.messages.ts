import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiAttempt, apiError, apiJson, apiLocale, methodNotAllowed, parseOr400, queryOf, readJsonObject, requireApiCaller } from '~/utils/api.server'
import { apiDealMessages, MessagesQuery } from '../../server/deals/api-deals'
import { DealMessageInput, postMessage } from '../../server/deals/messages-api'
import { fileStoreFor } from '../../server/platform/files/store'

// GET  /api/v1/deals/:id/messages  the room's messages after `after`
// POST /api/v1/deals/:id/messages  a text message as the token's organisation

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request, context)
  const locale = apiLocale(request)
  const q = parseOr400(request, MessagesQuery, queryOf(request))
  const page = await apiDealMessages(context.services.db, caller.principal, caller.tokenOrgId, params.id ?? '', q.after, locale)
  if (!page) throw apiError(locale, 404, 'not_found', 'api.errors.notFound')
  return apiJson(page)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'GET, POST')
  const caller = await requireApiCaller(request, context)
  const input = parseOr400(request, DealMessageInput, await readJsonObject(request))
  const event = await apiAttempt(request, () =>
    postMessage(context.services.db, fileStoreFor(context.services.config), { principal: caller.principal, tokenOrgId: caller.tokenOrgId }, params.id ?? '', input.body, caller.meta),
  )
  return apiJson(
    { id: event.id, kind: event.kind, authorName: event.authorName, body: event.body, params: event.params, text: event.body, at: event.at },
    { status: 201 },
  )
}
