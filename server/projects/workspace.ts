import type { Executor } from '../../db/index'
import { anyProjectOf } from '../../db/repos/projects'

/** Whether one of the user's verified enterprises has a transformation project (the workspace then offers /projects). */
export function enterpriseHasProjects(db: Executor, p: { memberships: { orgId: string; orgType: string; orgStatus: string }[] }) {
  return anyProjectOf(db, p.memberships.filter((m) => m.orgType === 'enterprise' && m.orgStatus === 'verified').map((m) => m.orgId))
}
