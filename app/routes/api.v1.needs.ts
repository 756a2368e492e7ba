import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { NeedListQuery } from '../../server/listings/api-schemas'
import { apiAttempt, apiJson, methodNotAllowed, nextPage, parseOr400, queryOf, readJsonObject, requireApiCaller, withTokenOrg } from '~/utils/api.server'
import { NeedSchema } from '../../server/listings/schemas'
import { createNeed } from '../../server/listings/needs'
import { apiNeed, apiNeedPage } from '../../server/listings/api-listings'

// GET  /api/v1/needs  live needs, a page at a time (public)
// POST /api/v1/needs  a new draft, validated by NeedSchema (session or API token)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = parseOr400(request, NeedListQuery, queryOf(request))
  const { items, total } = await apiNeedPage(context.services.db, q, context.origin)
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'GET, POST')
  const caller = await requireApiCaller(request, context)
  const body = withTokenOrg(await readJsonObject(request), caller)
  const input = parseOr400(request, NeedSchema, body)
  const { db } = context.services
  const id = await apiAttempt(request, () => createNeed(db, caller.principal, input, caller.meta))
  const created = id ? await apiNeed(db, caller.principal, id, context.origin) : null
  if (!id || !created) throw new Error('the new need could not be read back')
  return apiJson(created, { status: 201, headers: { location: `/api/v1/needs/${id}` } })
}
