import { Form, Link, NavLink, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useState } from 'react'
import type { MessageKey } from '../../server/i18n/catalog'
import type { loader as rootLoader } from '~/root'
import { HeaderSearch } from '~/components/search-box'
import { NotificationBell } from '~/components/notification-bell'
import { useLocale, useT } from '~/utils/i18n'

export function AppHeader() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  // The mobile menu is open for the page it was opened on: any navigation (a link,
  // a language switch) closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null)
  const open = openOn === location.key
  const here = location.pathname + location.search
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">
            科
          </span>
          <span className="brand-text">
            <strong>{t('app.name')}</strong>
            <small>{t('app.tagline')}</small>
          </span>
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={open}
          aria-controls="site-nav"
          onClick={() => setOpenOn(open ? null : location.key)}
        >
          {t('nav.menu')}
        </button>
        <nav id="site-nav" className={`site-nav${open ? ' open' : ''}`} aria-label={t('nav.main')}>
          <ul>
            {/* The brand links home; the list holds where people work. */}
            {data?.nav.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{t(n.label as MessageKey)}</NavLink>
              </li>
            ))}
          </ul>
          <div className="nav-tools">
            <HeaderSearch />
            <Form method="post" action="/set-locale" className="inline-form">
              <input type="hidden" name="locale" value={locale === 'zh-CN' ? 'en' : 'zh-CN'} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="btn btn-ghost lang-switch" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'} aria-label={`${t('nav.language')}: ${t('nav.switchTo')}`}>
                {t('nav.switchTo')}
              </button>
            </Form>
            {data?.user ? (
              <>
                {data.bell ? <NotificationBell room={data.bell.room} unread={data.bell.unread} seq={data.bell.seq} /> : null}
                <NavLink to="/profile" className="user-chip">
                  <span aria-hidden="true" className="avatar">
                    {data.user.name.slice(0, 1)}
                  </span>
                  {data.user.name}
                </NavLink>
                <Form method="post" action="/logout" className="inline-form">
                  <button type="submit" className="btn btn-ghost">
                    {t('nav.logout')}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login" className="btn btn-ghost">
                  {t('nav.login')}
                </Link>
                <Link to="/signup" className="btn btn-primary">
                  {t('nav.signup')}
                </Link>
              </>
            )}
          </div>
        </nav>
      </div>
    </header>
  )
}

export function AppFooter() {
  const t = useT()
  const data = useRouteLoaderData<typeof rootLoader>('root')
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t('app.footer')}</p>
        <p className="footer-links">
          <Link to="/terms">{t('legal.footerTerms')}</Link>
          <Link to="/privacy">{t('legal.footerPrivacy')}</Link>
        </p>
        <p className="muted">
          {t('app.footerNote')}
          {data?.mailboxOpen ? (
            <>
              {' · '}
              <Link to="/dev/mailbox">{t('nav.mailbox')}</Link>
            </>
          ) : null}
        </p>
      </div>
    </footer>
  )
}

export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: React.ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p className="lead">{lead}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  )
}
