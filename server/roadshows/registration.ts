import type { Database } from '../../db/index'
import { deleteRegistration } from '../../db/repos/roadshow-schedule'
import { insertRegistration, isRegistered, lockRoadshow } from '../../db/repos/roadshows'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, notFound } from '../platform/errors'
import { roadshowRoles } from './access'

// 报名 (ADR 033): whoever may take part registers before or during a
// roadshow to get its reminder; registering twice is one registration. The
// organisation recorded is the viewer's verified enterprise when they have
// one (the report counts enterprises), else their first verified one.

function registeringOrg(p: Principal) {
  const verified = p.memberships.filter((m) => m.orgStatus === 'verified')
  return (verified.find((m) => m.orgType === 'enterprise') ?? verified[0])?.orgId ?? null
}

export async function setRegistration(db: Database, actor: Principal, roadshowId: string, register: boolean, meta: RequestMeta) {
  const access = await roadshowRoles(db, actor, roadshowId)
  if (!access) throw notFound()
  if (!access.roles.participate) throw conflict('roadshow.page.errors.mayNotRegister')
  return db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, roadshowId)
    if (!rs) throw notFound()
    if (register) {
      if (rs.status !== 'scheduled' && rs.status !== 'live') throw conflict('roadshow.page.errors.registrationClosed')
      if (await isRegistered(trx, roadshowId, actor.userId)) return { registered: true }
      const orgId = registeringOrg(actor)
      await insertRegistration(trx, { roadshowId, userId: actor.userId, orgId })
      await audit(trx, meta, actor.userId, 'roadshow.register', { type: 'roadshow', id: roadshowId, orgId: rs.org_id }, { orgId })
      return { registered: true }
    }
    if (await deleteRegistration(trx, roadshowId, actor.userId))
      await audit(trx, meta, actor.userId, 'roadshow.unregister', { type: 'roadshow', id: roadshowId, orgId: rs.org_id })
    return { registered: false }
  })
}
