import { createCookie, type AppLoadContext } from '@remix-run/node'
import { isLocale, negotiateLocale, type Locale } from '../../server/i18n/catalog'
import { getPrincipal } from './auth.server'

export const localeCookie = createCookie('tm_lang', { path: '/', sameSite: 'lax', maxAge: 365 * 86_400, httpOnly: true })

/** The visitor's choice (cookie), else their account's, else the browser's, Chinese first. */
export async function getLocale(request: Request, context: AppLoadContext): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get('cookie'))
  if (isLocale(chosen)) return chosen
  const principal = await getPrincipal(request, context)
  if (principal && isLocale(principal.locale)) return principal.locale
  return negotiateLocale(request.headers.get('accept-language'))
}
