import type { MessageKey } from '../../server/i18n/catalog'
import type { ProductRole } from '../../server/identity/principal'

export interface NavItem {
  to: string
  label: MessageKey
  /** 'public' for every visitor, 'any' for everyone signed in, or the roles that see it. */
  roles: ProductRole[] | 'any' | 'public'
}

// The header's navigation by role. Features add their entries here.
export const NAV_ITEMS: NavItem[] = [
  { to: '/achievements', label: 'nav.achievements', roles: 'public' },
  { to: '/needs', label: 'nav.needs', roles: 'public' },
  { to: '/catalogs', label: 'nav.catalogs', roles: 'public' },
  { to: '/notices', label: 'nav.notices', roles: 'public' },
  { to: '/auctions', label: 'nav.auctions', roles: 'public' },
  { to: '/roadshows', label: 'nav.roadshows', roles: 'public' },
  { to: '/trainings', label: 'training.nav', roles: 'public' },
  { to: '/managers', label: 'directory.nav.managers', roles: 'public' },
  { to: '/workspace', label: 'nav.workspace', roles: 'any' },
  { to: '/todo', label: 'nav.todo', roles: 'any' },
  { to: '/my/achievements', label: 'nav.myAchievements', roles: ['researcher', 'institution_admin'] },
  { to: '/my/needs', label: 'nav.myNeeds', roles: ['enterprise'] },
  { to: '/match-board', label: 'nav.matchBoard', roles: ['manager'] },
  { to: '/my/matches', label: 'nav.myMatches', roles: ['enterprise', 'researcher', 'institution_admin'] },
  { to: '/deals', label: 'nav.deals', roles: 'any' },
  { to: '/contracts', label: 'contract.nav', roles: ['researcher', 'institution_admin', 'enterprise', 'agency_admin', 'city_officer', 'county_officer'] },
  { to: '/registrations', label: 'registration.nav', roles: ['registrar', 'enterprise', 'researcher', 'institution_admin'] },
  { to: '/targets', label: 'target.nav', roles: ['city_officer', 'county_officer'] },
  { to: '/projects', label: 'project.nav', roles: ['city_officer', 'county_officer', 'enterprise'] },
  { to: '/subsidies', label: 'subsidy.nav', roles: ['city_officer', 'county_officer', 'registrar', 'agency_admin', 'enterprise'] },
  { to: '/exchange', label: 'exchange.nav', roles: ['city_officer', 'county_officer', 'platform_admin'] },
  { to: '/admin/orgs', label: 'nav.reviewOrganisations', roles: ['platform_admin'] },
  { to: '/admin/listings', label: 'nav.adminListings', roles: ['platform_admin'] },
  { to: '/admin/auctions', label: 'nav.adminAuctions', roles: ['platform_admin'] },
  { to: '/admin/audit', label: 'nav.audit', roles: ['platform_admin'] },
  { to: '/admin/synonyms', label: 'search.nav.synonyms', roles: ['platform_admin'] },
  { to: '/evaluations', label: 'evaluation.nav', roles: ['city_officer', 'county_officer', 'enterprise'] },
  { to: '/credit', label: 'credit.nav', roles: ['city_officer', 'county_officer', 'agency_admin', 'manager', 'institution_admin'] },
  { to: '/dashboard', label: 'dashboard.nav', roles: ['city_officer', 'county_officer'] },
  { to: '/registrations/figures', label: 'dashboard.figures.nav', roles: ['registrar'] },
  { to: '/assessment', label: 'assessment.nav', roles: ['city_officer', 'county_officer'] },
  { to: '/invoices', label: 'invoice.nav', roles: ['platform_admin', 'enterprise', 'institution_admin', 'agency_admin'] },
  { to: '/articles', label: 'article.nav', roles: 'public' },
  { to: '/results', label: 'portal.nav.results', roles: 'public' },
  { to: '/my/favourites', label: 'portal.nav.favourites', roles: 'any' },
]

export function navFor(roles: ProductRole[] | null) {
  return NAV_ITEMS.filter((i) => i.roles === 'public' || (roles && (i.roles === 'any' || i.roles.some((r) => roles.includes(r)))))
}
