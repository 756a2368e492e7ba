import { createCookie, redirect, type AppLoadContext } from '@remix-run/node'
import { isSecureOrigin, type Config } from '../../server/platform/config'
import { principalForToken } from '../../server/identity/sessions'
import { sessionCookieName, sessionTokenFromCookieHeader } from '../../server/identity/session-cookie'
import { can, type Permission } from '../../server/identity/permissions'
import type { Principal, RequestMeta } from '../../server/identity/principal'

// Guards in the Epic Stack manner: each throws a Response, so a loader or
// action reads top to bottom as "who may be here", then "what happens".

const cookies = new WeakMap<Config, ReturnType<typeof createCookie>>()

/** HttpOnly, SameSite=Lax; `__Host-` and Secure when served over HTTPS. */
export function sessionCookie(config: Config) {
  let c = cookies.get(config)
  if (!c) {
    const secure = isSecureOrigin(config)
    c = createCookie(sessionCookieName(config), {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: config.SESSION_TTL_DAYS * 86_400,
    })
    cookies.set(config, c)
  }
  return c
}

export async function readSessionToken(request: Request, context: AppLoadContext): Promise<string | null> {
  // The same reading as the realtime handshake's (server/identity/session-cookie.ts).
  return sessionTokenFromCookieHeader(context.services.config, request.headers.get('cookie'))
}

const principals = new WeakMap<Request, Promise<Principal | null>>()

/** The signed-in principal, looked up once per request. */
export function getPrincipal(request: Request, context: AppLoadContext): Promise<Principal | null> {
  let p = principals.get(request)
  if (!p) {
    p = readSessionToken(request, context).then((token) => (token ? principalForToken(context.services.db, token) : null))
    principals.set(request, p)
  }
  return p
}

/** Anonymous visitors are sent to the login page and brought back afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<Principal> {
  const principal = await getPrincipal(request, context)
  if (principal) return principal
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new Response('Unauthorized', { status: 401 })
  }
  const url = new URL(request.url)
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
}

export async function requireAnonymous(request: Request, context: AppLoadContext) {
  if (await getPrincipal(request, context)) throw redirect('/workspace')
}

export async function requirePermission(request: Request, context: AppLoadContext, perm: Permission) {
  const principal = await requireUser(request, context)
  if (!can(principal, perm)) throw new Response('Forbidden', { status: 403 })
  return principal
}

/** 404 unless the condition holds: used for records that must not reveal they exist. */
export function invariantResponse(condition: unknown, status = 404, message = 'Not found'): asserts condition {
  if (!condition) throw new Response(message, { status })
}

export function requestMeta(context: AppLoadContext): RequestMeta {
  return { ip: context.ip, userAgent: context.userAgent, requestId: context.requestId }
}

/** Only same-site paths, so a login link cannot bounce a user elsewhere (see safe-redirect.ts). */
export { safeRedirect } from './safe-redirect'
