import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLocale } from '../../server/i18n/catalog'
import { getPrincipal, requestMeta, safeRedirect } from '~/utils/auth.server'
import { localeCookie } from '~/utils/locale.server'
import { changeLocale } from '../../server/identity/accounts'

export async function loader() {
  return redirect('/')
}

/** Switches the interface language; remembered in a cookie and on the account. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const locale = form.get('locale')
  if (!isLocale(locale)) throw new Response('Bad locale', { status: 400 })
  const principal = await getPrincipal(request, context)
  if (principal && principal.locale !== locale) await changeLocale(context.services.db, principal.userId, locale, requestMeta(context))
  return redirect(safeRedirect(form.get('redirectTo'), '/'), { headers: { 'Set-Cookie': await localeCookie.serialize(locale) } })
}
