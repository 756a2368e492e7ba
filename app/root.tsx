import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { AppFooter, AppHeader } from '~/components/layout'
import { translate } from '../server/i18n/catalog'
import appStyles from '~/styles/app.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { getLocale } from '~/utils/locale.server'
import { navFor } from '~/utils/navigation'
import { productRoles } from '../server/identity/principal'
import { mailboxOpen, mayReadMailbox } from '../server/platform/mailbox'
import { bellFor } from '../server/notifications/centre'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [principal, locale] = await Promise.all([getPrincipal(request, context), getLocale(request, context)])
  const roles = principal ? [...productRoles(principal)] : []
  // The bell's figures for the signed-in only: anonymous pages (and so the page cache, ADR 020) never query or carry them.
  const bell = principal ? { room: `user:${principal.userId}`, ...(await bellFor(context.services.db, principal.userId)) } : null
  return {
    locale,
    cspNonce: context.cspNonce,
    user: principal ? { name: principal.name, email: principal.email, roles } : null,
    bell,
    nav: navFor(principal ? roles : null).map((n) => ({ to: n.to, label: n.label, public: n.roles === 'public' })),
    // The footer links the development mailbox for the platform admin only (server/platform/mailbox.ts).
    mailboxOpen: mailboxOpen(context.services.config.SMTP_URL) && mayReadMailbox(principal),
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? 'zh-CN'
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f8a" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={data?.cspNonce} />
        <Scripts nonce={data?.cspNonce} />
      </body>
    </html>
  )
}

export default function App() {
  useLoaderData<typeof loader>()
  return (
    <>
      <AppHeader />
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <AppFooter />
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? 'zh-CN'
  const status = isRouteErrorResponse(error) ? error.status : 500
  const key = status === 401 || status === 403 || status === 404 ? (`errors.status.${status}` as const) : 'errors.title'
  const body =
    status === 404 ? 'errors.notFound' : status === 403 ? 'errors.forbidden' : status === 401 ? 'errors.unauthorized' : 'errors.server'
  return (
    <>
      {data ? <AppHeader /> : null}
      <main id="main" className="main">
        <section className="error-page container narrow">
          <p className="error-code">{status}</p>
          <h1>{translate(locale, key)}</h1>
          <p>{translate(locale, body)}</p>
          <a className="btn btn-primary" href="/">
            {translate(locale, 'errors.goHome')}
          </a>
        </section>
      </main>
    </>
  )
}
