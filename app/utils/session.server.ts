import { redirect, type AppLoadContext } from '@remix-run/node'
import { endSession, startSession } from '../../server/identity/sessions'
import { readSessionToken, requestMeta, sessionCookie } from './auth.server'

/** Signs the user in with a fresh session (rotating any old one) and redirects. */
export async function loginAndRedirect(request: Request, context: AppLoadContext, userId: string, to: string) {
  const { db, config } = context.services
  const old = await readSessionToken(request, context)
  if (old) await endSession(db, old)
  const { token } = await startSession(db, userId, config.SESSION_TTL_DAYS, requestMeta(context))
  return redirect(to, { headers: { 'Set-Cookie': await sessionCookie(config).serialize(token) } })
}

export async function logoutAndRedirect(request: Request, context: AppLoadContext, to = '/') {
  const { db, config } = context.services
  const token = await readSessionToken(request, context)
  if (token) await endSession(db, token)
  return redirect(to, { headers: { 'Set-Cookie': await sessionCookie(config).serialize('', { maxAge: 0 }) } })
}
