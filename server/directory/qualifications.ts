import { z } from 'zod'
import type { Database } from '../../db/index'
import { existingIndustryCodes, industryNames, setManagerQualifications } from '../../db/repos/directory'
import { findManagerProfile } from '../../db/repos/managers'
import { isOrgAdmin } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { forbidden, invalid, notFound } from '../platform/errors'
import { MANAGER_LEVELS, MAX_MANAGER_FIELDS } from './config'

// A manager's level (初级/中级/高级) and fields, as the directory shows them
// (ADR 037): set by the manager on the registration form, or by an admin of
// their agency. Unknown industry codes are refused at the field.

export const QualificationsSchema = z.object({
  level: z.preprocess((v) => (v === '' ? undefined : v), z.enum(MANAGER_LEVELS, { errorMap: () => ({ message: 'errors.invalid' }) }).optional()),
  industryCodes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(40, 'errors.invalid').regex(/^[a-z][a-z0-9._-]*$/, 'errors.invalid')).max(MAX_MANAGER_FIELDS, 'directory.register.errors.fields'),
  ),
})
export type Qualifications = z.infer<typeof QualificationsSchema>

export async function setQualifications(db: Database, actor: Principal, userId: string, input: Qualifications, meta: RequestMeta) {
  const codes = [...new Set(input.industryCodes)]
  return db.transaction().execute(async (trx) => {
    const p = await findManagerProfile(trx, userId, { lock: true })
    if (!p) throw notFound()
    if (p.user_id !== actor.userId && !isOrgAdmin(actor, p.agency_id)) throw forbidden()
    const known = await existingIndustryCodes(trx, codes)
    if (known.length !== codes.length) throw invalid({ industryCodes: ['errors.invalid'] })
    await setManagerQualifications(trx, userId, { level: input.level ?? null, industryCodes: codes })
    await audit(trx, meta, actor.userId, 'manager.qualifications', { type: 'user', id: userId, orgId: p.agency_id }, { level: input.level ?? null, fields: codes.join(',') })
  })
}

/** The fields a manager picks from: the top industries. */
export async function fieldOptions(db: Database) {
  return (await industryNames(db)).filter((i) => !i.parent_code)
}
