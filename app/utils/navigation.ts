import type { MessageKey } from '~/i18n/catalog'
import type { ProductRole } from '../../server/principal'

export interface NavItem {
  to: string
  label: MessageKey
  /** Shown to signed-in users with any of these roles; 'any' for everyone signed in. */
  roles: ProductRole[] | 'any'
}

// The header's navigation by role. Later features add their entries here.
export const NAV_ITEMS: NavItem[] = [
  { to: '/workspace', label: 'nav.workspace', roles: 'any' },
  { to: '/admin/orgs', label: 'nav.reviewOrganisations', roles: ['platform_admin'] },
  { to: '/admin/audit', label: 'nav.audit', roles: ['platform_admin'] },
]

export function navFor(roles: ProductRole[]) {
  return NAV_ITEMS.filter((i) => i.roles === 'any' || i.roles.some((r) => roles.includes(r)))
}
