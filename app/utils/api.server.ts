import type { AppLoadContext } from '@remix-run/node'
import type { ZodError, ZodIssue, ZodTypeAny, z } from 'zod'
import { isLocale, isMessageKey, negotiateLocale, type Locale } from '../../server/i18n/catalog'
import { principalForApiToken } from '../../server/identity/api-tokens'
import { DomainError } from '../../server/platform/errors'
import type { Principal, RequestMeta } from '../../server/identity/principal'
import type { FieldErrorDto } from '../../server/listings/api-schemas'
import { getPrincipal, requestMeta } from './auth.server'
import { translateError } from './i18n'
import { DOMAIN_ERROR_STATUS } from './forms.server'

// The JSON API's request handling (routes app/routes/api.v1.*): who is
// calling, in which language, and how failures look. Every failure is thrown
// as a JSON Response {error: {code, message, fields?}}, so a route reads top
// to bottom like the page routes do with their guards.

export type ApiErrorCode =
  | 'invalid'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'method_not_allowed'

/** `?lang=en|zh-CN` first, then Accept-Language; Chinese when neither says otherwise. */
export function apiLocale(request: Request): Locale {
  const lang = new URL(request.url).searchParams.get('lang')
  if (isLocale(lang)) return lang
  if (lang?.toLowerCase().startsWith('en')) return 'en'
  if (lang?.toLowerCase().startsWith('zh')) return 'zh-CN'
  return negotiateLocale(request.headers.get('accept-language'))
}

export function apiJson(body: unknown, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('content-type', 'application/json; charset=utf-8')
  headers.set('cache-control', 'no-store')
  return new Response(JSON.stringify(body), { ...init, headers })
}

export function apiError(
  locale: Locale,
  status: number,
  code: ApiErrorCode,
  messageKey: string,
  fields?: FieldErrorDto[],
  headers?: HeadersInit,
) {
  return apiJson({ error: { code, message: translateError(locale, messageKey), ...(fields?.length ? { fields } : {}) } }, { status, headers })
}

export const methodNotAllowed = (request: Request, allow: string) =>
  apiError(apiLocale(request), 405, 'method_not_allowed', 'api.errors.methodNotAllowed', undefined, { allow })

export interface ApiCaller {
  principal: Principal
  /** The audit metadata, carrying the token's id when a token was used. */
  meta: RequestMeta
  /** The organisation of the bearer token, or null for a session. */
  tokenOrgId: string | null
}

const BEARER = /^Bearer[ ]+([^\s]+)\s*$/i

/**
 * The caller of a write: a bearer API token when an Authorization header is
 * sent (a bad one is refused, never silently replaced by the cookie), else
 * the session cookie. Anonymous → 401 JSON, never a redirect to the login page.
 * Cross-site browser POSTs never get here: server/platform/security.ts refuses them.
 */
export async function requireApiCaller(request: Request, context: AppLoadContext): Promise<ApiCaller> {
  const locale = apiLocale(request)
  const challenge = { 'www-authenticate': 'Bearer realm="techmarket"' }
  const authorization = request.headers.get('authorization')
  if (authorization) {
    const token = BEARER.exec(authorization)?.[1]
    const identity = token ? await principalForApiToken(context.services.db, token) : null
    if (!identity) {
      throw apiError(locale, 401, 'unauthorized', 'api.errors.invalidToken', undefined, { 'www-authenticate': 'Bearer realm="techmarket", error="invalid_token"' })
    }
    return { principal: identity.principal, meta: { ...requestMeta(context), apiTokenId: identity.tokenId }, tokenOrgId: identity.orgId }
  }
  const principal = await getPrincipal(request, context)
  if (!principal) throw apiError(locale, 401, 'unauthorized', 'api.errors.unauthorized', undefined, challenge)
  return { principal, meta: requestMeta(context), tokenOrgId: null }
}

/** With an API token, `orgId` may be left out: it is the token's organisation. */
export function withTokenOrg(body: Record<string, unknown>, caller: ApiCaller) {
  return caller.tokenOrgId && body.orgId === undefined ? { ...body, orgId: caller.tokenOrgId } : body
}

/** The request body as a JSON object; 415 for another content type, 400 for bad JSON. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const locale = apiLocale(request)
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw apiError(locale, 415, 'unsupported_media_type', 'api.errors.mediaType')
  let body: unknown
  try {
    body = JSON.parse(await request.text())
  } catch {
    throw apiError(locale, 400, 'invalid_json', 'api.errors.json')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw apiError(locale, 400, 'invalid_json', 'api.errors.jsonObject')
  return body as Record<string, unknown>
}

/** A zod path as the form field name Conform uses: contributors[0].share */
export function fieldPath(path: (string | number)[]) {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '')
}

/** The schema's message is a catalog key; zod's own English messages become one. */
function issueKey(issue: ZodIssue) {
  const [key] = issue.message.split('|')
  if (key && isMessageKey(key)) return issue.message
  if (issue.code === 'invalid_type') {
    return issue.received === 'undefined' ? 'errors.required' : `api.errors.type|expected=${issue.expected}&received=${issue.received}`
  }
  return 'errors.invalid'
}

const codeOf = (key: string) => key.split('|')[0]!.replace(/^(api\.)?errors\./, '')

export function fieldErrorsOf(locale: Locale, error: ZodError): FieldErrorDto[] {
  return error.issues.map((issue) => {
    const key = issueKey(issue)
    return { path: fieldPath(issue.path), code: codeOf(key), message: translateError(locale, key) }
  })
}

/** Parses with the schema; a failure is a 400 listing every field error, translated. */
export function parseOr400<S extends ZodTypeAny>(request: Request, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const locale = apiLocale(request)
  throw apiError(locale, 400, 'invalid', 'api.errors.invalid', fieldErrorsOf(locale, result.error))
}

/** The query string as an object for a schema, empty parameters left out. */
export function queryOf(request: Request) {
  const out: Record<string, string> = {}
  for (const [k, v] of new URL(request.url).searchParams) if (v !== '' && k !== 'lang') out[k] = v
  return out
}

/** Runs a domain call; a DomainError becomes the JSON error reply (as attempt() does for forms). */
export async function apiAttempt<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const locale = apiLocale(request)
    const fields = Object.entries(err.fieldErrors).flatMap(([path, keys]) =>
      keys.map((key) => ({ path, code: codeOf(key), message: translateError(locale, key) })),
    )
    const messageKey =
      fields.length && err.kind === 'invalid' ? 'api.errors.invalid' : err.messageKey === 'errors.notFound' ? 'api.errors.notFound' : err.messageKey
    throw apiError(locale, DOMAIN_ERROR_STATUS[err.kind], err.kind, messageKey, fields)
  }
}

/** The next page's absolute URL, or null on the last page. */
export function nextPage(request: Request, origin: string, page: number, pageSize: number, total: number) {
  if (page * pageSize >= total) return null
  const url = new URL(request.url)
  url.searchParams.set('page', String(page + 1))
  url.searchParams.set('pageSize', String(pageSize))
  return `${origin}${url.pathname}${url.search}`
}
