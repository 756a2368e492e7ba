import { z } from 'zod'
import type { Database } from '../../db/index'
import { findDirectoryManager, industryNames, listDirectoryAgencies, listDirectoryManagers } from '../../db/repos/directory'
import { listDivisions } from '../../db/repos/organisations'
import { creditKey, creditLevels } from '../credit/levels'
import { hasInvalidChar } from '../platform/input'
import { trainingMinutesByUser, trainingRecord } from '../trainings/hours'
import { DIRECTORY_PAGE_SIZE, MANAGER_LEVELS } from './config'

// The public directory of technology-transfer agencies (技术转移服务机构) and
// technology managers (技术经理人), ADR 037: only approved managers of verified
// agencies and verified agencies appear; each shows its level, fields, deals
// brokered (deal rooms with them as manager), credit level when the credit area
// has one, and training hours.

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasInvalidChar(v))
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined)

export const ManagerQuery = z.object({
  industry: text(40),
  level: z.enum(MANAGER_LEVELS).optional().catch(undefined),
  division: text(20),
  q: text(60),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export const AgencyQuery = z.object({ division: text(20), q: text(60), page: z.coerce.number().int().min(1).max(10_000).catch(1) })

export async function directoryOptions(db: Database) {
  const [divisions, industries] = await Promise.all([listDivisions(db), industryNames(db)])
  return { divisions: divisions.map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en })), industries }
}

export async function managerDirectory(db: Database, query: z.infer<typeof ManagerQuery>) {
  const { page, ...f } = query
  const { total, rows } = await listDirectoryManagers(db, f, { limit: DIRECTORY_PAGE_SIZE, offset: (page - 1) * DIRECTORY_PAGE_SIZE })
  const ids = rows.map((r) => r.user_id)
  const [minutes, credit] = await Promise.all([trainingMinutesByUser(db, ids), creditLevels(db, ids.map((id) => ({ kind: 'manager' as const, id })))])
  return {
    total,
    page,
    pageSize: DIRECTORY_PAGE_SIZE,
    rows: rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      level: r.level,
      fields: r.industry_codes,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      divisionCode: r.division_code,
      deals: Number(r.deals),
      credit: credit.get(creditKey({ kind: 'manager', id: r.user_id })) ?? null,
      trainingMinutes: minutes.get(r.user_id) ?? 0,
    })),
  }
}

export async function managerEntry(db: Database, userId: string) {
  const m = await findDirectoryManager(db, userId)
  if (!m) return null
  const [record, credit] = await Promise.all([trainingRecord(db, userId), creditLevels(db, [{ kind: 'manager', id: userId }, { kind: 'org', id: m.agency_id }])])
  return {
    userId: m.user_id,
    name: m.name,
    level: m.level,
    fields: m.industry_codes,
    certificateNo: m.certificate_no,
    since: m.decided_at,
    agencyId: m.agency_id,
    agencyName: m.agency_name,
    divisionCode: m.division_code,
    website: m.website,
    deals: Number(m.deals),
    credit: credit.get(creditKey({ kind: 'manager', id: userId })) ?? null,
    agencyCredit: credit.get(creditKey({ kind: 'org', id: m.agency_id })) ?? null,
    trainingMinutes: record.minutes,
    trainings: record.events,
  }
}

export async function agencyDirectory(db: Database, query: z.infer<typeof AgencyQuery>) {
  const { page, ...f } = query
  const { total, rows } = await listDirectoryAgencies(db, f, { limit: DIRECTORY_PAGE_SIZE, offset: (page - 1) * DIRECTORY_PAGE_SIZE })
  const credit = await creditLevels(db, rows.map((r) => ({ kind: 'org' as const, id: r.id })))
  return {
    total,
    page,
    pageSize: DIRECTORY_PAGE_SIZE,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      nameEn: r.name_en,
      divisionCode: r.division_code,
      description: r.description ?? '',
      website: r.website,
      managers: Number(r.managers),
      deals: Number(r.deals),
      credit: credit.get(creditKey({ kind: 'org', id: r.id })) ?? null,
    })),
  }
}
