import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { AchievementListQuery } from '../../server/listings/api-schemas'
import { apiAttempt, apiJson, methodNotAllowed, nextPage, parseOr400, queryOf, readJsonObject, requireApiCaller, withTokenOrg } from '~/utils/api.server'
import { AchievementSchema } from '../../server/listings/schemas'
import { createAchievement } from '../../server/listings/achievements'
import { apiAchievement, apiAchievementPage } from '../../server/listings/api-listings'

// GET  /api/v1/achievements  live achievements, a page at a time (public)
// POST /api/v1/achievements  a new draft, validated by AchievementSchema (session or API token)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = parseOr400(request, AchievementListQuery, queryOf(request))
  const { items, total } = await apiAchievementPage(context.services.db, q, context.origin)
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(request, 'GET, POST')
  const caller = await requireApiCaller(request, context)
  const body = withTokenOrg(await readJsonObject(request), caller)
  const input = parseOr400(request, AchievementSchema, body)
  const { db } = context.services
  const id = await apiAttempt(request, () => createAchievement(db, caller.principal, input, caller.meta))
  const created = id ? await apiAchievement(db, caller.principal, id, context.origin) : null
  if (!id || !created) throw new Error('the new achievement could not be read back')
  return apiJson(created, { status: 201, headers: { location: `/api/v1/achievements/${id}` } })
}
