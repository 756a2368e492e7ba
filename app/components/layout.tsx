import { Form, Link, NavLink, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useState } from 'react'
import type { MessageKey } from '../../server/i18n/catalog'
import type { loader as rootLoader } from '~/root'
import { HeaderSearch } from '~/components/search-box'
import { NotificationBell } from '~/components/notification-bell'
import { useLocale, useT } from '~/utils/i18n'
import { portalConfigOn } from '../../server/portal/config'

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
  const publicNav = (data?.nav ?? []).filter((n) => n.public)
  const workNav = (data?.nav ?? []).filter((n) => !n.public)
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
        {/* Desktop: the tools sit beside the brand and the navigation takes a row of its own
            (the portal's entries, then the visitor's work); at 390 px all of it folds behind 菜单. */}
        <div id="site-nav" className={`site-menu${open ? ' open' : ''}`}>
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
          <nav className="site-nav" aria-label={t('nav.main')}>
            {/* The brand links home; the first list is the public portal, the second where the visitor works. */}
            <ul className="nav-public">
              {publicNav.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to}>{t(n.label as MessageKey)}</NavLink>
                </li>
              ))}
            </ul>
            {workNav.length ? (
              <ul className="nav-work">
                {workNav.map((n) => (
                  <li key={n.to}>
                    <NavLink to={n.to}>{t(n.label as MessageKey)}</NavLink>
                  </li>
                ))}
              </ul>
            ) : null}
          </nav>
        </div>
      </div>
    </header>
  )
}

export function AppFooter() {
  const t = useT()
  const locale = useLocale()
  const data = useRouteLoaderData<typeof rootLoader>('root')
  // Organiser, contact and filing numbers are configuration (server/portal/config.ts).
  const cfg = portalConfigOn()
  const l = (v: { zh: string; en: string }) => (locale === 'en' ? v.en : v.zh)
  const colon = locale === 'en' ? ': ' : '：'
  return (
    <footer className="site-footer">
      <div className="container footer-grid">
        <div>
          <p className="footer-title">{t('app.name')}</p>
          <p>
            {t('portal.footer.organiser')}{colon}{l(cfg.organiser)}
          </p>
          <p>
            {t('portal.footer.operator')}{colon}{l(cfg.operator)}
          </p>
          <p>
            {t('portal.footer.address')}{colon}{l(cfg.address)}
          </p>
          <p>
            {t('portal.footer.phone')}{colon}{cfg.phone} · {t('portal.footer.email')}{colon}<a href={`mailto:${cfg.email}`}>{cfg.email}</a>
          </p>
        </div>
        <div>
          <p className="footer-title">{t('portal.footer.links')}</p>
          <p className="footer-links">
            <Link to="/articles">{t('article.nav')}</Link>
            <Link to="/results">{t('portal.nav.results')}</Link>
            <Link to="/terms">{t('legal.footerTerms')}</Link>
            <Link to="/privacy">{t('legal.footerPrivacy')}</Link>
            <Link to="/api">API</Link>
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
      </div>
      <div className="container footer-filing">
        <a href={cfg.icp.url} rel="noopener noreferrer" target="_blank">
          {cfg.icp.number}
        </a>
        <a href={cfg.psb.url} rel="noopener noreferrer" target="_blank">
          {cfg.psb.number}
        </a>
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
