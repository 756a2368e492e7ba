import type { Database } from '../../db/index'
import { listDivisions, listUserOrganisations } from '../../db/repos/organisations'
import { enterpriseHasProjects } from '../projects/workspace'
import { officerScope, productRoles, type Principal, type ProductRole } from './principal'

export interface WorkspaceCard {
  key: string
  title: string
  text: string
  params?: Record<string, string>
  /** Where it leads; absent while the feature is still to come. */
  to?: string
}

const ROLE_ORDER: ProductRole[] = [
  'platform_admin', 'city_officer', 'county_officer', 'registrar', 'agency_admin', 'manager', 'institution_admin', 'researcher', 'enterprise',
]

/** What the signed-in user's workspace shows: their roles, scope and the tools each role opens. */
export async function workspaceFor(db: Database, p: Principal) {
  const roleSet = productRoles(p)
  const roles = ROLE_ORDER.filter((r) => roleSet.has(r))
  const memberships = await listUserOrganisations(db, p.userId)
  const cards: WorkspaceCard[] = []
  const add = (c: WorkspaceCard) => {
    if (!cards.some((x) => x.key === c.key)) cards.push(c)
  }
  if (roleSet.has('platform_admin')) {
    add({ key: 'reviewOrgs', title: 'workspace.card.reviewOrgs', text: 'workspace.card.reviewOrgsText', to: '/admin/orgs' })
    add({ key: 'moderation', title: 'workspace.card.moderation', text: 'workspace.card.moderationText', to: '/admin/listings' })
    add({ key: 'audit', title: 'workspace.card.audit', text: 'workspace.card.auditText', to: '/admin/audit' })
  }
  if (roleSet.has('city_officer') || roleSet.has('county_officer')) add({ key: 'targets', title: 'workspace.card.targets', text: 'workspace.card.targetsText' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer') || roleSet.has('enterprise')) add({ key: 'evaluations', title: 'evaluation.card.title', text: 'evaluation.card.text', to: '/evaluations' })
  if (['city_officer', 'county_officer', 'agency_admin', 'manager', 'institution_admin'].some((r) => roleSet.has(r as ProductRole))) add({ key: 'credit', title: 'credit.card.title', text: 'credit.card.text', to: '/credit' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer')) add({ key: 'dashboard', title: 'dashboard.card.title', text: 'dashboard.card.text', to: '/dashboard' })
  if (roleSet.has('registrar')) add({ key: 'registrarFigures', title: 'dashboard.card.figures', text: 'dashboard.card.figuresText', to: '/registrations/figures' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer')) add({ key: 'trainings', title: 'workspace.card.trainings', text: 'workspace.card.trainingsText', to: '/trainings' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer')) add({ key: 'assessment', title: 'assessment.card.title', text: roleSet.has('city_officer') ? 'assessment.card.textCity' : 'assessment.card.textCounty', to: '/assessment' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer') || roleSet.has('platform_admin')) add({ key: 'exchange', title: 'exchange.card', text: 'exchange.cardText', to: '/exchange' })
  if (roleSet.has('city_officer') || roleSet.has('county_officer')) add({ key: 'targets', title: 'workspace.card.targets', text: 'workspace.card.targetsText', to: '/targets' })
  if (roleSet.has('registrar')) add({ key: 'registrations', title: 'workspace.card.registrations', text: 'workspace.card.registrationsText', to: '/registrations' })
  if (roleSet.has('manager')) add({ key: 'matchBoard', title: 'workspace.card.matchBoard', text: 'workspace.card.matchBoardText', to: '/match-board' })
  if (roleSet.has('institution_admin') || roleSet.has('researcher')) add({ key: 'achievements', title: 'workspace.card.achievements', text: 'workspace.card.achievementsText', to: '/my/achievements' })
  if (roleSet.has('institution_admin') || memberships.some((m) => m.orgType === 'enterprise' && m.role !== 'member')) {
    add({ key: 'review', title: 'workspace.card.review', text: 'workspace.card.reviewText', to: '/review' })
  }
  if (roleSet.has('institution_admin')) {
    add({ key: 'catalog', title: 'workspace.card.catalog', text: 'workspace.card.catalogText', to: '/catalogs/manage' })
    add({ key: 'import', title: 'workspace.card.import', text: 'workspace.card.importText', to: '/achievements/import' })
  }
  if (roleSet.has('enterprise') && (await enterpriseHasProjects(db, p))) add({ key: 'projects', title: 'project.workspace.card', text: 'project.workspace.cardText', to: '/projects' })
  if (roleSet.has('enterprise')) add({ key: 'needs', title: 'workspace.card.needs', text: 'workspace.card.needsText', to: '/my/needs' })
  if (roleSet.has('institution_admin') || roleSet.has('researcher') || roleSet.has('enterprise')) {
    add({ key: 'myMatches', title: 'workspace.card.myMatches', text: 'workspace.card.myMatchesText', to: '/my/matches' })
  }
  if (roleSet.has('institution_admin') || roleSet.has('enterprise')) {
    add({ key: 'feedback', title: 'workspace.card.feedback', text: 'workspace.card.feedbackText', to: '/my/feedback' })
  }
  for (const m of memberships) {
    if (m.role === 'owner' || m.role === 'admin') {
      add({ key: `members-${m.orgId}`, title: 'workspace.card.members', text: 'workspace.card.membersText', params: { org: m.orgName }, to: `/orgs/${m.orgId}` })
    }
  }
  if (memberships.length === 0) add({ key: 'newOrg', title: 'nav.newOrganisation', text: 'org.newLead', to: '/orgs/new' })
  if (!p.manager) add({ key: 'manager', title: 'nav.registerManager', text: 'manager.lead', to: '/manager/register' })

  const scope = officerScope(p)
  const divisions = scope === 'all' || scope.length === 0 ? [] : await listDivisions(db)
  return {
    name: p.name,
    roles,
    memberships,
    scope:
      scope === 'all'
        ? ('all' as const)
        : scope.length
          ? divisions.filter((d) => scope.includes(d.code)).map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en }))
          : null,
    cards,
  }
}
